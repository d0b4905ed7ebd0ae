import { sampleLag } from '../../metrics/lag-sampler.ts';
import type { CellCollector } from './cell-collector.ts';
import type { CellPlan } from './cell-plan.ts';

/** The processors' committed lag, once a second; a producer-only cell has no group whose lag could be read. */
export function lagCollector(plan: CellPlan): CellCollector {
  let sampler: ReturnType<typeof sampleLag> | undefined;
  return {
    async start({ window, groupId }) {
      if (groupId)
        sampler = sampleLag(plan.context.admin, plan.topic, groupId, window.startAt, (lag) =>
          plan.context.onReading?.({ chart: 'lag', series: 'committed lag', value: lag }),
        );
    },
    async stop() {
      return sampler ? { lag: await sampler.stop() } : {};
    },
  };
}
