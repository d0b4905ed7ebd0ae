import { setTimeout as sleep } from 'node:timers/promises';
import { nowMs } from '../util/clock.ts';
import type { BareProduceOptions } from './driver.ts';

/**
 * A bare loop at a fixed rate: before the next batch, wait until the records sent so far are due. The wait is per
 * batch (500 records), so the rate holds over a second, not per record; unthrottled loops never wait.
 */
export async function waitUntilDue(options: BareProduceOptions, sentSoFar: number): Promise<void> {
  if (!options.pace) return;
  const due = options.pace.startAt + (sentSoFar / options.pace.ratePerSec) * 1000;
  const wait = Math.min(due, options.until) - nowMs();
  if (wait > 0) await sleep(wait, undefined, { signal: options.stop }).catch(() => {});
}
