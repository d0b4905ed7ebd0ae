import { repetitionLabel } from '../results/cell-result.ts';
import { cellName } from '../experiment-file/cell-key.ts';
import { kafkajsFor } from '../drivers/kafkajs/connect.ts';
import { resolveShape } from '../cluster/shape.ts';
import { startCluster } from '../cluster/start-cluster.ts';
import type { Cluster } from '../cluster/types.ts';
import type { Cell, Experiment, Variant } from '../experiment-file/load-experiment.ts';
import type { CellResult } from '../results/cell-result.ts';
import type { CellContext, LiveReading, LiveSecond } from './cell/cell-plan.ts';
import { runCell } from './cell/run-cell.ts';
import { warmUpCluster } from './cluster-warmup.ts';
import type { RampSearch } from './ramp-run.ts';
import { errorMessage } from '../util/error-message.ts';

/** What running cells needs from the run: where it writes, how it reports, and its servers and ramps. */
export interface CellsRun {
  experiment: Experiment;
  runId: string;
  runDir: string;
  signal: AbortSignal;
  hurry?: AbortSignal;
  sinkServers: Partial<Record<string, string>>;
  /** A ramp's search per variant: it picks each step's rate and judges the step. */
  rampSearches: Map<string, RampSearch>;
  progress(line: string): void;
  onCellPhase?(cell: { index: number; total: number; variant: string; repetition: number }, phase: string): void;
  onLive?(second: LiveSecond): void;
  onReading?(reading: LiveReading): void;
  /** A cell's record, the moment it is built. */
  save(result: CellResult): Promise<void>;
  /** A ramp step the search no longer needed. */
  skip(): void;
}

/** Cells grouped by the cluster they need, in plan order, so a cluster is started once per group. */
function groupByCluster(experiment: Experiment, cells: Cell[]): Array<{ cluster: Variant['setup']['cluster']; cells: Cell[] }> {
  const groups = new Map<string, { cluster: Variant['setup']['cluster']; cells: Cell[] }>();
  for (const cell of cells) {
    const variant = variantOf(experiment, cell);
    const key = JSON.stringify(variant.setup.cluster);
    if (!groups.has(key)) groups.set(key, { cluster: variant.setup.cluster, cells: [] });
    groups.get(key)!.cells.push(cell);
  }
  return [...groups.values()];
}

function variantOf(experiment: Experiment, cell: Cell): Variant {
  return experiment.variants.find((v) => v.name === cell.variant)!;
}

/** A cell that never ran (its cluster did not start, or the run was interrupted first), with the reason. */
function notRun(experiment: Experiment, cell: Cell, interrupted: boolean, reason: string): CellResult {
  const now = new Date().toISOString();
  const base = {
    index: cell.index,
    variant: cell.variant,
    key: variantOf(experiment, cell).key,
    repetition: cell.repetition,
    reason,
    params: variantOf(experiment, cell).setup,
    topic: '',
    startedAt: now,
    endedAt: now,
  };
  return interrupted ? { ...base, status: 'aborted' } : { ...base, status: 'failed' };
}

async function startClusterFor(run: CellsRun, wanted: Variant['setup']['cluster']): Promise<Cluster> {
  const shape = resolveShape({
    brokers: wanted.brokers,
    kafkaVersion: wanted.kafkaVersion,
    brokerConfig: wanted.brokerConfig,
    ...(wanted.controllers !== undefined ? { controllers: wanted.controllers } : {}),
  });
  run.progress(`cluster: starting ${wanted.brokers} broker(s), Kafka ${wanted.kafkaVersion}`);
  return startCluster(
    {
      provider: wanted.provider,
      shape,
      ...(wanted.bootstrapServers ? { bootstrapServers: wanted.bootstrapServers } : {}),
      ...(wanted.metricsUrls ? { metricsUrls: wanted.metricsUrls } : {}),
    },
    { onProgress: (line) => run.progress(`cluster: ${line}`), signal: run.signal, ...(wanted.cpus ? { cpus: wanted.cpus } : {}) },
  );
}

/** Runs these cells, a cluster started once per group of cells that need the same one; each record is saved as it ends. */
export async function runCellsOnClusters(run: CellsRun, cells: Cell[]): Promise<void> {
  const { experiment, signal } = run;
  for (const group of groupByCluster(experiment, cells)) {
    if (signal.aborted) break;
    let cluster: Cluster;
    try {
      cluster = await startClusterFor(run, group.cluster);
    } catch (error) {
      const reason = signal.aborted ? 'interrupted' : `cluster did not start: ${errorMessage(error)}`;
      for (const cell of group.cells) await run.save(notRun(experiment, cell, signal.aborted, reason));
      continue;
    }
    const admin = kafkajsFor(cluster.connection, 'kafka-lab-runner').admin();
    try {
      await admin.connect();
      const first = group.cells[0];
      if (first && experiment.clusterWarmupMs > 0 && !signal.aborted) {
        run.progress(`cluster: warm-up burst, ${experiment.clusterWarmup} (not measured)`);
        const warmed = await warmUpCluster(cluster, admin, variantOf(experiment, first).setup, run.runId, experiment.clusterWarmupMs, signal);
        run.progress(
          warmed.error
            ? `cluster: warm-up burst failed (${warmed.error}); the first cell may run on a cold cluster`
            : `cluster: warmed up with ${warmed.produced.toLocaleString('en-US')} records produced, ${warmed.consumed.toLocaleString('en-US')} consumed`,
        );
      }
      for (const cell of group.cells) {
        if (signal.aborted) break;
        let variant = variantOf(experiment, cell);
        const search = run.rampSearches.get(variant.name);
        if (search) {
          const rate = search.next();
          if (rate === undefined) {
            run.skip();
            continue;
          }
          const key = { ...variant.key, rampRate: rate };
          variant = { ...variant, name: cellName(key), key, setup: { ...variant.setup, workload: { ...variant.setup.workload, rate } } };
        }
        const context: CellContext = {
          experiment,
          variant,
          cell,
          cluster,
          admin,
          runId: run.runId,
          runDir: run.runDir,
          signal,
          sinkServers: run.sinkServers,
          ...(run.hurry ? { hurry: run.hurry } : {}),
          onPhase: (phase) => {
            if (run.onCellPhase)
              run.onCellPhase({ index: cell.index, total: experiment.cells.length, variant: variant.name, repetition: cell.repetition }, phase);
            else run.progress(`cell ${cell.index + 1}/${experiment.cells.length} ${variant.name} ${repetitionLabel(cell.repetition)}: ${phase}`);
          },
          ...(run.onLive ? { onLive: run.onLive } : {}),
          ...(run.onReading ? { onReading: run.onReading } : {}),
        };
        const result = await runCell(context);
        await run.save(search ? { ...result, ramp: search.judge(result) } : result);
      }
    } finally {
      await admin.disconnect().catch(() => {});
      run.progress('cluster: stopping');
      await cluster.stop();
    }
  }
}
