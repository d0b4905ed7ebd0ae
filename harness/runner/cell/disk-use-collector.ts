import { hasLocalLogDirs } from '../../cluster/types.ts';
import { topicBytesOnDisk } from '../../metrics/topic-disk-usage.ts';
import type { CellCollector } from './cell-collector.ts';
import type { CellPlan } from './cell-plan.ts';

/** The topic's bytes on the brokers' disks after the cell, where they are on this machine: what compression and batching save. */
export function diskUseCollector(plan: CellPlan): CellCollector {
  const { cluster } = plan.context;
  return {
    async start() {},
    async stop(figures) {
      const acked = figures?.produced?.acked ?? 0;
      if (!hasLocalLogDirs(cluster) || acked === 0) return {};
      const bytes = await topicBytesOnDisk(cluster.logDirs(), plan.topic);
      return { disk: { bytes, bytesPerMessage: bytes / acked / plan.setup.topic.replicationFactor } };
    },
  };
}
