import type { Envelope } from './envelope.ts';

/** `cpu`: a simple, flat record, per-core CPU usage of a host. */
export interface CpuMessage {
  meta: Envelope;
  host: string;
  core: number;
  usage: number;
}

/** `bus`: a complex, nested record of a city bus's telemetry. */
export interface BusMessage {
  meta: Envelope;
  vehicleId: string;
  route: { id: string; name: string; direction: string };
  position: { lat: number; lon: number; heading: number };
  passengers: number;
  capacity: number;
  speedKmh: number;
  readings: Array<{ sensor: string; value: number; unit: string }>;
  recordedAt: number;
}

/** `bytes`: a random payload of `messageSize` bytes. */
export interface BytesMessage {
  meta: Envelope;
  payload: Buffer;
}

export type MessageKind = 'cpu' | 'bus' | 'bytes';
export type AnyMessage = CpuMessage | BusMessage | BytesMessage;

/** The numeric value tasks aggregate and sinks store, whatever the message kind. */
export function numericValueOf(kind: MessageKind, message: AnyMessage): number {
  switch (kind) {
    case 'cpu':
      return (message as CpuMessage).usage;
    case 'bus':
      return (message as BusMessage).passengers;
    case 'bytes':
      return (message as BytesMessage).payload.length;
  }
}
