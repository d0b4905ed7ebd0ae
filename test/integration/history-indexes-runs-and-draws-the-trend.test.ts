import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../harness/paths.ts';
import type { RunRecord } from '../../harness/results/run-record.ts';
import { withReportInChromium } from '../support/open-in-chromium.ts';

const bin = path.join(repoRoot, 'bin', 'kafka-lab.mjs');
const recorded = JSON.parse(await readFile(path.join(repoRoot, 'test', 'fixtures', 'runs', 'quickstart', 'run.json'), 'utf8')) as RunRecord;

/**
 * The recorded quickstart run as another run: its id, start, msgs/s scaled, and what else `change` alters. The
 * recording has 2 repetitions a variant, too few for an interval: each variant's first is repeated as a third, a
 * little faster, so the history has intervals to draw.
 */
function runLike(runId: string, startedAt: string, scale: number, change: (record: RunRecord) => RunRecord = (r) => r): RunRecord {
  const thirds = recorded.cells
    .filter((cell) => cell.repetition === 1 && cell.throughput)
    .map((cell, i) => ({
      ...cell,
      index: recorded.cells.length + i,
      repetition: 3,
      throughput: { ...cell.throughput!, consumedPerSec: (cell.throughput!.consumedPerSec ?? 0) * 1.01 },
    }));
  return change({
    ...recorded,
    runId,
    environment: { ...recorded.environment, startedAt },
    cells: [...recorded.cells, ...thirds].map((cell) =>
      cell.throughput ? { ...cell, throughput: { ...cell.throughput, consumedPerSec: (cell.throughput.consumedPerSec ?? 0) * scale } } : cell,
    ),
  });
}

describe('npm run history', () => {
  it('indexes three runs, prints the trend with setup and environment changes, and writes a page that renders in Chromium', async () => {
    const results = await mkdtemp(path.join(os.tmpdir(), 'kafka-lab-history-'));
    const runs = [
      runLike('20261101-100000-aaaa', '2026-11-01T10:00:00.000Z', 1),
      // Another serializer setting for json: the history flags it as a different setup.
      runLike('20261108-100000-bbbb', '2026-11-08T10:00:00.000Z', 1.1, (r) => ({
        ...r,
        cells: r.cells.map((c) => (c.variant === 'json' ? { ...c, params: { ...c.params, topic: { ...c.params.topic, partitions: 6 } } } : c)),
      })),
      // Newer code: an environment change on the time axis.
      runLike('20261115-100000-cccc', '2026-11-15T10:00:00.000Z', 0.9, (r) => ({ ...r, environment: { ...r.environment, gitSha: 'f00dfeed1234567' } })),
    ];
    for (const run of runs) {
      const folder = path.join(results, 'quickstart', run.runId);
      await mkdir(folder, { recursive: true });
      await writeFile(path.join(folder, 'run.json'), JSON.stringify(run));
    }
    const history = await execa(process.execPath, [bin, 'history', 'quickstart'], { env: { KAFKA_LAB_RESULTS: results }, reject: false, all: true });
    expect(history.exitCode, history.all).toBe(0);
    const lines = history.stdout.split('\n');
    expect(lines[0]).toMatch(/^started\s+run\s+variant\s+msgsPerSec \(msgs\/s\)\s+95 % CI\s+setup\s+environment$/);
    expect(lines.filter((line) => /^2026-11-\d\dT/.test(line))).toHaveLength(6);
    expect(history.stdout).toMatch(/20261108-100000-bbbb\s+json\s+[\d,.]+\s+[\d,.–]+\s+differs from the latest/);
    expect(history.stdout).toMatch(/20261115-100000-cccc\s+json.*code \(git\): \w{10} → f00dfeed12/);
    const page = path.join(results, 'quickstart', 'history.html');
    expect(existsSync(page)).toBe(true);
    expect(existsSync(path.join(results, 'history.sqlite'))).toBe(true);
    await withReportInChromium(page, async ({ consoleErrors, marksPerChart }) => {
      expect(consoleErrors).toEqual([]);
      // 6 points, 6 interval rules, 2 lines, 1 environment rule.
      expect(marksPerChart['chart-history']).toBeGreaterThanOrEqual(13);
    });

    // The index follows the folders: a run removed is gone from the next history.
    const again = await execa(process.execPath, [bin, 'history', 'quickstart', '--variant', 'protobuf', '--metric', 'latency.p99'], {
      env: { KAFKA_LAB_RESULTS: results },
      reject: false,
      all: true,
    });
    expect(again.exitCode, again.all).toBe(0);
    expect(again.stdout.split('\n').filter((line) => /^2026-11-\d\dT/.test(line))).toHaveLength(3);
    const bad = await execa(process.execPath, [bin, 'history', 'quickstart', '--metric', 'msgPerSec'], {
      env: { KAFKA_LAB_RESULTS: results },
      reject: false,
      all: true,
    });
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('Error: --metric msgPerSec is not a summary metric (did you mean "msgsPerSec"?');
  }, 120_000);
});
