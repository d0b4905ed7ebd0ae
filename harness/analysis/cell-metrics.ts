import type { LatencySummary } from '../metrics/latency-histogram.ts';
import type { CellResult } from '../results/cell-result.ts';
import type { Centre } from './statistics.ts';

export function cellMsgsPerSec(cell: CellResult): number | undefined {
  return cell.throughput?.consumedPerSec ?? cell.throughput?.producedPerSec;
}

const recorded = (latency: LatencySummary | null | undefined) => (latency && latency.count > 0 ? latency : undefined);

/**
 * The cell's latency as every user-facing figure reads it (summary, verdicts, answers, thresholds, gate, ramp):
 * end-to-end where processors read sequence numbers, else send → acknowledgement; at a fixed rate from each
 * message's intended (scheduled) send time, so that a pipeline that fell behind its schedule counts the wait
 * (coordinated omission, docs/measurement.md); at max rate there is no schedule and it is from the actual send.
 * A histogram that recorded nothing (processors so far behind that no message meant for the measured window
 * reached them before the drain ended) is no latency at all, not a p99 of 0.
 */
export function cellLatency(cell: CellResult): LatencySummary | undefined {
  const source = cellLatencySource(cell);
  return source ? recorded(cell.latency?.[source]) : undefined;
}

/** Which of a cell's latency histograms cellLatency reads (histograms.json's `merged` has them by the same names). */
export function cellLatencySource(cell: CellResult): 'endToEndCorrected' | 'endToEnd' | 'produceFromIntended' | 'produce' | undefined {
  const latency = cell.latency;
  if (!latency) return undefined;
  if (latency.endToEnd) return recorded(latency.endToEndCorrected) ? 'endToEndCorrected' : recorded(latency.endToEnd) ? 'endToEnd' : undefined;
  return recorded(latency.produceFromIntended) ? 'produceFromIntended' : recorded(latency.produce) ? 'produce' : undefined;
}

/**
 * The same path's latency from the actual send time: the service time, shown beside cellLatency at a fixed rate
 * (it leaves out how long a message waited for its turn to be sent). At max rate the two are one.
 */
export function cellServiceLatency(cell: CellResult): LatencySummary | undefined {
  const latency = cell.latency;
  if (!latency) return undefined;
  return latency.endToEnd ? recorded(latency.endToEnd) : recorded(latency.produce);
}

/** Whether cellLatency counts from the intended send time (a fixed-rate cell that recorded it). */
export function latencyFromIntended(cell: CellResult): boolean {
  const latency = cell.latency;
  if (!latency) return false;
  return latency.endToEnd ? recorded(latency.endToEndCorrected) !== undefined : recorded(latency.produceFromIntended) !== undefined;
}

/** Send → acknowledgement beside an end-to-end latency: from the intended send time at a fixed rate, as cellLatency. */
export function cellAckLatency(cell: CellResult): LatencySummary | undefined {
  return recorded(cell.latency?.produceFromIntended) ?? recorded(cell.latency?.produce);
}

/**
 * The two metrics runs and variants are judged on: what each cell gives, which way is better, and which centre of
 * the repetitions the summary and the answers show (means for rates; a p99 by its median over repetitions, as one
 * cold or stalled repetition has a p99 ten times the others'). Both are judged the same way: Welch's t on logs,
 * whose ratio is of geometric means (statistics.ts, welchLogRatio).
 */
export const judgedMetrics = [
  {
    metric: 'msgs/s' as const,
    of: cellMsgsPerSec,
    higherIsBetter: true,
    phrase: 'the msgs/s of',
    centre: 'mean' as Centre,
  },
  {
    metric: 'p99 latency' as const,
    of: (cell: CellResult) => cellLatency(cell)?.p99,
    higherIsBetter: false,
    phrase: 'the p99 latency of',
    centre: 'median' as Centre,
  },
];
