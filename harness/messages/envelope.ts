/** What every message carries so the processor can measure latency and find loss by sequence number. */
export interface Envelope {
  producerId: number;
  seq: number;
  /** When the message was handed to the client (ms since the epoch, sub-millisecond). */
  sentAt: number;
  /** When the fixed-rate schedule meant to send it; equals sentAt at max rate. Corrects coordinated omission. */
  intendedAt: number;
}
