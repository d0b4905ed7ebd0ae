import type { AdaptiveStop } from '../results/run-record.ts';
import { undecidedVerdicts } from '../analysis/verdicts.ts';
import type { Cell, Experiment } from '../experiment-file/load-experiment.ts';
import type { RunRecord } from '../results/run-record.ts';

/**
 * After the first rounds: while a verdict is undecided, one more round — a repetition of each variant in an
 * undecided verdict (the baseline included) that is still under maxRepetitions, in plan order, so drift over the
 * run touches every variant alike. Returns what stopped it.
 */
export async function repeatUntilDecided(
  experiment: Experiment,
  record: RunRecord,
  signal: AbortSignal,
  runCells: (cells: Cell[]) => Promise<void>,
): Promise<AdaptiveStop> {
  const { maxRepetitions, precision } = experiment.adaptive!;
  const repetitionsOf = (variant: string) => record.cells.filter((cell) => cell.variant === variant).length;
  // Bounded: every round adds a repetition to at least one variant, and none goes past maxRepetitions.
  for (let round = 0; round < maxRepetitions * experiment.variants.length; round++) {
    if (signal.aborted) return 'interrupted';
    const open = undecidedVerdicts(record, precision);
    if (open.length === 0) return 'every verdict decided';
    const wanted = new Set(open.flatMap((verdict) => [verdict.variant, verdict.baseline]));
    const next = experiment.variants.filter((v) => wanted.has(v.name) && repetitionsOf(v.name) < maxRepetitions);
    if (next.length === 0) {
      record.adaptive!.undecided = open.map((verdict) => `${verdict.variant} vs ${verdict.baseline} (${verdict.metric})`);
      return 'maxRepetitions reached';
    }
    const cells = next.map((variant, i) => ({ index: experiment.cells.length + i, variant: variant.name, repetition: repetitionsOf(variant.name) + 1 }));
    experiment.cells.push(...cells);
    await runCells(cells);
  }
  return 'maxRepetitions reached';
}
