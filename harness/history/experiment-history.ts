import type { FigureName } from '../figures/catalog.ts';
import type { RunIndex } from './run-index.ts';

/** One variant's metric in one run, as the history shows it. */
export interface HistoryPoint {
  runId: string;
  runDir: string;
  startedAt: string;
  status: string;
  variant: string;
  value: number;
  low?: number;
  high?: number;
  setupHash: string;
  /** The variant's setup is not the one its latest run used: the point measured something else. */
  setupDiffers: boolean;
}

/** A run whose environment differs from the run before it: what changed. */
export interface EnvironmentChange {
  runId: string;
  startedAt: string;
  changes: string[];
}

interface RunRow {
  run_dir: string;
  run_id: string;
  started_at: string;
  status: string;
  git_sha: string;
  node: string;
  clients: string;
  kafka_versions: string;
  cpu_model: string;
  cores: number;
}

const environmentFields: Array<[keyof RunRow, string]> = [
  ['git_sha', 'code (git)'],
  ['node', 'Node'],
  ['clients', 'client versions'],
  ['kafka_versions', 'Kafka'],
  ['cpu_model', 'CPU'],
  ['cores', 'cores'],
];

/** Every indexed run of an experiment, oldest first, with one metric per variant and the environment changes. */
export function experimentHistory(
  db: RunIndex,
  experiment: string,
  options: { metric: FigureName; variant?: string },
): { points: HistoryPoint[]; environmentChanges: EnvironmentChange[]; runs: number } {
  const runs = db.prepare('SELECT * FROM runs WHERE experiment = ? ORDER BY started_at').all(experiment) as RunRow[];
  const rows = db
    .prepare(
      `SELECT r.run_dir, r.run_id, r.started_at, r.status, v.variant, v.setup_hash, m.value, m.low, m.high
       FROM runs r JOIN variants v ON v.run_dir = r.run_dir JOIN metrics m ON m.run_dir = v.run_dir AND m.variant = v.variant
       WHERE r.experiment = ? AND m.metric = ? AND (? IS NULL OR v.variant = ?) ORDER BY r.started_at, v.variant`,
    )
    .all(experiment, options.metric, options.variant ?? null, options.variant ?? null) as Array<{
    run_dir: string;
    run_id: string;
    started_at: string;
    status: string;
    variant: string;
    setup_hash: string;
    value: number;
    low: number | null;
    high: number | null;
  }>;
  const latestHash = new Map<string, string>();
  for (const row of rows) latestHash.set(row.variant, row.setup_hash);
  const points = rows.map(
    (row): HistoryPoint => ({
      runId: row.run_id,
      runDir: row.run_dir,
      startedAt: row.started_at,
      status: row.status,
      variant: row.variant,
      value: row.value,
      ...(row.low !== null ? { low: row.low } : {}),
      ...(row.high !== null ? { high: row.high } : {}),
      setupHash: row.setup_hash,
      setupDiffers: latestHash.get(row.variant) !== row.setup_hash,
    }),
  );
  const environmentChanges = runs.slice(1).flatMap((run, i): EnvironmentChange[] => {
    const before = runs[i]!;
    const shown = (field: keyof RunRow, row: RunRow) => (field === 'git_sha' ? String(row[field]).slice(0, 10) : String(row[field]));
    const changes = environmentFields
      .filter(([field]) => run[field] !== before[field])
      .map(([field, label]) => `${label}: ${shown(field, before)} → ${shown(field, run)}`);
    return changes.length ? [{ runId: run.run_id, startedAt: run.started_at, changes }] : [];
  });
  return { points, environmentChanges, runs: runs.length };
}
