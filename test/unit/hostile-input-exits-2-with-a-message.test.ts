import { cp, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode, UserError } from '../../harness/errors.ts';
import { readRunRecord } from '../../harness/results/read-run-record.ts';
import { writeRunReport } from '../../harness/report/write-run-report.ts';
import { parseExperiment } from '../../harness/experiment-file/load-experiment.ts';

const fixtureRun = path.join(import.meta.dirname, '..', 'fixtures', 'runs', 'quickstart');

function refusal(action: () => unknown): UserError {
  try {
    action();
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error('accepted');
}

async function refusalOf(action: () => Promise<unknown>): Promise<UserError> {
  const error = await action().then(
    () => new Error('accepted'),
    (thrown: unknown) => thrown,
  );
  if (error instanceof UserError) return error;
  throw error;
}

describe('experiment input that must be refused before anything starts', () => {
  it('a file name that would put its results outside results/', () => {
    for (const name of ['....yaml', '..yaml', '.hidden.yaml', 'a b.yaml']) {
      const error = refusal(() => parseExperiment(`dir/${name}`, 'description: x'));
      expect(error.exitCode).toBe(ExitCode.badInput);
      expect(error.what).toMatch(/cannot name a results folder/);
    }
    expect(parseExperiment('dir/my-test.v2.yaml', 'description: x').name).toBe('my-test.v2');
  });

  it('a --set value that is not YAML, naming --set', () => {
    const error = refusal(() => parseExperiment('x.yaml', 'description: x', { set: ['workload.rate=[1,2'] }));
    expect(error.exitCode).toBe(ExitCode.badInput);
    expect(error.what).toMatch(/^--set workload.rate=\[1,2: the value is not valid YAML/);
  });
});

describe('report on a damaged run folder', () => {
  for (const [what, text, message] of [
    ['cut short', '{"schemaVersion": 1, "experiment": "quick', /run.json is not valid JSON/],
    ['empty object', '{}', /"experiment" is missing or not a string/],
    ['a list', '[]', /the top level is not an object/],
  ] as const) {
    it(`run.json ${what}: exit 2 naming the file`, async () => {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'kafka-lab-damaged-'));
      await writeFile(path.join(dir, 'run.json'), text);
      const error = await refusalOf(() => readRunRecord(dir));
      expect(error.exitCode).toBe(ExitCode.badInput);
      expect(error.what).toContain(path.join(dir, 'run.json'));
      expect(error.what).toMatch(message);
    });
  }

  it('a damaged or missing histograms.json is named in the report, not dropped silently', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'kafka-lab-damaged-'));
    await cp(fixtureRun, dir, { recursive: true });
    const record = await readRunRecord(dir);
    const [first, second] = record.cells.filter((cell) => cell.status === 'completed' && cell.files);
    // The fixture ships no histograms: the first cell's is written damaged, the second's stays missing.
    await mkdir(path.dirname(path.join(dir, first!.files!.histograms)), { recursive: true });
    await writeFile(path.join(dir, first!.files!.histograms), '{"merged": {"endToEnd": "garbage!!", "endToEndCorrected": "garbage!!"}}');
    await writeRunReport(dir);
    const html = await readFile(path.join(dir, 'report.html'), 'utf8');
    expect(html).toContain(`${first!.files!.histograms} is unreadable`);
    expect(html).toContain(`${second!.files!.histograms} is missing`);
  });
});

describe('run.json of schema version 1', () => {
  it('is read with the current status names', async () => {
    const record = JSON.parse(await readFile(path.join(fixtureRun, 'run.json'), 'utf8')) as { schemaVersion: number; status: string };
    for (const [old, now] of [
      ['failed', 'partial'],
      ['aborted', 'interrupted'],
      ['completed', 'completed'],
    ] as const) {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'kafka-lab-v1-'));
      await writeFile(path.join(dir, 'run.json'), JSON.stringify({ ...record, schemaVersion: 1, status: old }));
      expect((await readRunRecord(dir)).status).toBe(now);
    }
  });
});
