import { randomFillSync } from 'node:crypto';
import type { Envelope } from './envelope.ts';
import type { AnyMessage, BusMessage, BytesMessage, CpuMessage, MessageKind } from './message-types.ts';

const routes = [
  { id: '12', name: 'Harbour - University', direction: 'outbound' },
  { id: '31', name: 'Old Town Loop', direction: 'inbound' },
  { id: '7N', name: 'Night Line North', direction: 'outbound' },
];
const sensors = [
  { sensor: 'engine-temp', unit: 'C', base: 90 },
  { sensor: 'fuel-level', unit: '%', base: 60 },
  { sensor: 'tyre-pressure', unit: 'bar', base: 8.5 },
  { sensor: 'cabin-co2', unit: 'ppm', base: 700 },
  { sensor: 'door-cycles', unit: 'count', base: 120 },
];

/**
 * Random payloads are drawn from a pool made once per size: filling every message with fresh random bytes took a
 * third of a generator's CPU at max rate (its CPU profile), where Kafka's ProducerPerformance sends one payload
 * over and over. 4,096 distinct incompressible payloads keep a batch of up to a megabyte mostly free of repeats,
 * so compression variants are not flattered by a repetitive payload.
 */
const payloadPoolSize = 4096;
const payloadPools = new Map<number, Buffer[]>();

/** The pool of random payloads of one size (4,096 of them: a power of two, so a mask picks one). */
export function payloadPool(size: number): Buffer[] {
  let pool = payloadPools.get(size);
  if (!pool) {
    pool = Array.from({ length: payloadPoolSize }, () => randomFillSync(Buffer.allocUnsafe(size)));
    payloadPools.set(size, pool);
  }
  return pool;
}

/** Builds message number `meta.seq` for `key`; `random` is the producer's seeded stream. */
export function makeMessage(kind: MessageKind, key: number, meta: Envelope, random: () => number, messageSize = 1024): AnyMessage {
  switch (kind) {
    case 'cpu':
      return { meta, host: `host-${key}`, core: Math.floor(random() * 16), usage: Math.round(random() * 10_000) / 100 } satisfies CpuMessage;
    case 'bus': {
      const capacity = 80 + (key % 3) * 20;
      return {
        meta,
        vehicleId: `bus-${key}`,
        route: routes[key % routes.length]!,
        position: { lat: 60.17 + random() * 0.1, lon: 24.94 + random() * 0.1, heading: Math.floor(random() * 360) },
        passengers: Math.floor(random() * (capacity + 1)),
        capacity,
        speedKmh: Math.round(random() * 600) / 10,
        readings: sensors.map(({ sensor, unit, base }) => ({ sensor, unit, value: Math.round(base * (0.9 + random() * 0.2) * 100) / 100 })),
        recordedAt: Math.floor(meta.intendedAt),
      } satisfies BusMessage;
    }
    case 'bytes':
      return { meta, payload: payloadPool(messageSize)[Math.floor(random() * payloadPoolSize)]! } satisfies BytesMessage;
  }
}
