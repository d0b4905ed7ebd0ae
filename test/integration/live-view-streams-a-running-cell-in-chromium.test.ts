/// <reference lib="dom" />
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../harness/paths.ts';
import { pageCollectingErrors, withChromium } from '../support/open-in-chromium.ts';

/** How many points each live chart holds now, by chart id. */
type PointCounts = Record<string, number>;

describe('npm run experiment <file> --live', () => {
  it('serves a page whose charts gain points while a short run goes, then stops with the run', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'kafka-lab-live-'));
    const file = path.join(dir, 'live.yaml');
    await writeFile(
      file,
      [
        'clusterWarmup: 0s',
        'duration: 12s',
        'warmup: 2s',
        'repetitions: 1',
        'cluster: { provider: local }',
        'workload: { message: cpu, rate: 500 }',
        'variants: [{ name: only }]',
      ].join('\n'),
    );
    const run = execa('npm', ['run', '--silent', 'experiment', '--', file, '--live', '--plain'], {
      cwd: repoRoot,
      env: { KAFKA_LAB_RESULTS: path.join(dir, 'results'), KAFKA_LAB_HOME: path.join(dir, 'home') },
      reject: false,
      all: true,
    });
    // The address is on stderr before anything starts.
    const url = await new Promise<string>((resolve, reject) => {
      let seen = '';
      run.stderr!.on('data', (chunk: Buffer) => {
        seen += chunk.toString();
        const found = /^live view: (http:\/\/127\.0\.0\.1:\d+\/)/m.exec(seen);
        if (found) resolve(found[1]!);
      });
      run.then((done) => reject(new Error(`the run ended before printing the live view's address:\n${done.all}`)));
    });

    const seen = await withChromium(async (browser) => {
      const { page, errors } = await pageCollectingErrors(browser);
      await page.goto(url);
      const counts = () =>
        page.evaluate(() => {
          const views = (window as unknown as { liveViews: Record<string, { data(name: string): unknown[] }> }).liveViews;
          return Object.fromEntries(Object.entries(views).map(([id, view]) => [id, view.data('points').length]));
        }) as Promise<PointCounts>;
      // Wait until the measured phase has begun (the end-to-end p99 is drawn from then on), then watch it grow.
      await page.waitForFunction(
        () => {
          const views = (window as unknown as { liveViews?: Record<string, { data(name: string): unknown[] }> }).liveViews;
          return (views?.endToEndP99Ms?.data('points').length ?? 0) > 0;
        },
        undefined,
        { timeout: 120_000 },
      );
      const first = await counts();
      await page.waitForTimeout(4_000);
      const later = await counts();
      const phase = await page.locator('#phase').textContent();
      // Each chart has drawn its lines as SVG marks.
      const lines = await page.locator('div.chart svg g.role-mark path').count();
      // Once the run ends, the page says so and shows the finished cell.
      await page.waitForFunction(() => document.querySelector('#phase')?.classList.contains('ended'), undefined, { timeout: 120_000 });
      return {
        first,
        later,
        phase,
        lines,
        errors,
        ended: await page.locator('#phase').textContent(),
        cells: await page
          .locator('#cells table')
          .evaluate((table) => Array.from((table as HTMLTableElement).rows, (row) => Array.from(row.cells, (cell) => cell.textContent).join(' | ')).join('\n')),
      };
    });
    const done = await run;
    expect(done.exitCode, done.all).toBe(0);
    expect(seen.errors).toEqual([]);
    expect(seen.phase).toMatch(/^cell 1\/1 only r1: (measuring|draining)/);
    for (const chart of ['rates', 'endToEndP99Ms', 'lag', 'cpuPercent', 'brokerProduceMeanMs', 'brokerProduceP99Ms']) {
      expect(seen.later[chart], `${chart}: ${JSON.stringify(seen)}`).toBeGreaterThan(seen.first[chart] ?? 0);
    }
    expect(seen.lines).toBeGreaterThanOrEqual(6);
    expect(seen.ended).toMatch(/^the run ended: completed/);
    expect(seen.cells).toMatch(/^only \| 1 \| completed \| /m);
    // The server went with the run.
    await expect(fetch(url)).rejects.toThrow();
  }, 300_000);
});
