import type { RunRecord } from '../runner/run-folder.ts';
import { escapeHtml, jsonForScript } from './html-escape.ts';
import type { Chart } from './run-to-charts.ts';
import type { SummaryRow } from './run-to-summary.ts';
import type { Verdict } from './verdicts.ts';

/** The browser builds of vega, vega-lite and vega-embed, inlined so the report opens offline. */
export interface VegaLibraries {
  vega: string;
  vegaLite: string;
  vegaEmbed: string;
}

const style = `body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:1150px;padding:0 1rem;color:#222}
table{border-collapse:collapse;margin:.5rem 0 1.5rem}td,th{border:1px solid #ccc;padding:.25rem .6rem;text-align:right}
td:first-child,th:first-child{text-align:left}th{background:#f4f4f4}pre{background:#f7f7f7;padding:1rem;overflow:auto;max-height:30rem}
.significant{font-weight:600}.warning{background:#fff4d6;border:1px solid #e0b400;padding:.5rem 1rem}section{margin-bottom:2rem}`;

const fmt = (value: number | undefined, digits: number) => (value === undefined || Number.isNaN(value) ? '–' : value.toFixed(digits));

function summaryTable(rows: SummaryRow[]): string {
  const head = '<tr><th>variant</th><th>cells ok</th><th>msgs/s (mean ± 95 % CI)</th><th>p50 e2e ms</th><th>p99 e2e ms</th><th>p99.9 e2e ms</th><th>lost</th><th>persisted</th><th>harness CPU %</th></tr>';
  const body = rows.map((row) => {
    const { mean, low, high } = row.msgsPerSec;
    const msgs = low === undefined ? fmt(mean, 0) : `${fmt(mean, 0)} ± ${fmt(high! - mean, 0)}`;
    return `<tr><td>${escapeHtml(row.variant)}</td><td>${row.completed}/${row.cells}</td><td>${msgs}</td><td>${fmt(row.p50, 1)}</td><td>${fmt(row.p99, 1)}</td><td>${fmt(row.p999, 1)}</td><td>${row.lost}</td><td>${row.persisted}</td><td>${fmt(row.harnessCpuPercent, 0)}</td></tr>`;
  }).join('');
  return `<table id="summary">${head}${body}</table>`;
}

function topFunctionsTables(record: RunRecord): string {
  const profiled = record.cells.filter((c, i, all) => c.status === 'completed' && c.profiles?.length && all.findIndex((o) => o.variant === c.variant && o.profiles?.length) === i);
  if (profiled.length === 0) return '<p>No CPU profiles in this run (set <code>profile: { cpu: true }</code>).</p>';
  return profiled.map((cell) => cell.profiles!.map((profile) => `<h3>${escapeHtml(cell.variant)} r${cell.repetition} — ${escapeHtml(profile.process)} (<a href="${escapeHtml(profile.cpuprofile)}">.cpuprofile</a>)</h3>
<table class="top-functions"><tr><th>function</th><th>file:line</th><th>self ms</th><th>self %</th><th>total ms</th><th>total %</th></tr>${profile.topFunctions.slice(0, 10).map((f) =>
    `<tr><td>${escapeHtml(f.function)}</td><td>${escapeHtml(f.location)}</td><td>${f.selfMs}</td><td>${f.selfPercent}</td><td>${f.totalMs}</td><td>${f.totalPercent}</td></tr>`).join('')}</table>`).join('\n')).join('\n');
}

/** The whole report as one HTML document. Pure: the same run folder always renders the same report. */
export function runToHtml(options: { record: RunRecord; rows: SummaryRow[]; verdicts: Verdict[]; charts: Chart[]; experimentYaml: string; libraries: VegaLibraries }): string {
  const { record, rows, verdicts, charts, libraries } = options;
  const env = record.environment;
  const failed = record.cells.filter((c) => c.status !== 'completed');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(record.experiment)} — ${escapeHtml(record.runId)}</title><style>${style}</style>
<script>${libraries.vega}</script><script>${libraries.vegaLite}</script><script>${libraries.vegaEmbed}</script></head>
<body>
<h1>${escapeHtml(record.experiment)}</h1>
<p>${escapeHtml(record.description)}</p>
<p>Run <code>${escapeHtml(record.runId)}</code>, status <b>${escapeHtml(record.status)}</b>: ${record.repetitions} repetition(s) per variant, ${record.durationMs / 1000} s measured after ${record.warmupMs / 1000} s warm-up. Baseline: <b>${escapeHtml(record.baseline)}</b>.</p>
${failed.length ? `<p class="warning">${failed.length} cell(s) did not complete: ${failed.map((c) => `${escapeHtml(c.variant)} r${c.repetition} (${escapeHtml(c.status)}: ${escapeHtml(c.reason ?? '')})`).join('; ')}</p>` : ''}
<section><h2>Summary</h2>${summaryTable(rows)}</section>
<section><h2>Verdicts against ${escapeHtml(record.baseline)}</h2><ul id="verdicts">${verdicts.map((v) => `<li class="${v.significant ? 'significant' : ''}">${escapeHtml(v.text)}</li>`).join('') || '<li>Only one variant: nothing to compare.</li>'}</ul></section>
${charts.map((chart) => `<section><h2>${escapeHtml(chart.title)}</h2><div class="chart" id="chart-${chart.id}"></div><script type="application/json" id="spec-${chart.id}">${jsonForScript(chart.spec)}</script></section>`).join('\n')}
<section><h2>Where the CPU time went</h2>${topFunctionsTables(record)}</section>
<section><h2>Environment</h2><table id="environment">${Object.entries({
    'CPU': `${env.cpu.cores} × ${env.cpu.model}`, 'memory': `${env.memoryGiB} GiB`, 'platform': env.platform, 'Node': env.node,
    'clients': Object.entries(env.clients).map(([k, v]) => `${k} ${v}`).join(', '), 'Kafka': env.kafkaVersions.join(', '),
    'load average at start': env.loadAverageAtStart.map((l) => l.toFixed(2)).join(' '), 'git': `${env.gitSha}${env.gitDirty ? ' (uncommitted changes)' : ''}`,
    'started': env.startedAt, 'ended': env.endedAt ?? '',
  }).map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('')}</table></section>
<section><h2>Resolved experiment</h2><pre>${escapeHtml(options.experimentYaml)}</pre></section>
<script>
for (const element of document.querySelectorAll('script[id^="spec-"]')) {
  const id = element.id.slice('spec-'.length);
  vegaEmbed('#chart-' + id, JSON.parse(element.textContent), { actions: false, renderer: 'svg' })
    .catch((error) => { document.getElementById('chart-' + id).textContent = 'chart failed: ' + error; console.error(error); });
}
</script>
</body></html>
`;
}
