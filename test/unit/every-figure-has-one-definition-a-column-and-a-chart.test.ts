import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { figureReadings } from '../../harness/analysis/metrics.ts';
import { summarizeVariants } from '../../harness/analysis/run-to-summary.ts';
import { figureCatalog, figureNames, figureOf } from '../../harness/figures/catalog.ts';
import { repoRoot } from '../../harness/paths.ts';
import type { RunRecord } from '../../harness/results/run-record.ts';
import { runToCharts } from '../../harness/report/run-to-charts.ts';
import { latencyNote, summaryColumns } from '../../harness/report/summary-columns.ts';

const recorded = JSON.parse(readFileSync(path.join(import.meta.dirname, '../fixtures/runs/quickstart/run.json'), 'utf8')) as RunRecord;
// The quickstart fixture predates broker metrics: one scrape a second is enough to draw every broker chart.
const record: RunRecord = {
  ...recorded,
  cells: recorded.cells.map((cell) => ({
    ...cell,
    brokerMetrics: [
      {
        name: 'broker-1',
        second: [1, 2],
        figures: [1, 2].map(() => ({ messagesInPerSec: 1000, produceP99Ms: 2, produceMeanMs: 1, requestHandlerIdlePercent: 90 })),
        failedScrapes: 0,
      },
    ],
  })),
};
const measurementDoc = readFileSync(path.join(repoRoot, 'docs', 'measurement.md'), 'utf8');
const chartIds = runToCharts(record, summarizeVariants(record), [{ variant: 'json', repetition: 1, points: [{ oneInN: 1, percentile: 0, latencyMs: 1 }] }]).map(
  (c) => c.id,
);

describe('the figure catalog', () => {
  it.each(figureNames)('%s has its definition word for word in docs/measurement.md, and in the note under the summary if it has a column', (name) => {
    const { definition, column } = figureOf(name);
    expect(measurementDoc).toContain(`| \`${name}\` |`);
    expect(measurementDoc).toContain(definition);
    if (column) expect(latencyNote).toContain(definition);
  });

  it.each(figureNames)('%s has a summary column, or says why not', (name) => {
    const { column, noColumn } = figureOf(name);
    if (column) expect(summaryColumns.find((c) => c.figure === name)?.header).toBe(column.header);
    else expect(noColumn).toMatch(/\w{3}/);
  });

  it.each(figureNames)('%s is drawn by a chart the report has, or says why not', (name) => {
    const { chart } = figureOf(name);
    if ('id' in chart) expect(chartIds).toContain(chart.id);
    else expect(chart.none).toMatch(/\w{3}/);
  });

  it('has a reading for every figure and no reading without a figure', () => {
    expect(Object.keys(figureReadings).sort()).toEqual([...figureNames].sort());
  });

  it('gives every column a distinct header and CSV name', () => {
    const shown = summaryColumns.filter((c) => !c.csvOnly).map((c) => c.header);
    expect(new Set(shown).size).toBe(shown.length);
    expect(new Set(summaryColumns.map((c) => c.csv)).size).toBe(summaryColumns.length);
    expect(Object.keys(figureCatalog).length).toBe(figureNames.length);
  });
});
