import type { Experiment } from './load-experiment.ts';
import type { Setup } from './experiment-schema.ts';

/**
 * Rough wall-clock estimates, from the start-up bench on a 2-core machine (1 combined node ≈ 5 s,
 * 3 brokers + 1 controller ≈ 16 s) and the per-cell set-up and drain the runner adds. Only a guide.
 */
const clusterStartS = (cluster: Setup['cluster']) =>
  cluster.provider === 'external' ? 2 : cluster.brokers === 1 && !cluster.controllers ? 5 : 4 + 4 * (cluster.brokers + (cluster.controllers ?? 1));
const perCellOverheadS = 8;

/** Cells that share a cluster configuration share one cluster, so the estimate counts each once. */
export function distinctClusters(experiment: Experiment): Array<Setup['cluster']> {
  const byKey = new Map<string, Setup['cluster']>();
  for (const variant of experiment.variants) byKey.set(JSON.stringify(variant.setup.cluster), variant.setup.cluster);
  return [...byKey.values()];
}

/** One cell's expected wall-clock seconds: warm-up, measured phase, and the runner's set-up and drain. */
export function cellSeconds(experiment: Experiment): number {
  return (experiment.warmupMs + experiment.durationMs) / 1000 + perCellOverheadS;
}

export function estimateSeconds(experiment: Experiment): number {
  const clusters = distinctClusters(experiment).reduce((sum, cluster) => sum + clusterStartS(cluster) + experiment.clusterWarmupMs / 1000, 0);
  return Math.round(clusters + experiment.cells.length * cellSeconds(experiment));
}

/**
 * With repetitions: auto, the longest the run may take: every variant to maxRepetitions, each extra round starting
 * its clusters again. Undefined for a fixed number of repetitions.
 */
export function estimateMostSeconds(experiment: Experiment): number | undefined {
  if (!experiment.adaptive) return undefined;
  const clusters = distinctClusters(experiment).reduce((sum, cluster) => sum + clusterStartS(cluster) + experiment.clusterWarmupMs / 1000, 0);
  const rounds = experiment.adaptive.maxRepetitions - experiment.repetitions;
  return estimateSeconds(experiment) + Math.round(rounds * (clusters + experiment.variants.length * cellSeconds(experiment)));
}
