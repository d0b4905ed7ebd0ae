import { clusterProcesses, sampleResources } from '../../metrics/resource-sampler.ts';
import type { CellCollector } from './cell-collector.ts';
import type { CellPlan } from './cell-plan.ts';

/** CPU and memory of the load's processes and of the cluster's nodes on this machine, once a second. */
export function resourceCollector(plan: CellPlan): CellCollector {
  let sampler: ReturnType<typeof sampleResources> | undefined;
  return {
    async start({ window, processes }) {
      sampler = sampleResources([...processes, ...clusterProcesses(plan.context.cluster.nodes)], window.startAt, (process, cpuPercent) =>
        plan.context.onReading?.({ chart: 'cpuPercent', series: process, value: cpuPercent }),
      );
    },
    async stop() {
      return sampler ? { resources: await sampler.stop() } : {};
    },
  };
}
