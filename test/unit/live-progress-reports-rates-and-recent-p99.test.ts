import { describe, expect, it } from 'vitest';
import { liveLine } from '../../harness/cli/run-progress.ts';
import { newLatencyHistogram, p99SinceLastRead, recordMs } from '../../harness/metrics/latency-histogram.ts';

describe("--plain's periodic line", () => {
  it('gives the mean rates and the worst second’s p99 of the seconds it covers', () => {
    const line = liveLine([
      { ackedPerSec: 1000, processedPerSec: 900 },
      { ackedPerSec: 2000, processedPerSec: 2100, p99Ms: 4.25 },
      { ackedPerSec: 3000, processedPerSec: 3000, p99Ms: 12.5 },
    ]);
    expect(line).toBe('2,000 msg/s acknowledged, 2,000 processed, end-to-end p99 12.5 ms (worst second) (last 3 s)');
  });

  it('leaves out what a producer-only cell or the warm-up does not have', () => {
    expect(liveLine([{ ackedPerSec: 10 }, { ackedPerSec: 20 }])).toBe('15 msg/s acknowledged (last 2 s)');
  });
});

describe('the p99 since the last read', () => {
  it('covers only what was recorded since the previous read', () => {
    const histogram = newLatencyHistogram();
    const read = p99SinceLastRead(histogram, () => {});
    expect(read()).toBeUndefined();
    for (let i = 1; i <= 100; i++) recordMs(histogram, 1000);
    expect(read()).toBeCloseTo(1000, -1);
    for (let i = 1; i <= 100; i++) recordMs(histogram, i);
    // The first second's 1,000 ms values are still in the histogram, but not in this read.
    expect(read()).toBeCloseTo(99, 0);
    expect(read()).toBeUndefined();
  });

  it('flushes what the hot path batched before reading', () => {
    const histogram = newLatencyHistogram();
    let flushed = 0;
    const read = p99SinceLastRead(histogram, () => {
      flushed++;
      recordMs(histogram, 7);
    });
    expect(read()).toBeCloseTo(7, 1);
    expect(flushed).toBe(1);
  });
});
