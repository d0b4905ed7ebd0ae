import { completedCells } from '../analysis/run-to-summary.ts';
import { repetitionLabel } from '../results/cell-result.ts';
import type { CellResult } from '../results/cell-result.ts';
import type { RunRecord } from '../results/run-record.ts';
import { cellLatency, cellMsgsPerSec, judgedMetrics, cellAckLatency, cellServiceLatency, latencyFromIntended } from '../analysis/cell-metrics.ts';
import { madOutliers, outlierMads, outlierMinimumShare } from '../analysis/outliers.ts';
import { type BottleneckReading, bottleneck } from '../analysis/bottleneck.ts';
import { carriedShare } from '../analysis/run-to-summary.ts';
import { defined, harnessCpu, median, variantNames } from '../analysis/run-to-summary.ts';

/** One repetition of a variant as the per-repetition table shows it. */
export interface RepetitionRow {
  variant: string;
  repetition: number;
  status: CellResult['status'];
  msgsPerSec?: number;
  /** The summary's latency: end-to-end, or send → ack without processors (`latencyKind`). */
  p50?: number;
  p99?: number;
  mean?: number;
  max?: number;
  latencyKind?: 'end-to-end' | 'produce';
  /** Send → acknowledgement p99, beside end-to-end (from the intended send time at a fixed rate, as p99). */
  ackP99?: number;
  /** At a fixed rate: the p99 from the actual send time (the service time), beside p99 from the intended one. */
  serviceP99?: number | undefined;
  /** Receipts beyond the first of a message, on any processor. */
  duplicates?: number;
  generatorCpu?: number;
  processorCpu?: number;
  /** The same roles' own CPU time over the measured window, read inside each process: the check on the sampled figures. */
  generatorOwnCpu?: number;
  processorOwnCpu?: number;
  brokerCpu?: number;
  lost?: number;
  /** What limited this repetition, by the rules of bottleneck.ts; completed cells only. */
  limitedBy?: BottleneckReading;
  /** The judged metrics on which this repetition lies beyond 3 MADs of its variant's median. */
  outlierIn: Array<(typeof judgedMetrics)[number]['metric']>;
}

/** A repetition flagged as an outlier, in words, for the summary and the verdicts. */
export interface OutlierNote {
  variant: string;
  repetition: number;
  metric: (typeof judgedMetrics)[number]['metric'];
  text: string;
}

/** The summed own CPU of a role's processes (named `generator-1`, …), where every one of them reported it. */
function ownCpu(cell: CellResult, prefix: string): number | undefined {
  const values = Object.entries(cell.windowCpu ?? {})
    .filter(([name]) => name.startsWith(prefix))
    .map(([, percent]) => percent);
  return values.length ? values.reduce((a, b) => a + b, 0) : undefined;
}

/** A fixed-rate cell that carried at least the share of its offered rate the summary asks for. */
function carriedItsRate(cell: CellResult): boolean {
  const offered = cell.throughput?.offeredPerSec;
  const carried = cellMsgsPerSec(cell);
  return offered !== undefined && carried !== undefined && carried >= carriedShare * offered;
}

const shown = (value: number) => value.toLocaleString('en-US', { maximumFractionDigits: value < 100 ? 1 : 0 });

/**
 * Every cell of the run as a row, in plan order, with each completed repetition checked against its variant's
 * other repetitions: beyond 3 scaled MADs of the median on msgs/s or p99 it is flagged — shown, never dropped.
 */
export function repetitionRows(record: RunRecord): { rows: RepetitionRow[]; outliers: OutlierNote[] } {
  const flagged = new Map<CellResult, RepetitionRow['outlierIn']>();
  const outliers: OutlierNote[] = [];
  for (const variant of variantNames(record)) {
    const done = completedCells(record, variant);
    for (const { metric, of } of judgedMetrics) {
      const measured = done.flatMap((cell) => {
        const value = of(cell);
        return value === undefined ? [] : [{ cell, value }];
      });
      const values = measured.map((entry) => entry.value);
      for (const i of madOutliers(values)) {
        const { cell, value } = measured[i]!;
        flagged.set(cell, [...(flagged.get(cell) ?? []), metric]);
        const unit = metric === 'msgs/s' ? 'msgs/s' : 'ms';
        outliers.push({
          variant,
          repetition: cell.repetition,
          metric,
          text: `${variant} ${repetitionLabel(cell.repetition)}: ${metric} ${shown(value)} ${unit} lies beyond ${outlierMads} MADs and ${outlierMinimumShare * 100} % of the variant's median ${shown(median(values)!)} ${unit} (kept in every figure)`,
        });
      }
    }
  }
  const rows = record.cells.map((cell): RepetitionRow => {
    const latency = cellLatency(cell);
    return {
      variant: cell.variant,
      repetition: cell.repetition,
      status: cell.status,
      ...defined('msgsPerSec', cellMsgsPerSec(cell)),
      ...defined('p50', latency?.p50),
      ...defined('p99', latency?.p99),
      ...defined('mean', latency?.mean),
      ...defined('max', latency?.max),
      ...(latency ? { latencyKind: cell.latency?.endToEnd ? ('end-to-end' as const) : ('produce' as const) } : {}),
      ...defined('ackP99', cellAckLatency(cell)?.p99),
      ...(latencyFromIntended(cell) ? { serviceP99: cellServiceLatency(cell)?.p99 } : {}),
      ...defined('duplicates', cell.consumed?.duplicates),
      ...defined('generatorCpu', harnessCpu(cell, record, ['generator'])),
      ...defined('processorCpu', harnessCpu(cell, record, ['processor'])),
      ...defined('generatorOwnCpu', ownCpu(cell, 'generator-')),
      ...defined('processorOwnCpu', ownCpu(cell, 'processor-')),
      ...defined('brokerCpu', harnessCpu(cell, record, ['broker', 'controller'])),
      ...defined('lost', cell.lost),
      ...(cell.status === 'completed' ? { limitedBy: bottleneck(cell, record, carriedItsRate(cell)) } : {}),
      outlierIn: flagged.get(cell) ?? [],
    };
  });
  return { rows, outliers };
}
