import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { startLocalPostgres } from '../../harness/sinks/local-postgres.ts';
import { parseExperiment } from '../../harness/experiment-file/load-experiment.ts';
import { runExperiment } from '../../harness/runner/run-experiment.ts';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

describe('the postgres sink on a real PostgreSQL', () => {
  it('persists every consumed message, one transaction per batch (with threshold-alert publishing alerts)', async () => {
    // Our own server, passed as DATABASE_URL, so the test can count the rows after the run.
    const postgres = await startLocalPostgres();
    const previous = process.env.DATABASE_URL;
    process.env.DATABASE_URL = postgres.url;
    try {
      const experiment = parseExperiment(
        'pg.yaml',
        [
          'duration: 3s',
          'warmup: 1s',
          'cluster: { provider: local }',
          'workload: { message: bus, rate: 400 }',
          'processor: { task: threshold-alert, alertThreshold: 0.5 }',
          'sink: { type: postgres, batchSize: 25 }',
        ].join('\n'),
      );
      const resultsDir = await mkdtemp(path.join(os.tmpdir(), 'kafka-lab-results-'));
      const { record } = await runExperiment(experiment, { signal: new AbortController().signal, resultsDir });
      const cell = record.cells[0]!;
      expect(cell.status).toBe('completed');
      const client = new pg.Client({ connectionString: postgres.url });
      await client.connect();
      const { rows } = await client.query(`SELECT count(*)::int AS n, count(DISTINCT seq)::int AS distinct_seq FROM cell_1`);
      await client.end();
      expect(rows[0].n).toBe(cell.sink!.persisted);
      expect(rows[0].n).toBe(cell.consumed!.unique);
      expect(rows[0].distinct_seq).toBe(rows[0].n);
      expect(cell.lost).toBe(0);
      // threshold-alert published an alert for each bus above half its capacity, every one acknowledged.
      expect(cell.task!.alerts).toBeGreaterThan(100);
      expect(cell.task!.alertsPublished).toBe(cell.task!.alerts);
    } finally {
      if (previous === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = previous;
      await postgres.stop();
    }
  });
});
