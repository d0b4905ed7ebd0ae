import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeRunReport } from '../../harness/report/write-run-report.ts';
import { cli, temporaryHome } from '../support/cli.ts';
import { type RenderedReport, withReportInChromium } from '../support/open-in-chromium.ts';
import { runInline } from '../support/run-inline-experiment.ts';

/** No chart wider than the page's column, and no legend, axis or header label cut short. */
function expectChartsFit(layout: RenderedReport['layout'], pageWidth: number) {
  expect(pageWidth).toBeGreaterThan(1000);
  for (const { chart, width, cutLabels } of layout) {
    expect(width, chart).toBeLessThanOrEqual(pageWidth);
    expect(cutLabels, chart).toEqual([]);
  }
}

const fixtureRun = path.join(import.meta.dirname, '..', 'fixtures', 'runs', 'quickstart');

describe('profilers on a real run, and its reports in headless Chromium', () => {
  it('writes 0x, clinic and JFR pages, links them, and renders run and compare reports without errors', async () => {
    const { runDir, record } = await runInline(
      'profilers',
      [
        'duration: 4s',
        'warmup: 2s',
        'cluster: { provider: local }',
        'workload: { message: bus, rate: 300 }',
        'sink: { type: none }',
        'variants:',
        '  - { name: plain }',
        '  - { name: flamegraphs, profile: { cpu: true, flamegraph: true, broker: true } }',
        '  - { name: doctor, profile: { clinic: doctor } }',
      ].join('\n'),
    );
    // The round runs in a shuffled order (run.json's order.seed): the cells are compared as a set.
    expect(record.cells.map((cell) => [cell.variant, cell.status, cell.errors ?? []]).sort()).toEqual([
      ['doctor', 'completed', []],
      ['flamegraphs', 'completed', []],
      ['plain', 'completed', []],
    ]);
    const pages = (variant: string) => record.cells.find((cell) => cell.variant === variant)!.profileReports?.map((r) => `${r.process} ${r.kind}`);
    expect(pages('plain')).toBeUndefined();
    expect(pages('flamegraphs')).toEqual(['generator-1 flamegraph', 'processor-1 flamegraph', 'broker-1 jfr-flamegraph']);
    expect(pages('doctor')).toEqual(['processor-1 clinic-doctor']);
    for (const cell of record.cells) for (const report of cell.profileReports ?? []) expect(existsSync(path.join(runDir, report.file)), report.file).toBe(true);
    // The JFR flame graph holds Kafka's own frames, not an empty recording.
    const brokerPage = record.cells.find((cell) => cell.variant === 'flamegraphs')!.profileReports!.find((r) => r.process === 'broker-1')!;
    expect(await readFile(path.join(runDir, brokerPage.file), 'utf8')).toMatch(/kafka/);

    await writeRunReport(runDir);
    await withReportInChromium(path.join(runDir, 'report.html'), async ({ consoleErrors, marksPerChart, layout, pageWidth, page }) => {
      expect(consoleErrors).toEqual([]);
      expectChartsFit(layout, pageWidth);
      expect(Object.keys(marksPerChart).length).toBeGreaterThanOrEqual(5);
      for (const [chart, marks] of Object.entries(marksPerChart)) expect(marks, chart).toBeGreaterThan(0);
      expect(await page.locator('table.top-functions').count()).toBe(2);
      const links = await page.locator('a.profile-link').evaluateAll((anchors) => anchors.map((a) => a.getAttribute('href')));
      expect(links).toHaveLength(4);
      for (const link of links) expect(existsSync(path.join(runDir, link!)), link!).toBe(true);
      expect(await page.locator('#profiling-overhead li').allTextContents()).toEqual([
        expect.stringMatching(/^flamegraphs \(cpu, flamegraph, broker\) vs plain: msgs\/s [\d.]+× \(1 repetition: no interval\); harness CPU [\d.]+×/),
        expect.stringMatching(/^doctor \(clinic doctor\) vs plain: msgs\/s [\d.]+×/),
      ]);
    });

    // Compare this run with the recorded fixture: another run, so the report must warn about it.
    const other = path.join(await mkdtemp(path.join(os.tmpdir(), 'kafka-lab-fixture-')), 'quickstart-run');
    await cp(fixtureRun, other, { recursive: true });
    const out = path.join(path.dirname(other), 'comparison');
    const compared = await cli(['compare', runDir, other, '--out', out], await temporaryHome());
    expect(compared.exitCode, compared.stderr).toBe(0);
    expect(compared.stdout.trim()).toBe(path.join(out, 'report.html'));
    await withReportInChromium(path.join(out, 'report.html'), async ({ consoleErrors, marksPerChart, layout, pageWidth, page }) => {
      expect(consoleErrors).toEqual([]);
      // Five variants with long compared names: the case whose CPU charts overflowed and whose legends were cut.
      expectChartsFit(layout, pageWidth);
      for (const [chart, marks] of Object.entries(marksPerChart)) expect(marks, chart).toBeGreaterThan(0);
      expect(await page.locator('#environment-warning').textContent()).toMatch(/different environments \(.*differ\)/);
      expect(await page.locator('#summary td:first-child').allTextContents()).toEqual([
        'profilers/plain',
        'profilers/flamegraphs',
        'profilers/doctor',
        'quickstart/json',
        'quickstart/protobuf',
      ]);
      const links = await page.locator('a.profile-link').evaluateAll((anchors) => anchors.map((a) => a.getAttribute('href')));
      for (const link of links) expect(existsSync(path.join(out, link!)), link!).toBe(true);
    });
  }, 300_000);
});
