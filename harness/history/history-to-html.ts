import { type FigureName, figureCatalog } from '../figures/catalog.ts';
import type { Chart } from '../report/chart.ts';
import { escapeHtml } from '../report/html-escape.ts';
import { chartSection, embedCharts, inlineLibraries, style, type VegaLibraries } from '../report/model-to-html.ts';
import type { EnvironmentChange, HistoryPoint } from './experiment-history.ts';

const schema = 'https://vega.github.io/schema/vega-lite/v6.json';

/**
 * Each variant's metric over its runs: a point per run with its 95 % interval where the metric has one, runs whose
 * setup differs from the variant's latest drawn as crosses, and a dashed rule wherever the environment changed.
 */
export function historyChart(metric: FigureName, points: HistoryPoint[], environmentChanges: EnvironmentChange[]): Chart {
  const { unit } = figureCatalog[metric];
  const values = points.map((point) => ({ ...point, setup: point.setupDiffers ? 'differs from the latest' : 'as the latest' }));
  const x = { field: 'startedAt', type: 'temporal', title: 'run started' };
  return {
    id: 'history',
    title: `${metric} (${unit}) per run`,
    spec: {
      $schema: schema,
      width: 760,
      height: 320,
      layer: [
        {
          data: { values },
          mark: { type: 'rule' },
          encoding: { x, y: { field: 'low', type: 'quantitative' }, y2: { field: 'high' }, color: { field: 'variant', type: 'nominal' } },
        },
        {
          data: { values },
          mark: { type: 'line', opacity: 0.4 },
          encoding: { x, y: { field: 'value', type: 'quantitative', title: `${metric} (${unit})` }, color: { field: 'variant', type: 'nominal' } },
        },
        {
          data: { values },
          mark: { type: 'point', size: 80, filled: true },
          encoding: {
            x,
            y: { field: 'value', type: 'quantitative' },
            color: { field: 'variant', type: 'nominal' },
            shape: {
              field: 'setup',
              type: 'nominal',
              title: 'setup',
              scale: { domain: ['as the latest', 'differs from the latest'], range: ['circle', 'cross'] },
            },
            tooltip: [
              { field: 'runId' },
              { field: 'variant' },
              { field: 'value', format: ',.2f' },
              { field: 'low', format: ',.2f' },
              { field: 'high', format: ',.2f' },
              { field: 'setup' },
            ],
          },
        },
        ...(environmentChanges.length
          ? [
              {
                data: { values: environmentChanges.map((change) => ({ startedAt: change.startedAt, changes: change.changes.join('; ') })) },
                mark: { type: 'rule', strokeDash: [4, 4], color: '#888' },
                encoding: { x, tooltip: [{ field: 'changes', title: 'environment changed' }] },
              },
            ]
          : []),
      ],
    },
  };
}

/** The history page: the chart, the runs as a table, the environment changes. Pure, self-contained, offline. */
export function historyToHtml(options: {
  experiment: string;
  metric: FigureName;
  points: HistoryPoint[];
  environmentChanges: EnvironmentChange[];
  libraries: VegaLibraries;
}): string {
  const { experiment, metric, points, environmentChanges } = options;
  const rows = points
    .map(
      (point) =>
        `<tr${point.setupDiffers ? ' class="differs"' : ''}><td>${escapeHtml(point.startedAt)}</td><td>${escapeHtml(point.runId)}</td><td>${escapeHtml(point.variant)}</td><td>${point.value.toLocaleString('en-US', { maximumFractionDigits: 2 })}</td><td>${point.low === undefined ? '–' : `${point.low.toLocaleString('en-US', { maximumFractionDigits: 2 })}–${(point.high ?? point.low).toLocaleString('en-US', { maximumFractionDigits: 2 })}`}</td><td>${point.setupDiffers ? 'differs from the latest' : 'as the latest'}</td><td>${escapeHtml(point.status)}</td></tr>`,
    )
    .join('');
  const changes = environmentChanges.map((change) => `<li>${escapeHtml(change.runId)}: ${escapeHtml(change.changes.join('; '))}</li>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(experiment)} — history of ${escapeHtml(metric)}</title><style>${style}</style>
${inlineLibraries(options.libraries)}</head>
<body>
<h1>${escapeHtml(experiment)}: ${escapeHtml(metric)} over runs</h1>
<p>${escapeHtml(figureCatalog[metric].definition)}. Bars are 95 % intervals where the metric has one; crosses ran a setup that differs from the variant's latest run; dashed rules mark runs whose environment differs from the run before.</p>
${chartSection(historyChart(metric, points, environmentChanges))}
<section><h2>Environment changes</h2>${changes ? `<ul id="environment-changes">${changes}</ul>` : '<p>None between these runs.</p>'}</section>
<section><h2>Runs</h2><table id="history"><tr><th>started</th><th>run</th><th>variant</th><th>${escapeHtml(metric)}</th><th>95 % CI</th><th>setup</th><th>status</th></tr>${rows}</table></section>
${embedCharts}
</body></html>`;
}
