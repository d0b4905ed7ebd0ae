/// <reference lib="dom" />
import { existsSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../harness/paths.ts';
import { pageCollectingErrors, withChromium } from '../support/open-in-chromium.ts';
import { runInline } from '../support/run-inline-experiment.ts';

const profiledRun = (serializer: string) =>
  runInline(
    'serializer-profile',
    [
      'duration: 4s',
      'warmup: 1s',
      'cluster: { provider: local }',
      'workload: { message: bus, rate: max }',
      `serializer: ${serializer}`,
      'profile: { cpu: true }',
    ].join('\n'),
  );

describe('profile.cpu on real runs, and npm run compare on two of them', () => {
  let json: Awaited<ReturnType<typeof profiledRun>>;
  let protobuf: Awaited<ReturnType<typeof profiledRun>>;
  beforeAll(async () => {
    json = await profiledRun('json');
    protobuf = await profiledRun('protobuf');
  }, 240_000);

  it("writes a .cpuprofile per process and a top-functions table naming the workload's hot functions", () => {
    const { runDir, record } = json;
    const cell = record.cells[0]!;
    expect(cell.status).toBe('completed');
    const byProcess = Object.fromEntries(cell.profiles!.map((p) => [p.process, p]));
    expect(Object.keys(byProcess).sort()).toEqual(['generator-1', 'processor-1']);
    for (const profile of cell.profiles!) {
      expect(existsSync(path.join(runDir, profile.cpuprofile))).toBe(true);
      expect(profile.busyMs).toBeGreaterThan(100);
      expect(profile.topFunctions.length).toBeGreaterThan(5);
    }
    // At max rate the generator serializes (JSON) and kafkajs encodes record batches (CRC-32C, varints);
    // the processor deserializes and kafkajs decodes them.
    const names = (process: string) => byProcess[process]!.topFunctions.map((f) => `${f.function} ${f.location}`).join('\n');
    expect(names('generator-1')).toMatch(/json-serializer\.ts/);
    expect(names('generator-1')).toMatch(/kafkajs\/src\/protocol\//);
    expect(names('processor-1')).toMatch(/json-serializer\.ts/);
    expect(names('processor-1')).toMatch(/kafkajs\/src\/protocol\/(recordBatch|decoder)/);
    // Harness frames sit at their TypeScript line (tsx compiles each file to one line): the maps came with the profile.
    expect(byProcess['processor-1']!.topFunctions.map((f) => f.location)).toContainEqual(
      expect.stringMatching(/^harness\/serializers\/json-serializer\.ts:([2-9]|\d\d+)$/),
    );
    // Native frames name their caller; tsx's loader and the harness's measuring are told apart from the pipeline.
    const natives = cell.profiles!.flatMap((p) => p.topFunctions.filter((f) => f.location === '(native)' && !f.function.startsWith('(')));
    for (const native of natives) expect(native.caller, native.function).toMatch(/\S+ \S+/);
  });

  it("links a differential flame graph per process whose most changed functions are the serializers'", async () => {
    for (const { record } of [json, protobuf]) expect(record.cells[0]!.status).toBe('completed');

    const out = await mkdtemp(path.join(os.tmpdir(), 'kafka-lab-compare-'));
    const compare = await execa(process.execPath, [path.join(repoRoot, 'bin', 'kafka-lab.mjs'), 'compare', json.runDir, protobuf.runDir, '--out', out], {
      reject: false,
      all: true,
    });
    expect(compare.exitCode, compare.all).toBe(0);
    const report = await readFile(path.join(out, 'report.html'), 'utf8');
    const links = [...report.matchAll(/<a class="profile-diff" href="([^"]+)">/g)].map((match) => match[1]!);
    expect(links.map((link) => link.replace(/.*\.(\w+-\d)\.html$/, '$1')).sort()).toEqual(['generator-1', 'processor-1']);
    for (const link of links) expect(existsSync(path.join(out, link)), link).toBe(true);

    // The processor decodes every message: JSON.parse went cooler, Protobuf's decoding (protobufjs, its generated
    // decoders, our protobuf serializer) hotter, and they lead the table of changes.
    const processorPage = path.join(out, links.find((link) => link.endsWith('.processor-1.html'))!);
    const rows = await withChromium(async (browser) => {
      const { page, errors } = await pageCollectingErrors(browser);
      await page.goto(pathToFileURL(processorPage).href);
      await page.waitForFunction(() => document.querySelectorAll('#flame-after svg rect').length > 0, undefined, { timeout: 30_000 });
      return {
        errors,
        frames: await page.locator('#flame-after svg rect').count(),
        framesBefore: await page.locator('#flame-before svg rect').count(),
        changes: await page.$$eval('#most-changed tr', (trs) =>
          trs.slice(1, 8).map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => td.textContent ?? '')),
        ),
      };
    });
    expect(rows.errors).toEqual([]);
    expect(rows.frames).toBeGreaterThan(10);
    expect(rows.framesBefore).toBeGreaterThan(10);
    const change = (row: string[]) => Number(row[4]!.replace('−', '-'));
    const jsonRow = rows.changes.find((row) => row[1]!.startsWith('harness/serializers/json-serializer.ts'));
    expect(jsonRow, JSON.stringify(rows.changes)).toBeDefined();
    expect(change(jsonRow!)).toBeLessThan(0);
    const protobufRows = rows.changes.filter((row) => /protobuf|generated code/.test(row[1]!));
    expect(protobufRows.length, JSON.stringify(rows.changes)).toBeGreaterThan(0);
    expect(Math.max(...protobufRows.map(change))).toBeGreaterThan(0);
  }, 120_000);
});
