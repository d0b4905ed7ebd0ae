import type { FaultRecord } from '../results/cell-result.ts';
import { setTimeout as sleep } from 'node:timers/promises';
import { canControlNodes, type Cluster } from '../cluster/types.ts';
import type { Setup } from '../experiment-file/experiment-schema.ts';
import { parseDuration } from '../experiment-file/duration.ts';
import { nowMs } from '../util/clock.ts';
import type { MeasureWindow } from '../workload/ipc.ts';
import { errorMessage } from '../util/error-message.ts';

/** A scheduled kill (and restart) of one broker during the measured phase. */
export interface ScheduledFault {
  /** Cancels what has not happened yet, restarts the broker if it is still down, and says what happened. */
  finish(): Promise<FaultRecord>;
}

/**
 * SIGKILLs broker `fault.killBroker` at `fault.at` into the measured phase (no shutdown hook runs: the broker
 * vanishes as in a power cut) and restarts it `fault.restartAfter` later. The next cell must find the whole
 * cluster again, so `finish` restarts a broker that is still down.
 */
export function scheduleFault(cluster: Cluster, fault: NonNullable<Setup['fault']>, window: MeasureWindow): ScheduledFault {
  const record: FaultRecord = { broker: fault.killBroker };
  const cancel = new AbortController();
  const second = () => Math.floor((nowMs() - window.startAt) / 1000);
  let down = false;
  const restart = async () => {
    if (!canControlNodes(cluster)) return;
    const began = nowMs();
    record.restartedAtSecond = second();
    try {
      await cluster.restartNode(fault.killBroker);
      down = false;
      record.restartTookSeconds = Math.round((nowMs() - began) / 100) / 10;
    } catch (error) {
      record.error = `restart of broker ${fault.killBroker} failed: ${errorMessage(error)}`;
    }
  };
  const plan = (async () => {
    if (!canControlNodes(cluster)) {
      record.error = `provider ${cluster.provider} cannot kill single nodes; nothing was killed`;
      return;
    }
    await sleep(Math.max(0, window.measureStart + parseDuration(fault.at)! - nowMs()), undefined, { signal: cancel.signal });
    record.killedAtSecond = second();
    // To the millisecond as well: lost messages' send times are read against it.
    record.killedAt = Math.round(nowMs() - window.startAt) / 1000;
    down = true;
    await cluster.killNode(fault.killBroker);
    if (fault.restartAfter === undefined) return;
    await sleep(parseDuration(fault.restartAfter)!, undefined, { signal: cancel.signal });
    await restart();
  })().catch((error: unknown) => {
    if (!cancel.signal.aborted) record.error = errorMessage(error);
  });
  return {
    finish: async () => {
      cancel.abort();
      await plan;
      if (down) await restart();
      return record;
    },
  };
}

/**
 * Recovery time: from the kill until acknowledged messages per second first came back to half their level
 * before it (the mean of the 5 seconds before the kill), after having fallen below. 0 when they never fell that
 * low; `Infinity` when they had not come back by the end of the series.
 */
export function recoverySeconds(ackedPerSecond: number[], killedAtSecond: number): number | undefined {
  const before = ackedPerSecond.slice(Math.max(0, killedAtSecond - 5), killedAtSecond);
  if (before.length === 0) return undefined;
  const half = before.reduce((a, b) => a + b, 0) / before.length / 2;
  // The last second of the series is cut short by the end of sending: leave it out.
  const after = ackedPerSecond.slice(killedAtSecond, -1);
  const fell = after.findIndex((value) => value < half);
  if (fell < 0) return 0;
  const back = after.findIndex((value, i) => i > fell && value >= half);
  return back < 0 ? Infinity : back;
}
