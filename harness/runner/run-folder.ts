import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { stringify } from 'yaml';
import { repoRoot } from '../paths.ts';
import { writeFileAtomic, writeJsonAtomic } from '../util/atomic-write.ts';
import type { Experiment } from '../spec/load-experiment.ts';
import type { CellResult } from './cell-result.ts';
import type { Environment } from './environment.ts';
import type { RampConfig } from './ramp-search.ts';
import type { AdaptiveRecord } from './adaptive-repetitions.ts';

export const resultsDir = process.env.KAFKA_LAB_RESULTS ?? path.join(repoRoot, 'results');
/** 2: run statuses `partial` and `interrupted` (were `failed` and `aborted`), `runnerPid`, `throughput.offeredPerSec`. */
export const runSchemaVersion = 2;

/**
 * `running` while it runs; `completed`: every cell completed; `partial`: some cells failed (their reasons are in
 * the cells); `interrupted`: stopped by a signal, with every cell measured so far; `crashed`: the runner died
 * without a word (SIGKILL, power) while `running`, as found by the next run.
 */
export type RunStatus = 'running' | 'completed' | 'partial' | 'interrupted' | 'crashed';

/** A run.json of any schema version, read as the current one: version 1 said `failed` and `aborted`. */
export function upgradeRunRecord(record: RunRecord): RunRecord {
  if (record.schemaVersion >= runSchemaVersion) return record;
  const renamed: Record<string, RunStatus> = { failed: 'partial', aborted: 'interrupted' };
  return { ...record, schemaVersion: runSchemaVersion, status: renamed[record.status] ?? record.status };
}

/** The contents of run.json; documented in docs/results.md. */
export interface RunRecord {
  schemaVersion: number;
  experiment: string;
  description: string;
  runId: string;
  status: RunStatus;
  /** The runner's process while it runs: how a later run tells a crashed run from a live one. */
  runnerPid?: number;
  baseline: string;
  durationMs: number;
  warmupMs: number;
  repetitions: number;
  /** A ramp run (see ramp-search.ts): its cells are steps named `<variant>@<rate>`, each with `ramp` set. */
  ramp?: RampConfig;
  /** repetitions: auto: its budget, its precision and what stopped it (`repetitions` is then the most any variant ran). */
  adaptive?: AdaptiveRecord;
  environment: Environment;
  cells: CellResult[];
}

/** A new folder for a run: results/<experiment>/<runId>/, never one that exists. */
export async function createRunFolder(experiment: Experiment, root = resultsDir): Promise<{ runId: string; runDir: string }> {
  const parent = path.join(root, experiment.name);
  await mkdir(parent, { recursive: true });
  for (let attempt = 0; attempt < 20; attempt++) {
    const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
    const runId = `${stamp}-${randomBytes(2).toString('hex')}`;
    const runDir = path.join(parent, runId);
    try {
      await mkdir(runDir);
      return { runId, runDir };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  throw new Error(`could not create a new run folder under ${parent}`);
}

/** The resolved experiment: every variant's full setup, as it ran. */
export async function writeResolvedExperiment(runDir: string, experiment: Experiment): Promise<void> {
  const resolved = {
    name: experiment.name,
    description: experiment.description,
    source: experiment.file,
    repetitions: experiment.repetitions,
    duration: experiment.duration,
    warmup: experiment.warmup,
    baseline: experiment.baseline,
    variants: experiment.variants.map((variant) => ({ name: variant.name, ...variant.setup })),
  };
  await writeFileAtomic(path.join(runDir, 'experiment.yaml'), `# Resolved from ${experiment.file}: defaults applied, variants and matrix expanded.\n${stringify(resolved)}`);
}

/** Rewritten whole after every cell, atomically, so a crash never leaves a half-written run.json. */
export async function writeRunRecord(runDir: string, record: RunRecord): Promise<void> {
  await writeJsonAtomic(path.join(runDir, 'run.json'), record);
}
