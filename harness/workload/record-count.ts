import { encodeHistogram, newLatencyHistogram } from '../metrics/latency-histogram.ts';
import type { MeasureWindow, ProcessorReport } from './ipc.ts';

/**
 * The books of a processor that counts records without reading them (`processor.kind` bare or
 * consumer-performance): how many arrived, per second of the cell and inside the measured window. With no sequence
 * numbers read there is no loss, duplicate or end-to-end latency figure: the report says `sequenced: false`.
 */
export function recordCount() {
  let window: MeasureWindow | undefined;
  let received = 0;
  const measured = { received: 0, bytes: 0 };
  const consumedPerSecond: number[] = [];
  return {
    setWindow(next: MeasureWindow) {
      window = next;
    },
    get received() {
      return received;
    },
    /**
     * `count` records of `bytes` arrived between `from` and `to` (nowMs() times; equal for a batch that arrived at
     * once). A span that straddles a window edge counts in proportion, as if its records arrived evenly.
     */
    add(count: number, bytes: number, from: number, to: number) {
      received += count;
      if (!window) return;
      const second = Math.floor((to - window.startAt) / 1000);
      if (second >= 0) consumedPerSecond[second] = (consumedPerSecond[second] ?? 0) + count;
      const overlap =
        to > from
          ? Math.max(0, Math.min(to, window.measureEnd) - Math.max(from, window.measureStart)) / (to - from)
          : Number(to >= window.measureStart && to < window.measureEnd);
      measured.received += count * overlap;
      measured.bytes += bytes * overlap;
    },
    report(processorId: number, firstError?: string): ProcessorReport {
      const empty = encodeHistogram(newLatencyHistogram());
      return {
        processorId,
        sequenced: false,
        received,
        unique: received,
        duplicates: 0,
        measured: { received: Math.round(measured.received), bytes: Math.round(measured.bytes) },
        endToEnd: empty,
        endToEndCorrected: empty,
        receivedSeqs: {},
        consumedPerSecond: Array.from(consumedPerSecond, (count) => count ?? 0),
        persisted: 0,
        persistedMeasured: 0,
        task: {},
        ...(firstError ? { firstError } : {}),
      };
    },
  };
}
