import type { LiveReading, LiveSecond } from './cell/cell-plan.ts';
import { resultsDir } from '../paths.ts';
import type { Cell, Experiment } from '../experiment-file/load-experiment.ts';
import { autoSpending } from '../analysis/sequential-design.ts';
import { removeDeadClusterDirs } from '../cluster/local/dead-cluster-dirs.ts';
import type { CellResult } from '../results/cell-result.ts';
import { runSchemaVersion, type RunRecord } from '../results/run-record.ts';
import { repeatUntilDecided } from './adaptive-repetitions.ts';
import { runCellsOnClusters, type CellsRun } from './cells-on-clusters.ts';
import { markCrashedRuns } from './crashed-runs.ts';
import { describeEnvironment } from './environment.ts';
import { RampSearch } from './ramp-run.ts';
import { createRunFolder, writeResolvedExperiment, writeRunRecord } from './run-folder.ts';
import { provisionSinkServers } from './sink-servers.ts';

/** How the caller hears about progress; the runner itself never prints. */
export interface RunEvents {
  onRunFolder?(runDir: string): void;
  onProgress?(line: string): void;
  /** A cell entered a phase (topics, processors, warm-up, measuring, draining, teardown). */
  onCellPhase?(cell: { index: number; total: number; variant: string; repetition: number }, phase: string): void;
  onLive?(second: LiveSecond): void;
  /** A collector's reading of the running cell (CPU of a process, lag, a broker's produce p99), as it is taken. */
  onReading?(reading: LiveReading): void;
  onCellDone?(result: CellResult, done: number, total: number): void;
}

/** Several listeners as one: each event goes to every listener that has it, in order. */
export function allOf(...listeners: RunEvents[]): RunEvents {
  const names = ['onRunFolder', 'onProgress', 'onCellPhase', 'onLive', 'onReading', 'onCellDone'] as const;
  const merged: Record<string, (...args: never[]) => void> = {};
  for (const name of names) {
    const handlers = listeners
      .map((listener) => listener[name] as ((...args: never[]) => void) | undefined)
      .filter((handler): handler is (...args: never[]) => void => handler !== undefined);
    if (handlers.length)
      merged[name] = (...args: never[]) => {
        for (const handler of handlers) handler(...args);
      };
  }
  return merged as RunEvents;
}

export interface RunOptions extends RunEvents {
  signal: AbortSignal;
  /** Aborted when the user insists (a second Ctrl-C): no more waiting for drains; results are still written. */
  hurry?: AbortSignal;
  /** Where run folders go; results/ by default. */
  resultsDir?: string;
}

/** A new run.json: the experiment's settings and the machine it runs on, no cells yet. */
async function newRunRecord(experiment: Experiment, runId: string): Promise<RunRecord> {
  const kafkaVersions = [...new Set(experiment.variants.map((v) => v.setup.cluster.kafkaVersion))];
  return {
    schemaVersion: runSchemaVersion,
    experiment: experiment.name,
    description: experiment.description,
    runId,
    status: 'running',
    runnerPid: process.pid,
    baseline: experiment.baseline,
    baselineKey: experiment.variants.find((variant) => variant.name === experiment.baseline)?.key ?? { variant: experiment.baseline },
    ...(experiment.ramp ? { ramp: experiment.ramp } : {}),
    ...(experiment.adaptive ? { adaptive: { ...experiment.adaptive, firstRepetitions: experiment.repetitions, spending: autoSpending } } : {}),
    pilot: experiment.pilot,
    order: experiment.order,
    variants: experiment.variants.map((variant) => variant.name),
    ...(experiment.thresholds ? { thresholds: experiment.thresholds } : {}),
    durationMs: experiment.durationMs,
    warmupMs: experiment.warmupMs,
    clusterWarmupMs: experiment.clusterWarmupMs,
    repetitions: experiment.repetitions,
    environment: await describeEnvironment(kafkaVersions, experiment.variants),
    cells: [],
  };
}

/** The run's status from its cells: a ramp step that was too fast is a finding, not a failure of the run. */
function runStatus(experiment: Experiment, record: RunRecord, skipped: number, interrupted: boolean): RunRecord['status'] {
  const ok = record.cells.every((c) => c.status === 'completed' || (experiment.ramp !== undefined && c.ramp));
  // Every cell measured and completed is a completed run, even when a signal came during the final cluster stop.
  const everyCell = record.cells.length + skipped === experiment.cells.length;
  return everyCell && ok ? 'completed' : interrupted ? 'interrupted' : 'partial';
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
  const record = await newRunRecord(experiment, runId);
  await writeRunRecord(runDir, record);

  let skipped = 0;
  const servers = await provisionSinkServers(experiment, progress);
  const run: CellsRun = {
    experiment,
    runId,
    runDir,
    signal: options.signal,
    ...(options.hurry ? { hurry: options.hurry } : {}),
    sinkServers: servers.addresses,
    rampSearches: new Map(experiment.ramp ? experiment.variants.map((v) => [v.name, new RampSearch(experiment.ramp!, v.name)]) : []),
    progress,
    ...(options.onCellPhase ? { onCellPhase: options.onCellPhase } : {}),
    ...(options.onLive ? { onLive: options.onLive } : {}),
    ...(options.onReading ? { onReading: options.onReading } : {}),
    save: async (result) => {
      record.cells.push(result);
      record.cells.sort((a, b) => a.index - b.index);
      await writeRunRecord(runDir, record);
      options.onCellDone?.(result, record.cells.length, experiment.cells.length);
    },
    skip: () => skipped++,
  };
  try {
    await runCellsOnClusters(run, experiment.cells);
    if (experiment.adaptive && record.adaptive) {
      record.adaptive.stoppedBy = await repeatUntilDecided(experiment, record, options.signal, (cells: Cell[]) => runCellsOnClusters(run, cells));
      record.repetitions = Math.max(...experiment.variants.map((v) => record.cells.filter((c) => c.variant === v.name && c.repetition > 0).length));
    }
  } finally {
    await servers.stop();
    record.status = runStatus(experiment, record, skipped, options.signal.aborted);
    record.environment.endedAt = new Date().toISOString();
    await writeRunRecord(runDir, record);
  }
  return { runDir, record };
}
