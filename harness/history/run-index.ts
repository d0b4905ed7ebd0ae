import { createHash } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import { figureNames } from '../figures/catalog.ts';
import { summarizeVariants } from '../analysis/run-to-summary.ts';
import { metricValueOf } from '../analysis/summary-metric-values.ts';
import { readRunRecord } from '../results/read-run-record.ts';
import type { RunRecord } from '../results/run-record.ts';
import { errorMessage } from '../util/error-message.ts';

/**
 * The run history: one SQLite file indexing every finished run under a results folder — the run and its
 * environment, each variant's resolved setup (and its hash) and cluster shape, and every summary metric by its
 * documented name. The run folders stay the source of truth: the index is brought up to date from them on every
 * use and can be deleted at any time. docs/results.md describes its tables.
 */
const schema = `
CREATE TABLE IF NOT EXISTS runs (
  run_dir TEXT PRIMARY KEY, experiment TEXT NOT NULL, run_id TEXT NOT NULL, status TEXT NOT NULL,
  started_at TEXT NOT NULL, ended_at TEXT, git_sha TEXT, git_dirty INTEGER, node TEXT, clients TEXT,
  kafka_versions TEXT, cpu_model TEXT, cores INTEGER, memory_gib REAL, load_average REAL, run_json_mtime REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS variants (
  run_dir TEXT NOT NULL REFERENCES runs(run_dir) ON DELETE CASCADE, variant TEXT NOT NULL, setup_hash TEXT NOT NULL,
  setup TEXT NOT NULL, provider TEXT, brokers INTEGER, controllers INTEGER, partitions INTEGER, replication_factor INTEGER,
  completed INTEGER NOT NULL, cells INTEGER NOT NULL, PRIMARY KEY (run_dir, variant)
);
CREATE TABLE IF NOT EXISTS metrics (
  run_dir TEXT NOT NULL REFERENCES runs(run_dir) ON DELETE CASCADE, variant TEXT NOT NULL, metric TEXT NOT NULL,
  value REAL NOT NULL, low REAL, high REAL, PRIMARY KEY (run_dir, variant, metric)
);
CREATE INDEX IF NOT EXISTS runs_by_experiment ON runs (experiment, started_at);
`;

export type RunIndex = Database.Database;

/** Opens (creating if need be) the index file. */
export function openRunIndex(file: string): RunIndex {
  const db = new Database(file);
  db.pragma('foreign_keys = ON');
  db.exec(schema);
  return db;
}

/** JSON with keys sorted at every level, so equal setups hash equal whatever order their keys were written in. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** A short hash of a resolved setup: two runs of a variant with the same hash ran the same setup. */
export function setupHash(setup: unknown): string {
  return createHash('sha256').update(canonicalJson(setup)).digest('hex').slice(0, 12);
}

async function runFolders(resultsRoot: string): Promise<string[]> {
  const experiments = await readdir(resultsRoot, { withFileTypes: true }).catch(() => []);
  const folders: string[] = [];
  for (const experiment of experiments.filter((entry) => entry.isDirectory())) {
    const runs = await readdir(path.join(resultsRoot, experiment.name), { withFileTypes: true }).catch(() => []);
    for (const run of runs.filter((entry) => entry.isDirectory())) folders.push(path.join(resultsRoot, experiment.name, run.name));
  }
  return folders;
}

function insertRun(db: RunIndex, runDir: string, record: RunRecord, mtime: number): void {
  const env = record.environment;
  db.prepare('DELETE FROM runs WHERE run_dir = ?').run(runDir);
  db.prepare(
    `INSERT INTO runs (run_dir, experiment, run_id, status, started_at, ended_at, git_sha, git_dirty, node, clients, kafka_versions, cpu_model, cores, memory_gib, load_average, run_json_mtime)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    runDir,
    record.experiment,
    record.runId,
    record.status,
    env.startedAt,
    env.endedAt ?? null,
    env.gitSha,
    env.gitDirty ? 1 : 0,
    env.node,
    canonicalJson(env.clients),
    env.kafkaVersions.join(', '),
    env.cpu.model,
    env.cpu.cores,
    env.memoryGiB,
    env.loadAverageAtStart[0] ?? null,
    mtime,
  );
  const variantRow = db.prepare(
    `INSERT INTO variants (run_dir, variant, setup_hash, setup, provider, brokers, controllers, partitions, replication_factor, completed, cells)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const metricRow = db.prepare('INSERT INTO metrics (run_dir, variant, metric, value, low, high) VALUES (?, ?, ?, ?, ?, ?)');
  for (const row of summarizeVariants(record)) {
    const setup = record.cells.find((cell) => cell.variant === row.variant)?.params;
    if (!setup) continue;
    variantRow.run(
      runDir,
      row.variant,
      setupHash(setup),
      canonicalJson(setup),
      setup.cluster.provider,
      setup.cluster.brokers,
      setup.cluster.controllers ?? null,
      setup.topic.partitions,
      setup.topic.replicationFactor,
      row.completed,
      row.cells,
    );
    for (const metric of figureNames) {
      const measured = metricValueOf(metric, row);
      if (measured) metricRow.run(runDir, row.variant, metric, measured.value, measured.low ?? null, measured.high ?? null);
    }
  }
}

/**
 * Brings the index up to date with the run folders under `resultsRoot`: finished runs whose run.json is new or
 * changed are (re)indexed, runs whose folder is gone are dropped. A run still running is left out; a damaged
 * run.json is skipped and named in `skipped`.
 */
export async function updateRunIndex(db: RunIndex, resultsRoot: string): Promise<{ indexed: number; removed: number; skipped: string[] }> {
  const known = new Map(
    (db.prepare('SELECT run_dir, run_json_mtime FROM runs').all() as Array<{ run_dir: string; run_json_mtime: number }>).map((row) => [
      row.run_dir,
      row.run_json_mtime,
    ]),
  );
  const seen = new Set<string>();
  const skipped: string[] = [];
  let indexed = 0;
  for (const runDir of await runFolders(resultsRoot)) {
    const file = await stat(path.join(runDir, 'run.json')).catch(() => undefined);
    if (!file?.isFile()) continue;
    seen.add(runDir);
    if (known.get(runDir) === file.mtimeMs) continue;
    try {
      const record = await readRunRecord(runDir);
      if (record.status === 'running') continue;
      db.transaction(() => insertRun(db, runDir, record, file.mtimeMs))();
      indexed++;
    } catch (error) {
      skipped.push(`${runDir}: ${errorMessage(error)}`);
    }
  }
  const gone = [...known.keys()].filter((runDir) => !seen.has(runDir));
  for (const runDir of gone) db.prepare('DELETE FROM runs WHERE run_dir = ?').run(runDir);
  return { indexed, removed: gone.length, skipped };
}
