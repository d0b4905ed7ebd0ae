import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../harness/paths.ts';
import type { RunRecord } from '../../harness/results/run-record.ts';

describe("npm run experiment quickstart (the README's main command)", () => {
  it('runs the shipped file end to end and writes the run folder with its report', async () => {
    const results = await mkdtemp(path.join(os.tmpdir(), 'kafka-lab-quickstart-'));
    const home = await mkdtemp(path.join(os.tmpdir(), 'kafka-lab-home-'));
    const run = await execa('npm', ['run', '--silent', 'experiment', '--', 'quickstart', '--plain'], {
      cwd: repoRoot,
      env: { KAFKA_LAB_RESULTS: results, KAFKA_LAB_HOME: home },
      reject: false,
      all: true,
    });
    expect(run.exitCode, run.all).toBe(0);
    const runDir = /^run folder: (.+)$/m.exec(run.stdout)![1]!;
    const record = JSON.parse(await readFile(path.join(runDir, 'run.json'), 'utf8')) as RunRecord;
    expect(record.status).toBe('completed');
    // Three rounds, each holding both variants once in a shuffled order.
    expect(record.cells.map((cell) => [cell.repetition, cell.variant, cell.status, cell.lost]).sort()).toEqual(
      [1, 2, 3].flatMap((repetition) => [
        [repetition, 'json', 'completed', 0],
        [repetition, 'protobuf', 'completed', 0],
      ]),
    );
    for (const file of ['report.html', 'summary.md', 'summary.csv', 'experiment.yaml']) expect(existsSync(path.join(runDir, file)), file).toBe(true);
    // It ends with a decided answer, and says so.
    expect(run.stdout).toMatch(/^Which variants carry the offered rate\? \(decided\) /m);
    // The cluster was warmed up before the first cell, and every record of the burst came back.
    const warmed = /cluster: warmed up with ([\d,]+) records produced, ([\d,]+) consumed/.exec(run.stderr);
    expect(warmed, run.stderr).not.toBeNull();
    expect(Number(warmed![1]!.replaceAll(',', ''))).toBeGreaterThan(0);
    expect(warmed![2]).toBe(warmed![1]);
    // --plain prints rates every 5 s, and the end-to-end p99 once the measured phase has begun.
    expect(run.stderr).toMatch(/^ {2}[\d,]+ msg\/s acknowledged, [\d,]+ processed, end-to-end p99 [\d.]+ ms \(worst second\) \(last 5 s\)$/m);
  }, 300_000);
});
