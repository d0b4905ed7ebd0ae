import type { LatencySummary } from '../metrics/latency-histogram.ts';
import type { CellResult } from '../runner/cell-result.ts';

/**
 * The figures a cell is judged by. With processors: messages consumed per second and end-to-end latency. A
 * producer-only cell (processor.consumers: 0, or Kafka's ProducerPerformance) has only acknowledgements: its
 * msgs/s are acknowledged messages and its latency is send → acknowledgement.
 */
export function isProducerOnly(cell: CellResult): boolean {
  return cell.throughput !== undefined && cell.throughput.consumedPerSec === undefined;
}

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
