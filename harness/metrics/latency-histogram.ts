import * as hdr from 'hdr-histogram-js';

/** Latency percentiles in milliseconds, computed once from a (merged) histogram. */
export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  p999: number;
  max: number;
  mean: number;
}

/**
 * Latencies are recorded in microseconds (1 µs to 1 h, 3 significant digits), so sub-millisecond produce
 * acks keep their resolution; processes ship the encoded histogram, never percentiles.
 */
export function newLatencyHistogram(): hdr.Histogram {
  return hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 3_600_000_000,
    numberOfSignificantValueDigits: 3,
    bitBucketSize: 64,
    useWebAssembly: false,
  });
}

const toMicros = (ms: number) => Math.min(3_600_000_000, Math.max(1, Math.round(ms * 1000)));

export function recordMs(histogram: hdr.Histogram, ms: number, count = 1): void {
  const micros = toMicros(ms);
  if (count === 1) histogram.recordValue(micros);
  else histogram.recordValueWithCount(micros, count);
}

export function encodeHistogram(histogram: hdr.Histogram): string {
  return hdr.encodeIntoCompressedBase64(histogram);
}

export function decodeHistogram(encoded: string): hdr.Histogram {
  const decoded = hdr.decodeFromCompressedBase64(encoded, 64, false);
  const histogram = newLatencyHistogram();
  histogram.add(decoded);
  return histogram;
}

/** Adds every encoded histogram into one, the only correct way to combine percentiles across processes. */
export function mergeHistograms(encoded: string[]): hdr.Histogram {
  const merged = newLatencyHistogram();
  for (const one of encoded) merged.add(decodeHistogram(one));
  return merged;
}

export function summarize(histogram: hdr.Histogram): LatencySummary {
  const ms = (micros: number) => Math.round(micros) / 1000;
  const count = histogram.totalCount;
  if (count === 0) return { count: 0, p50: 0, p95: 0, p99: 0, p999: 0, max: 0, mean: 0 };
  return {
    count,
    p50: ms(histogram.getValueAtPercentile(50)),
    p95: ms(histogram.getValueAtPercentile(95)),
    p99: ms(histogram.getValueAtPercentile(99)),
    p999: ms(histogram.getValueAtPercentile(99.9)),
    max: ms(histogram.maxValue),
    mean: ms(histogram.mean),
  };
}

/** Records into one histogram, folding a run of equal latencies into one call. */
export interface RunLengthRecorder {
  record(ms: number): void;
  /** Records the run still held; call before the histogram is read. */
  flush(): void;
}

/**
 * A consumer batch holds runs of messages that one produce batch sent at one moment and that arrive together, so
 * they share a latency: recording each run once with its count costs the processor one call per run, not per
 * message, and records exactly the same histogram.
 */
export function runLengthRecorder(histogram: hdr.Histogram): RunLengthRecorder {
  let micros = 0;
  let count = 0;
  const flush = () => {
    if (count === 1) histogram.recordValue(micros);
    else if (count > 1) histogram.recordValueWithCount(micros, count);
    count = 0;
  };
  return {
    record(ms) {
      const value = toMicros(ms);
      if (value !== micros) {
        flush();
        micros = value;
      }
      count++;
    },
    flush,
  };
}

/**
 * A reader of `histogram`'s p99 over what it recorded since the previous read, in ms (undefined when nothing was):
 * the running histogram minus a snapshot, so the hot path records each latency once. A read costs a pass over the
 * histogram's buckets, about a millisecond; it is meant for once a second.
 */
export function p99SinceLastRead(histogram: hdr.Histogram, flush: () => void): () => number | undefined {
  const previous = newLatencyHistogram();
  return () => {
    flush();
    const interval = newLatencyHistogram();
    interval.add(histogram);
    interval.subtract(previous);
    previous.reset();
    previous.add(histogram);
    return interval.totalCount === 0 ? undefined : interval.getValueAtPercentile(99) / 1000;
  };
}
