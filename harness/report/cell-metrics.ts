import type { LatencySummary } from '../metrics/latency-histogram.ts';
import type { CellResult } from '../results/cell-result.ts';

export function cellMsgsPerSec(cell: CellResult): number | undefined {
  return cell.throughput?.consumedPerSec ?? cell.throughput?.producedPerSec;
}

export function cellLatency(cell: CellResult): LatencySummary | undefined {
  return cell.latency?.endToEnd ?? cell.latency?.produce;
}

/** The latency a ramp step is judged by: from the intended send times where there are any (fixed rate). */
export function rampLatency(cell: CellResult): LatencySummary | undefined {
  return cell.latency?.endToEndCorrected ?? cellLatency(cell);
}

/** The two metrics runs and variants are judged on: what each cell gives, and which way is better. */
export const judgedMetrics = [
  { metric: 'msgs/s' as const, of: cellMsgsPerSec, higherIsBetter: true, phrase: 'the msgs/s of' },
  { metric: 'p99 latency' as const, of: (cell: CellResult) => cellLatency(cell)?.p99, higherIsBetter: false, phrase: 'the p99 latency of' },
];
