import { cp, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { encodeHistogram, newLatencyHistogram, recordMs } from '../../harness/metrics/latency-histogram.ts';
import { repoRoot } from '../../harness/paths.ts';
import type { RunRecord } from '../../harness/results/run-record.ts';

const notebooks = path.join(repoRoot, 'notebooks');
const fixtureRun = path.join(repoRoot, 'test', 'fixtures', 'runs', 'quickstart');

interface Output {
  output_type: string;
  data?: Record<string, string | string[]>;
  text?: string | string[];
  ename?: string;
  evalue?: string;
}
const joined = (value: string | string[] | undefined) => (Array.isArray(value) ? value.join('') : (value ?? ''));

/** Executes a notebook headless with Debian's Jupyter and the tslab kernel; returns every cell's outputs. */
async function execute(notebook: string, env: Record<string, string>): Promise<Output[]> {
  const out = path.join(await mkdtemp(path.join(os.tmpdir(), 'kafka-lab-nb-')), notebook);
  const result = await execa(
    '/usr/bin/jupyter',
    ['nbconvert', '--to', 'notebook', '--execute', '--allow-errors', '--ExecutePreprocessor.timeout=120', path.join(notebooks, notebook), '--output', out],
    { cwd: notebooks, env, reject: false, all: true },
  );
  expect(result.exitCode, result.all).toBe(0);
  const executed = JSON.parse(await readFile(out, 'utf8')) as { cells: Array<{ outputs?: Output[] }> };
  return executed.cells.flatMap((cell) => cell.outputs ?? []);
}

/** A copy of the recorded run with synthetic end-to-end histograms, so the notebooks have raw data to open. */
async function runWithHistograms(root: string, runId: string): Promise<string> {
  const folder = path.join(root, 'quickstart', runId);
  await cp(fixtureRun, folder, { recursive: true });
  const record = JSON.parse(await readFile(path.join(folder, 'run.json'), 'utf8')) as RunRecord;
  record.runId = runId;
  for (const [i, cell] of record.cells.entries()) {
    const histogram = newLatencyHistogram();
    for (let n = 1; n <= 2000; n++) recordMs(histogram, (n % 100) + i * 5);
    await mkdir(path.dirname(path.join(folder, cell.files!.histograms)), { recursive: true });
    await writeFile(
      path.join(folder, cell.files!.histograms),
      JSON.stringify({ merged: { endToEnd: encodeHistogram(histogram), endToEndCorrected: encodeHistogram(histogram) } }),
    );
  }
  await writeFile(path.join(folder, 'run.json'), JSON.stringify(record));
  return folder;
}

describe('the notebooks, executed headless with the tslab kernel', () => {
  let results: string;
  let older: string;
  let newer: string;
  beforeAll(async () => {
    results = await mkdtemp(path.join(os.tmpdir(), 'kafka-lab-nb-results-'));
    older = await runWithHistograms(results, '20260101-000000-aaaa');
    newer = await runWithHistograms(results, '20260102-000000-bbbb');
  });

  it('compare-two-runs picks the two newest runs and shows their variants, two charts and the environments', async () => {
    const outputs = await execute('compare-two-runs.ipynb', { KAFKA_LAB_RESULTS: results });
    expect(outputs.filter((o) => o.output_type === 'error').map((o) => `${o.ename}: ${o.evalue}`)).toEqual([]);
    const markdown = outputs.map((o) => joined(o.data?.['text/markdown'])).join('\n');
    expect(markdown).toContain(`| quickstart@${path.basename(newer)}/json | 2 |`);
    expect(markdown).toContain(`| quickstart@${path.basename(older)}/protobuf | 2 |`);
    expect(markdown).toMatch(/\| Node \| v20\.\d+\.\d+ \| v20\.\d+\.\d+ \| {2}\|/);
    const charts = outputs.map((o) => joined(o.data?.['image/svg+xml'])).filter(Boolean);
    expect(charts).toHaveLength(2);
    for (const svg of charts) expect(svg).toMatch(/^<svg[\s\S]*class="mark-(rect|symbol)[\s\S]*<path/);
  }, 120_000);

  it("latency-in-depth decodes every cell's HdrHistograms and draws the percentile curve", async () => {
    const outputs = await execute('latency-in-depth.ipynb', { KAFKA_LAB_NOTEBOOK_RUN: older });
    expect(outputs.filter((o) => o.output_type === 'error').map((o) => `${o.ename}: ${o.evalue}`)).toEqual([]);
    const table = outputs.map((o) => joined(o.data?.['text/markdown'])).find((text) => text.startsWith('| cell |'))!;
    // 2,000 values of 0..99 ms (+5 ms per cell): p50 49 ms, p90 89 ms, p99 98 ms within HdrHistogram's precision.
    expect(table).toMatch(/\| json r1 \| 2000 \| 49\.0\d \| 89\.0\d \| 98\.0\d \|/);
    expect(table).toMatch(/\| protobuf r1 \| 2000 \| 54\.0\d \|/);
    expect(table.split('\n')).toHaveLength(2 + 4);
    const charts = outputs.map((o) => joined(o.data?.['image/svg+xml'])).filter(Boolean);
    expect(charts).toHaveLength(2);
    for (const svg of charts) expect(svg).toContain('class="mark-');
  }, 120_000);
});
