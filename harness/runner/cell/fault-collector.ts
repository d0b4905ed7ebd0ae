import { recoverySeconds, scheduleFault, type ScheduledFault } from '../broker-fault.ts';
import type { CellCollector } from './cell-collector.ts';
import type { CellPlan } from './cell-plan.ts';

/**
 * With `fault`: kills a broker during the measured phase (and restarts it); records when, and how long the
 * producers took to recover. A broker still down would hold back the drain, and the next cell needs the whole
 * cluster: the fault is finished when the generators are done, and again at the latest when the cell stops.
 */
export function faultCollector(plan: CellPlan): CellCollector {
  const fault = plan.setup.fault;
  let scheduled: ScheduledFault | undefined;
  return {
    async start({ window }) {
      if (fault) scheduled = scheduleFault(plan.context.cluster, fault, window);
    },
    async generatorsDone() {
      await scheduled?.finish();
    },
    async stop(figures) {
      if (!scheduled) return {};
      const record = { ...(await scheduled.finish()) };
      const produced = figures?.timeseries?.producedPerSec;
      if (produced && record.killedAtSecond !== undefined) {
        const recovery = recoverySeconds(produced, record.killedAtSecond);
        if (recovery !== undefined) record.recoverySeconds = Number.isFinite(recovery) ? recovery : null;
      }
      return { fault: record, ...(record.error ? { errors: [`fault: ${record.error}`] } : {}) };
    },
  };
}
