import type { Histogram } from 'hdr-histogram-js';
import { mergeHistograms } from '../metrics/latency-histogram.ts';

/** Points of an HdrHistogram percentile plot: latency at 0 %, 90 %, 99 %, 99.9 %, … on a 1/(1-p) axis. */
export interface CurvePoint {
  percentile: number;
  /** 1 / (1 - percentile/100): the x of the classic HdrHistogram plot on a log scale. */
  oneInN: number;
  latencyMs: number;
}

/** One repetition's curve. */
export interface RepetitionCurve {
  variant: string;
  repetition: number;
  points: CurvePoint[];
}

const percentiles = [0, 10, 25, 50, 75, 80, 90, 95, 97, 98, 99, 99.5, 99.7, 99.9, 99.95, 99.97, 99.99, 99.995, 99.999];

/** The curve of several encoded histograms merged; percentiles beyond what the count supports are left out. */
export function percentileCurve(encoded: string[]): CurvePoint[] {
  return histogramToCurve(mergeHistograms(encoded));
}

/** The curve of one (merged) histogram. */
export function histogramToCurve(merged: Histogram): CurvePoint[] {
  if (merged.totalCount === 0) return [];
  return percentiles
    .filter((p) => p === 0 || 100 / (100 - p) <= merged.totalCount)
    .map((percentile) => ({ percentile, oneInN: 1 / (1 - percentile / 100), latencyMs: merged.getValueAtPercentile(percentile) / 1000 }));
}
