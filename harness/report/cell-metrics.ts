import type { LatencySummary } from '../metrics/latency-histogram.ts';
import type { CellResult } from '../results/cell-result.ts';
import { type Centre, mannWhitneyU, welchLogTest } from './statistics.ts';

/** A significance test of two groups of repetitions: its p, and how a verdict names it. */
export interface GroupTest {
  name: string;
  p(a: number[], b: number[]): number;
}

export const mannWhitney: GroupTest = { name: 'Mann–Whitney', p: (a, b) => mannWhitneyU(a, b).p };
const welchOnLogs: GroupTest = { name: 'Welch t on logs', p: (a, b) => welchLogTest(a, b).p };

export function cellMsgsPerSec(cell: CellResult): number | undefined {
  return cell.throughput?.consumedPerSec ?? cell.throughput?.producedPerSec;
}

/**
 * The cell's latency: end-to-end, or send → ack without processors. A histogram that recorded nothing (processors so
 * far behind that no message meant for the measured window reached them before the drain ended) is no latency at
 * all, not a p99 of 0.
 */
export function cellLatency(cell: CellResult): LatencySummary | undefined {
  const latency = cell.latency?.endToEnd ?? cell.latency?.produce;
  return latency && latency.count > 0 ? latency : undefined;
}

/** The latency a ramp step is judged by: from the intended send times where there are any (fixed rate). */
export function rampLatency(cell: CellResult): LatencySummary | undefined {
  return cell.latency?.endToEndCorrected ?? cellLatency(cell);
}

/**
 * The two metrics runs and variants are judged on: what each cell gives, which way is better, and which centre of
 * the repetitions the ratio compares. Rates are compared by their means; a p99 by its median over repetitions, as
 * the summary shows it: one cold or stalled repetition has a p99 ten times the others', and a mean would let it
 * decide the verdict.
 */
export const judgedMetrics = [
  {
    metric: 'msgs/s' as const,
    of: cellMsgsPerSec,
    higherIsBetter: true,
    phrase: 'the msgs/s of',
    centre: 'mean' as Centre,
    ratioOf: 'means',
    test: mannWhitney,
  },
  {
    metric: 'p99 latency' as const,
    of: (cell: CellResult) => cellLatency(cell)?.p99,
    higherIsBetter: false,
    phrase: 'the p99 latency of',
    centre: 'median' as Centre,
    ratioOf: 'medians',
    test: welchOnLogs,
  },
];
