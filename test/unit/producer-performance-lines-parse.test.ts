import { describe, expect, it } from 'vitest';
import { measuredRate, parseWindowLine } from '../../harness/workload/producer-performance.ts';

describe('ProducerPerformance window lines', () => {
  it('reads records, records/s, MiB/s as MB/s, and latencies', () => {
    expect(parseWindowLine('148321 records sent, 29658.3 records/sec (5.66 MB/sec), 1064.2 ms avg latency, 1513.0 ms max latency.', 10)).toEqual({
      endSecond: 10,
      records: 148321,
      recordsPerSec: 29658.3,
      mbPerSec: 5.66 * 1.048576,
      avgLatencyMs: 1064.2,
      maxLatencyMs: 1513,
    });
    expect(
      parseWindowLine('300000 records sent, 28779.7 records/sec (5.49 MB/sec), 3443.22 ms avg latency, 4386.00 ms max latency, 3519 ms 50th, 4335 ms 95th', 12),
    ).toBeUndefined();
  });

  it('keeps only windows inside the measured phase and weighs them by their length', () => {
    const window = (endSecond: number, records: number, recordsPerSec: number) => ({
      endSecond,
      records,
      recordsPerSec,
      mbPerSec: 1,
      avgLatencyMs: 1,
      maxLatencyMs: 1,
    });
    // Windows of 5 s ending at 6 (warm-up), 11 and 16 (measured 5..16), and 21 (after).
    const rate = measuredRate([window(6, 5000, 1000), window(11, 10000, 2000), window(16, 15000, 3000), window(21, 100, 20)], 5, 16);
    expect(rate).toEqual({ recordsPerSec: 25000 / 10, mbPerSec: 1, windows: 2 });
    expect(measuredRate([window(6, 5000, 1000)], 5, 16)).toBeUndefined();
  });
});
