import { setTimeout as sleep } from 'node:timers/promises';
import type { Experiment } from '../../experiment-file/load-experiment.ts';

/** After the last send: how long processors may go without progress before the drain gives up. */
const drainStallMs = 10_000;

/**
 * The drain's budget: as long as the cell generated, at least 15 s. A pipeline that keeps up drains in about a
 * second; one whose processors fall behind (a slow sink) would need minutes to work off its backlog, which tells
 * nothing more about the cell than its msgs/s already do.
 */
export const drainBudgetMs = (experiment: Pick<Experiment, 'warmupMs' | 'durationMs'>) =>
  Math.min(90_000, Math.max(15_000, experiment.warmupMs + experiment.durationMs));

/** After an interrupt the user is waiting: a short drain only. */
export const interruptedDrainMs = 5_000;

/** A processor as the drain sees it: how many messages it has, and when that last grew. */
export interface DrainingProcessor {
  readonly latestProgress: number;
  readonly lastProgressAt: number;
}

/**
 * Waits until processors hold every acknowledged message (true), or their progress stalls for `stallMs`, or
 * `maxMs` passes, or the user insists on stopping (`hurry`).
 */
export async function drain(
  processors: DrainingProcessor[],
  acked: number,
  options: { maxMs: number; stallMs?: number; pollMs?: number; hurry?: AbortSignal; countdown?: (secondsLeft: number) => void },
): Promise<boolean> {
  const { maxMs, stallMs = drainStallMs, pollMs = 250, hurry, countdown } = options;
  const deadline = Date.now() + maxMs;
  const caughtUp = () => processors.reduce((sum, worker) => sum + worker.latestProgress, 0) >= acked;
  let shown: number | undefined;
  while (Date.now() < deadline && !hurry?.aborted) {
    const secondsLeft = Math.ceil((deadline - Date.now()) / 1000);
    if (countdown && secondsLeft !== shown) {
      shown = secondsLeft;
      countdown(secondsLeft);
    }
    if (caughtUp()) return true;
    if (processors.every((worker) => Date.now() - worker.lastProgressAt > stallMs)) return false;
    await sleep(pollMs);
  }
  return caughtUp();
}
