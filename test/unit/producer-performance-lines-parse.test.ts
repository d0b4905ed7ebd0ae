import { describe, expect, it } from 'vitest';
import { measuredRate, parseWindowLine, reportingIntervalMs } from '../../harness/workload/producer-performance.ts';

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

  const window = (endSecond: number, records: number, recordsPerSec: number) => ({
    endSecond,
    records,
    recordsPerSec,
    mbPerSec: recordsPerSec / 1000,
    avgLatencyMs: 1,
    maxLatencyMs: 1,
  });

  it('covers the whole measured phase: windows that straddle its edges count with the share inside it', () => {
    // A 4-s warm-up and a 10-s phase [4, 14); the tool's 5-s windows end at 5, 10, 15 and 20. The old rule kept only
    // windows wholly inside the phase: [5, 10] alone, 5 s of 10 (what the committed baselines show).
    const rate = measuredRate([window(5, 5000, 1000), window(10, 10000, 2000), window(15, 15000, 3000), window(20, 100, 20)], 4, 14);
    expect(rate).toEqual({ recordsPerSec: (1000 * 1 + 2000 * 5 + 3000 * 4) / 10, mbPerSec: 2.3, windows: 3, coverage: 1 });
  });

  it('says how much of the phase the windows cover, and gives nothing when none overlaps it', () => {
    expect(measuredRate([window(10, 10000, 2000)], 4, 14)?.coverage).toBeCloseTo(0.5, 10);
    expect(measuredRate([window(4, 5000, 1000)], 4, 14)).toBeUndefined();
  });

  it('asks for 1-second windows from Kafka 4.2, where --reporting-interval exists', () => {
    expect(reportingIntervalMs('4.1.1')).toBe(5000);
    expect(reportingIntervalMs('3.9.1')).toBe(5000);
    expect(reportingIntervalMs('4.2.0')).toBe(1000);
    expect(reportingIntervalMs('4.4.0')).toBe(1000);
  });
});
