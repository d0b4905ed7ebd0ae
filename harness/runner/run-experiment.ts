import { startCluster } from '../cluster/start-cluster.ts';
import { resolveShape } from '../cluster/shape.ts';
import type { Cluster } from '../cluster/types.ts';
import { kafkajsFor } from '../drivers/kafkajs/connect.ts';
import type { Cell, Experiment, Variant } from '../spec/load-experiment.ts';
import { startLocalPostgres, type LocalPostgres } from '../workload/sinks/local-postgres.ts';
import type { CellResult } from './cell-result.ts';
import { describeEnvironment } from './environment.ts';
import { runCell } from './run-cell.ts';
import { RampSearch } from './ramp-run.ts';
import { markCrashedRuns } from './crashed-runs.ts';
import { repeatUntilDecided } from './adaptive-repetitions.ts';
import { removeDeadClusterDirs } from '../cluster/local/dead-cluster-dirs.ts';
import { createRunFolder, resultsDir, runSchemaVersion, writeResolvedExperiment, writeRunRecord, type RunRecord } from './run-folder.ts';

/** How the caller hears about progress; the runner itself never prints. */
export interface RunEvents {
  onRunFolder?(runDir: string): void;
  onProgress?(line: string): void;
  /** A cell entered a phase (topics, processors, warm-up, measuring, draining, teardown). */
  onCellPhase?(cell: { index: number; total: number; variant: string; repetition: number }, phase: string): void;
  /** Once a second while a cell generates: acknowledged messages per second. */
  onLive?(ackedPerSec: number): void;
  onCellDone?(result: CellResult, done: number, total: number): void;
}

export interface RunOptions extends RunEvents {
  signal: AbortSignal;
  /** Aborted when the user insists (a second Ctrl-C): no more waiting for drains; results are still written. */
  hurry?: AbortSignal;
  /** Where run folders go; results/ by default. */
  resultsDir?: string;
  /** Test hook: processors drop every Nth message. */
  dropEvery?: number;
}

/** Cells grouped by the cluster they need, in plan order, so a cluster is started once per group. */
function groupByCluster(experiment: Experiment, cells: Cell[]): Array<{ cluster: Variant['setup']['cluster']; cells: Cell[] }> {
  const groups = new Map<string, { cluster: Variant['setup']['cluster']; cells: Cell[] }>();
  for (const cell of cells) {
    const variant = experiment.variants.find((v) => v.name === cell.variant)!;
    const key = JSON.stringify(variant.setup.cluster);
    if (!groups.has(key)) groups.set(key, { cluster: variant.setup.cluster, cells: [] });
    groups.get(key)!.cells.push(cell);
  }
  return [...groups.values()];
}

function notRun(experiment: Experiment, cell: Experiment['cells'][number], status: CellResult['status'], reason: string): CellResult {
  const variant = experiment.variants.find((v) => v.name === cell.variant)!;
  const now = new Date().toISOString();
  return { index: cell.index, variant: cell.variant, repetition: cell.repetition, status, reason, params: variant.setup, topic: '', startedAt: now, endedAt: now };
}

/**
 * Runs every cell of an experiment and writes results/<experiment>/<runId>/ as it goes: each cell is in
 * run.json the moment it ends. A failed cell is recorded with its reason and the run goes on; an abort
 * marks the current cell aborted and stops everything it started.
 */
export async function runExperiment(experiment: Experiment, options: RunOptions): Promise<{ runDir: string; record: RunRecord }> {
  const progress = options.onProgress ?? (() => {});
  for (const crashed of await markCrashedRuns(options.resultsDir ?? resultsDir)) progress(`marked crashed (its runner is gone): ${crashed}`);
  for (const removed of await removeDeadClusterDirs()) progress(`removed the cluster dir of a dead run: ${removed}`);
  const { runId, runDir } = await createRunFolder(experiment, options.resultsDir);
  options.onRunFolder?.(runDir);
  await writeResolvedExperiment(runDir, experiment);
  const kafkaVersions = [...new Set(experiment.variants.map((v) => v.setup.cluster.kafkaVersion))];
  const record: RunRecord = {
    schemaVersion: runSchemaVersion, experiment: experiment.name, description: experiment.description, runId, status: 'running', runnerPid: process.pid,
    baseline: experiment.baseline, ...(experiment.ramp ? { ramp: experiment.ramp } : {}), ...(experiment.adaptive ? { adaptive: { ...experiment.adaptive } } : {}), durationMs: experiment.durationMs, warmupMs: experiment.warmupMs, repetitions: experiment.repetitions,
    environment: await describeEnvironment(kafkaVersions, experiment.variants), cells: [],
  };
  await writeRunRecord(runDir, record);
  const save = async (result: CellResult) => {
    record.cells.push(result);
    record.cells.sort((a, b) => a.index - b.index);
    await writeRunRecord(runDir, record);
    options.onCellDone?.(result, record.cells.length, experiment.cells.length);
  };

  const rampSearches = new Map(experiment.ramp ? experiment.variants.map((v) => [v.name, new RampSearch(experiment.ramp!, v.name)]) : []);
  let skipped = 0;
  let postgres: LocalPostgres | undefined;
  let databaseUrl = process.env.DATABASE_URL;
  /** Runs these cells, a cluster started once per group of cells that need the same one. */
  const runCells = async (cells: Cell[]) => {
    for (const group of groupByCluster(experiment, cells)) {
      if (options.signal.aborted) break;
      let cluster: Cluster | undefined;
      try {
        const shape = resolveShape({ brokers: group.cluster.brokers, kafkaVersion: group.cluster.kafkaVersion, brokerConfig: group.cluster.brokerConfig, ...(group.cluster.controllers !== undefined ? { controllers: group.cluster.controllers } : {}) });
        progress(`cluster: starting ${group.cluster.brokers} broker(s), Kafka ${group.cluster.kafkaVersion}`);
        cluster = await startCluster({ provider: group.cluster.provider, shape, ...(group.cluster.bootstrapServers ? { bootstrapServers: group.cluster.bootstrapServers } : {}) }, { onProgress: (line) => progress(`cluster: ${line}`), signal: options.signal, ...(group.cluster.cpus ? { cpus: group.cluster.cpus } : {}) });
      } catch (error) {
        const reason = options.signal.aborted ? 'interrupted' : `cluster did not start: ${error instanceof Error ? error.message : String(error)}`;
        for (const cell of group.cells) await save(notRun(experiment, cell, options.signal.aborted ? 'aborted' : 'failed', reason));
        continue;
      }
      const admin = kafkajsFor(cluster.connection, 'kafka-lab-runner').admin();
      try {
        await admin.connect();
        for (const cell of group.cells) {
          if (options.signal.aborted) break;
          let variant = experiment.variants.find((v) => v.name === cell.variant)!;
          const search = experiment.ramp && rampSearches.get(variant.name);
          if (search) {
            const rate = search.next();
            if (rate === undefined) {
              skipped++;
              continue;
            }
            variant = { ...variant, name: `${variant.name}@${rate}`, setup: { ...variant.setup, workload: { ...variant.setup.workload, rate } } };
          }
          const label = `cell ${cell.index + 1}/${experiment.cells.length} ${variant.name} r${cell.repetition}`;
          const result = await runCell({
            experiment, variant, cell, cluster, admin, runId, runDir, signal: options.signal,
            ...(options.hurry ? { hurry: options.hurry } : {}),
            onPhase: (phase) => {
              if (options.onCellPhase) options.onCellPhase({ index: cell.index, total: experiment.cells.length, variant: variant.name, repetition: cell.repetition }, phase);
              else progress(`${label}: ${phase}`);
            },
            ...(options.onLive ? { onLive: options.onLive } : {}),
            ...(databaseUrl ? { databaseUrl } : {}),
            ...(options.dropEvery ? { dropEvery: options.dropEvery } : {}),
          });
          if (search) search.record(result);
          await save(result);
        }
      } finally {
        await admin.disconnect().catch(() => {});
        progress('cluster: stopping');
        await cluster.stop();
      }
    }
  };

  try {
    if (!databaseUrl && experiment.variants.some((v) => v.setup.sink.type === 'postgres')) {
      progress('starting a throwaway local PostgreSQL for the postgres sink');
      postgres = await startLocalPostgres();
      databaseUrl = postgres.url;
    }
    await runCells(experiment.cells);
    if (experiment.adaptive && record.adaptive) {
      record.adaptive.stoppedBy = await repeatUntilDecided(experiment, record, options.signal, runCells);
      record.repetitions = Math.max(...experiment.variants.map((v) => record.cells.filter((c) => c.variant === v.name).length));
    }
  } finally {
    await postgres?.stop();
    const statuses = record.cells.map((cell) => cell.status);
    // A ramp step that was too fast is a finding, not a failure of the run.
    const ok = statuses.every((s) => s === 'completed') || (experiment.ramp !== undefined && record.cells.every((c) => c.status === 'completed' || c.ramp));
    // Every cell measured and completed is a completed run, even when a signal came during the final cluster stop.
    const everyCell = statuses.length + skipped === experiment.cells.length;
    record.status = everyCell && ok ? 'completed' : options.signal.aborted ? 'interrupted' : 'partial';
    record.environment.endedAt = new Date().toISOString();
    await writeRunRecord(runDir, record);
  }
  return { runDir, record };
}
