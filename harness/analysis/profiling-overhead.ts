import { isDeepStrictEqual } from 'node:util';
import { mean } from 'simple-statistics';
import type { CellResult } from '../results/cell-result.ts';
import type { RunRecord } from '../results/run-record.ts';
import { completedCells, harnessCpu, variantNames } from './run-to-summary.ts';
import { cellMsgsPerSec } from './cell-metrics.ts';
import { fewestForInterval, noIntervalText, welchLogRatio } from './statistics.ts';

/** What profiling cost one variant, measured against a variant of the same run that differs only in `profile`. */
export interface ProfilingOverhead {
  profiled: string;
  unprofiled: string;
  msgsPerSecRatio?: number;
  msgsPerSecLow?: number;
  msgsPerSecHigh?: number;
  cpuRatio?: number;
  text: string;
}

const isProfiled = (cell: CellResult) => Object.values(cell.params.profile).some(Boolean);
const withoutProfile = (cell: CellResult) => ({ ...cell.params, profile: undefined });

/** A ratio of two variants' values (geometric means) with its 95 % interval (Welch t on logs), in words. */
export function ratioText(values: number[], base: number[]): { ratio: number; low?: number; high?: number; text: string } | undefined {
  if (values.length === 0 || base.length === 0) return undefined;
  if (Math.min(values.length, base.length) < fewestForInterval) {
    const ratio = mean(values) / mean(base);
    return { ratio, text: `${ratio.toFixed(2)}× (${noIntervalText(values.length, base.length)})` };
  }
  const { ratio, low, high } = welchLogRatio(values, base);
  return { ratio, low, high, text: `${ratio.toFixed(2)}× (95 % CI ${low.toFixed(2)}–${high.toFixed(2)})` };
}

/**
 * For each profiled variant with an unprofiled twin: the ratio of msgs/s (the "profiling overhead") and of
 * the harness's CPU %. At a fixed rate the msgs/s ratio stays near 1 while the pipeline keeps up, so the CPU
 * ratio is where the cost shows; at rate: max the msgs/s ratio is the cost.
 */
export function profilingOverheads(record: RunRecord): ProfilingOverhead[] {
  const first = (name: string) => record.cells.find((cell) => cell.variant === name)!;
  return twinVariants(record, isProfiled, (cell) => !isProfiled(cell), withoutProfile).map(([profiled, unprofiled]) => {
    const cpu = (name: string) =>
      completedCells(record, name)
        .map((cell) => harnessCpu(cell, record))
        .filter((v): v is number => v !== undefined && v > 0);
    const msgs = ratioText(throughput(record, profiled), throughput(record, unprofiled));
    const cpuRatio = ratioText(cpu(profiled), cpu(unprofiled));
    const profilers = Object.entries(first(profiled).params.profile)
      .filter(([, on]) => on)
      .map(([key, value]) => (value === true ? key : `${key} ${value}`))
      .join(', ');
    const text = `${profiled} (${profilers}) vs ${unprofiled}: msgs/s ${msgs?.text ?? 'not measured'}; harness CPU ${cpuRatio?.text ?? 'not measured'}`;
    return {
      profiled,
      unprofiled,
      ...(msgs ? { msgsPerSecRatio: msgs.ratio, msgsPerSecLow: msgs.low, msgsPerSecHigh: msgs.high } : {}),
      ...(cpuRatio ? { cpuRatio: cpuRatio.ratio } : {}),
      text,
    };
  });
}

/**
 * Pairs of variants [treated, control] whose first cells' setups are equal once `strip` removes what the pair
 * is about: a profiled variant and its unprofiled twin, a harness generator and the client's bare loop.
 */
export function twinVariants(
  record: RunRecord,
  isTreated: (cell: CellResult) => boolean,
  isControl: (cell: CellResult) => boolean,
  strip: (cell: CellResult) => unknown,
): Array<[string, string]> {
  const names = variantNames(record);
  const first = (name: string) => record.cells.find((cell) => cell.variant === name)!;
  return names
    .filter((name) => isTreated(first(name)))
    .flatMap((treated) => {
      const control = names.find((name) => isControl(first(name)) && isDeepStrictEqual(strip(first(name)), strip(first(treated))));
      return control ? [[treated, control] as [string, string]] : [];
    });
}

/** Each variant's msgs/s over its completed repetitions (cells that measured nothing left out). */
export const throughput = (record: RunRecord, name: string) =>
  completedCells(record, name)
    .map(cellMsgsPerSec)
    .filter((v): v is number => v !== undefined && v > 0);
