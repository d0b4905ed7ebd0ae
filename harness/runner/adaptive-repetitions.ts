import type { AdaptiveStop } from '../results/run-record.ts';
import { undecidedVerdicts } from '../analysis/verdicts.ts';
import { type Cell, type Experiment, roundOrder } from '../experiment-file/load-experiment.ts';
import type { RunRecord } from '../results/run-record.ts';

/**
 * After the first rounds: while a verdict is undecided under the run's sequential design (verdicts.ts replays its
 * looks), one more round — a repetition of each variant in an undecided verdict (the baseline included) that is
 * still under maxRepetitions, in plan order, so drift over the run touches every variant alike. Returns what
 * stopped it.
 */
export async function repeatUntilDecided(
  experiment: Experiment,
  record: RunRecord,
  signal: AbortSignal,
  runCells: (cells: Cell[]) => Promise<void>,
): Promise<AdaptiveStop> {
  const { maxRepetitions } = experiment.adaptive!;
  const repetitionsOf = (variant: string) => record.cells.filter((cell) => cell.variant === variant && cell.repetition > 0).length;
  // Bounded: every round adds a repetition to at least one variant, and none goes past maxRepetitions.
  for (let round = 0; round < maxRepetitions * experiment.variants.length; round++) {
    if (signal.aborted) return 'interrupted';
    const open = undecidedVerdicts(record);
    if (open.length === 0) return 'every verdict decided';
    const wanted = new Set(open.flatMap((verdict) => [verdict.variant, verdict.baseline]));
    const wantedNow = experiment.variants.filter((v) => wanted.has(v.name) && repetitionsOf(v.name) < maxRepetitions);
    const next = experiment.order.shuffled ? roundOrder(wantedNow, experiment.order.seed, experiment.repetitions + round + 1) : wantedNow;
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
