import { type CellKey, keyOfLegacyName } from '../experiment-file/cell-key.ts';
import type { RampConfig } from '../experiment-file/ramp-config.ts';
import type { Threshold } from '../experiment-file/thresholds.ts';
import type { CellResult } from './cell-result.ts';

/** 2: run statuses `partial` and `interrupted` (were `failed` and `aborted`), `runnerPid`, `throughput.offeredPerSec`; 3: every cell its `key`. */
export const runSchemaVersion = 3;

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
  // Cells recorded before version 3 carry no key: it is read off their name, here and nowhere else.
  const cells = record.cells.map((cell) => (cell.key ? cell : { ...cell, key: keyOfLegacyName(cell.variant) }));
  const baselineKey = record.baselineKey ?? keyOfLegacyName(record.baseline);
  return { ...record, schemaVersion: runSchemaVersion, status: renamed[record.status] ?? record.status, cells, baselineKey };
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
  /** The baseline as data: a variant, with a matrix combination or not (a short name judges each combination against its own). */
  baselineKey?: CellKey;
  durationMs: number;
  warmupMs: number;
  /** The produce/consume burst through each cluster before its first cell (absent in runs older than it, which had none). */
  clusterWarmupMs?: number;
  repetitions: number;
  /** A ramp run (see ramp-search.ts): its cells are steps named `<variant>@<rate>`, each with `ramp` set. */
  ramp?: RampConfig;
  /** repetitions: auto: its budget, its precision and what stopped it (`repetitions` is then the most any variant ran). */
  adaptive?: AdaptiveRecord;
  /** The experiment file's thresholds: the report checks each against the summary. */
  thresholds?: Threshold[];
  /** Whether a pilot round (repetition 0, reported, never counted) ran first; absent in older runs (none did). */
  pilot?: boolean;
  /** The order cells ran in: each round shuffled by `seed`, or as written; absent in older runs (as written). */
  order?: { shuffled: boolean; seed: number };
  /** The variants in the experiment file's order, which tables follow whatever order the cells ran in (absent in older runs: their cells' order). */
  variants?: string[];
  environment: Environment;
  cells: CellResult[];
}

/** What ended the repetitions of `repetitions: auto`. */
export type AdaptiveStop = 'every verdict decided' | 'maxRepetitions reached' | 'interrupted';

/** How a sequential design spends its alpha over its looks (analysis/sequential-design.ts). */
export type SpendingFunction = 'pocock' | 'obrien-fleming';

/** run.json's account of `repetitions: auto`. */
export interface AdaptiveRecord {
  maxRepetitions: number;
  precision: number;
  /** p99 latency's precision (absent in runs older than it: the default, 0.25). */
  p99Precision?: number;
  /** Rounds run before the first look (absent in runs older than the sequential design: 4). */
  firstRepetitions?: number;
  /** The alpha-spending function of the design (absent in older runs: the current default). */
  spending?: SpendingFunction;
  stoppedBy?: AdaptiveStop;
  /** Verdicts still undecided when the budget was spent. */
  undecided?: string[];
}

/** Where and with what a run was measured: results from different environments must not be compared silently. */
export interface Environment {
  node: string;
  clients: Record<string, string>;
  kafkaVersions: string[];
  cpu: { model: string; cores: number };
  memoryGiB: number;
  platform: string;
  loadAverageAtStart: number[];
  /**
   * Variants placed on CPUs (cluster.cpus, workload.cpus; a taskset list each, absent = any CPU). Each cell's
   * resources give each side's CPU use. Absent when no variant is placed.
   */
  cpuPlacement?: Array<{ variant: string; cluster?: string; workload?: string }>;
  gitSha: string;
  gitDirty: boolean;
  startedAt: string;
  endedAt?: string;
}
