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
 *
 * Processors' counts are their own: a message redelivered to a second processor (a rebalance) counts on both, so
 * their sum can reach `acked` while one is still in flight. The sum only says when to ask; `holdsEveryAcked`
 * (the union of what they hold against what was acknowledged) says whether the drain is over. Until it says so,
 * the drain waits for the sum to pass `acked` by the overlap it found.
 */
export async function drain(
  processors: DrainingProcessor[],
  acked: number,
  options: {
    maxMs: number;
    stallMs?: number;
    pollMs?: number;
    hurry?: AbortSignal;
    countdown?: (secondsLeft: number) => void;
    holdsEveryAcked?: () => Promise<{ done: boolean; overlap: number }>;
  },
): Promise<boolean> {
  const { maxMs, stallMs = drainStallMs, pollMs = 250, hurry, countdown, holdsEveryAcked } = options;
  const deadline = Date.now() + maxMs;
  let overlap = 0;
  let lastAskedAt = 0;
  const sum = () => processors.reduce((total, worker) => total + worker.latestProgress, 0);
  const caughtUp = async () => {
    if (sum() < acked + overlap) return false;
    if (!holdsEveryAcked) return true;
    // Asking costs each processor its sequence sets: at most once a second.
    if (Date.now() - lastAskedAt < 1000) return false;
    lastAskedAt = Date.now();
    const answer = await holdsEveryAcked();
    if (!answer.done) overlap = Math.max(overlap + 1, answer.overlap);
    return answer.done;
  };
  let shown: number | undefined;
  while (Date.now() < deadline && !hurry?.aborted) {
    const secondsLeft = Math.ceil((deadline - Date.now()) / 1000);
    if (countdown && secondsLeft !== shown) {
      shown = secondsLeft;
      countdown(secondsLeft);
    }
    if (await caughtUp()) return true;
    if (processors.every((worker) => Date.now() - worker.lastProgressAt > stallMs)) return false;
    await sleep(pollMs);
  }
  lastAskedAt = 0;
  return caughtUp();
}
