/// <reference lib="dom" />
import { existsSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
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

describe('npm run compare on two profiled runs', () => {
  it("links a differential flame graph per process whose most changed functions are the serializers'", async () => {
    const json = await profiledRun('json');
    const protobuf = await profiledRun('protobuf');
    for (const { record } of [json, protobuf]) expect(record.cells[0]!.status).toBe('completed');
    // Harness frames sit at their TypeScript line (tsx compiles each file to one line): the maps came with the profile.
    const jsonTop = json.record.cells[0]!.profiles!.find((profile) => profile.process === 'processor-1')!.topFunctions;
    expect(jsonTop.map((f) => f.location)).toContainEqual(expect.stringMatching(/^harness\/serializers\/json-serializer\.ts:([2-9]|\d\d+)$/));

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
  }, 300_000);
});
