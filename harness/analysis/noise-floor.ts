import { isCompleted, isPilot } from '../results/cell-result.ts';
import type { RunRecord } from '../results/run-record.ts';
import { cellMsgsPerSec } from './cell-metrics.ts';
import { coefficientOfVariation, median } from './metrics.ts';
import { repetitionValues, type SummaryRow } from './run-to-summary.ts';
import { fewestForInterval } from './statistics.ts';

/** How much a run's repetitions of one variant spread: the noise every verdict of the run has to beat. */
export interface NoiseFloor {
  /** Median over variants of each variant's CV of msgs/s over its counted repetitions, in %. */
  msgsPerSecCv: number;
  /** The same with each variant's pilot repetition counted as one more: what the pilot round took out. */
  withPilotCv?: number;
  variants: number;
  text: string;
}

/**
 * The run's noise floor: the median of its variants' CV of msgs/s (only variants with 3 or more counted
 * repetitions, the pilot round never among them). At CV c a difference d takes about 16 (c/d)² repetitions of each
 * variant to show, so this one figure says what the run could decide.
 */
export function noiseFloor(record: RunRecord, rows: SummaryRow[]): NoiseFloor | undefined {
  if (record.ramp) return undefined;
  const judged = rows.filter((row) => row.completed >= fewestForInterval && row.figures.msgsPerSecCv !== undefined);
  if (judged.length === 0) return undefined;
  const cv = median(judged.map((row) => row.figures.msgsPerSecCv!))!;
  const withPilot = judged.flatMap((row) => {
    const pilot = record.cells.find((cell) => cell.variant === row.variant && isPilot(cell) && isCompleted(cell));
    const value = pilot && cellMsgsPerSec(pilot);
    return value ? [coefficientOfVariation([value, ...repetitionValues(record, row.variant, cellMsgsPerSec)])!] : [];
  });
  const withPilotCv = withPilot.length === judged.length ? median(withPilot) : undefined;
  const counted = withPilotCv !== undefined ? `; ${withPilotCv.toFixed(1)} % with the uncounted pilot repetition counted` : '';
  return {
    msgsPerSecCv: cv,
    ...(withPilotCv !== undefined ? { withPilotCv } : {}),
    variants: judged.length,
    text: `Noise floor: CV of msgs/s over repetitions ${cv.toFixed(1)} % (median of ${judged.length} variant${judged.length === 1 ? '' : 's'}${counted}).`,
  };
}
