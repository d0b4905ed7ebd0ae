import { repetitionLabel } from '../results/cell-result.ts';
import type { RepetitionRow } from './repetition-rows.ts';
import type { Chart } from './chart.ts';
import { escapeHtml, jsonForScript } from './html-escape.ts';
import { environmentsTable } from './environments-to-html.ts';
import { faultsSection } from './faults-to-html.ts';
import { lossesSection } from './losses-to-html.ts';
import { limitsSection } from './limits-to-html.ts';
import { overheadList, profileDiffTable, profileLinksTable, topFunctionsTables, type LinkTo } from './profiles-to-html.ts';
import { toleranceText } from '../analysis/regression-gate.ts';
import type { ComparisonContext, ReportModel } from './report-model.ts';
import type { ThresholdResult } from '../analysis/threshold-results.ts';
import type { Answer } from '../analysis/answers.ts';
import { bottleneckThresholds } from '../analysis/bottleneck.ts';
import type { SummaryRow } from '../analysis/run-to-summary.ts';
import { latencyNote, shownColumns } from './summary-columns.ts';

/** What the HTML page shows besides the model: the resolved experiment file and the inlined chart libraries. */
export interface HtmlInput {
  model: ReportModel;
  experimentYaml: string;
  libraries: VegaLibraries;
  /** Where a file of the run is, seen from the report (a comparison sits in another folder). */
  linkTo?: LinkTo;
  comparison?: ComparisonContext;
}

/** The browser builds of vega, vega-lite and vega-embed, inlined so the report opens offline. */
export interface VegaLibraries {
  vega: string;
  vegaLite: string;
  vegaEmbed: string;
}

export const style = `body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:1150px;padding:0 1rem;color:#222}.wide{overflow-x:auto}table{font-size:13px}
table{border-collapse:collapse;margin:.5rem 0 1.5rem}td,th{border:1px solid #ccc;padding:.25rem .6rem;text-align:right}
td:first-child,th:first-child{text-align:left}th{background:#f4f4f4}pre{background:#f7f7f7;padding:1rem;overflow:auto;max-height:30rem}
.significant{font-weight:600}tr.fail td,li.fail,tr.outlier td{background:#fde2e1}tr.pass td:last-child{color:#1a7f37}tr.differs td,tr.differs th{background:#fff4d6}.warning{background:#fff4d6;border:1px solid #e0b400;padding:.5rem 1rem}section{margin-bottom:2rem}
#answers ul{list-style:none;padding:0}#answers li{border-left:4px solid #999;padding:.4rem .8rem;margin:.4rem 0;background:#fafafa}#answers li.decided{border-color:#1a7f37}#answers li.undecided{border-color:#e0b400}.badge{font-size:.8em;border:1px solid #ccc;border-radius:3px;padding:0 .3rem;margin-left:.3rem}`;

function summaryTable(rows: SummaryRow[]): string {
  const head = `<tr>${shownColumns.map((column) => `<th>${escapeHtml(column.header)}</th>`).join('')}</tr>`;
  const body = rows.map((row) => `<tr>${shownColumns.map((column) => `<td>${escapeHtml(column.show(row))}</td>`).join('')}</tr>`).join('');
  return `<div class="wide"><table id="summary">${head}${body}</table></div><p>${escapeHtml(latencyNote)}</p>`;
}

/** The browser builds, inlined: the page opens offline. */
export const inlineLibraries = (libraries: VegaLibraries) =>
  `<script>${libraries.vega}</script><script>${libraries.vegaLite}</script><script>${libraries.vegaEmbed}</script>`;

/** A titled chart: its container and its spec as JSON, drawn by `embedCharts`. */
export const chartSection = (chart: Chart) =>
  `<section><h2>${escapeHtml(chart.title)}</h2><div class="chart" id="chart-${chart.id}"></div><script type="application/json" id="spec-${chart.id}">${jsonForScript(chart.spec)}</script></section>`;

/** Draws every chart of the page with vega-embed, or says in its place why it could not. */
export const embedCharts = `<script>
for (const element of document.querySelectorAll('script[id^="spec-"]')) {
  const id = element.id.slice('spec-'.length);
  vegaEmbed('#chart-' + id, JSON.parse(element.textContent), { actions: false, renderer: 'svg' })
    .catch((error) => { document.getElementById('chart-' + id).textContent = 'chart failed: ' + error; console.error(error); });
}
</script>`;

/** Each threshold per variant, PASS or FAIL with what was measured; nothing when the experiment set none. */
function thresholdsSection(results: ThresholdResult[]): string {
  if (results.length === 0) return '';
  const failed = results.filter((result) => !result.passed).length;
  const rows = results
    .map(
      (result) =>
        `<tr class="${result.passed ? 'pass' : 'fail'}"><td>${escapeHtml(result.variant)}</td><td>${escapeHtml(result.metric)}</td><td>${escapeHtml(result.condition)}</td><td>${result.measured === undefined ? 'not measured' : escapeHtml(result.measured.toLocaleString('en-US', { maximumFractionDigits: 2 }))}</td><td><b>${result.passed ? 'PASS' : 'FAIL'}</b></td></tr>`,
    )
    .join('');
  return `<section><h2>Thresholds: ${failed ? `${failed} of ${results.length} failed` : `all ${results.length} passed`}</h2><table id="thresholds"><tr><th>variant</th><th>metric</th><th>condition</th><th>measured</th><th>result</th></tr>${rows}</table></section>`;
}

/** Every repetition with its own figures, outliers marked; a cell that did not complete shows its status. */
function repetitionsSection(model: ReportModel): string {
  if (model.repetitions.length === 0) return '';
  const notes = model.outliers.length
    ? `<ul id="outliers">${model.outliers.map((o) => `<li>${escapeHtml(o.text)}</li>`).join('')}</ul>`
    : "<p>No repetition lies beyond 3 MADs of its variant's median on msgs/s or p99.</p>";
  return `<section><h2>Per repetition</h2>${repetitionsTable(model.repetitions)}${notes}<p>Latency columns are end-to-end, or send → ack where marked "ack"; CPU is the mean over the measured phase, % of one core, summed over a role's processes, as sampled from outside / as each process's own CPU time over the window (process.cpuUsage), where it reported it; an outlier lies beyond 3 scaled median absolute deviations and 20 % of its variant's median, and stays in every figure.</p></section>`;
}

/** The per-repetition table itself: the report's, and the live view's cells done. */
export function repetitionsTable(repetitions: RepetitionRow[]): string {
  const number = (value: number | undefined, digits = 1) => (value === undefined ? '–' : value.toLocaleString('en-US', { maximumFractionDigits: digits }));
  const withOwn = (sampled: number | undefined, own: number | undefined) => (own === undefined ? number(sampled) : `${number(sampled)} / ${number(own)}`);
  const head = [
    'variant',
    'rep',
    'status',
    'msgs/s',
    'p50 ms',
    'p99 ms',
    'mean ms',
    'max ms',
    'ack p99 ms',
    'service p99 ms',
    'generator CPU %',
    'processor CPU %',
    'broker CPU %',
    'lost',
    'duplicates',
    'limited by',
    'outlier in',
  ];
  const rows = repetitions
    .map((row) => {
      const ack = row.latencyKind === 'produce' ? ' ack' : '';
      const cells = [
        escapeHtml(row.variant),
        String(row.repetition),
        escapeHtml(row.status),
        number(row.msgsPerSec, 0),
        number(row.p50) + ack,
        number(row.p99) + ack,
        number(row.mean) + ack,
        number(row.max) + ack,
        number(row.ackP99),
        number(row.serviceP99),
        withOwn(row.generatorCpu, row.generatorOwnCpu),
        withOwn(row.processorCpu, row.processorOwnCpu),
        number(row.brokerCpu),
        row.lost === undefined ? '–' : String(row.lost),
        row.duplicates === undefined ? '–' : String(row.duplicates),
        escapeHtml(row.limitedBy?.rule ?? ''),
        escapeHtml(row.outlierIn.join(', ')),
      ];
      return `<tr${row.outlierIn.length ? ' class="outlier"' : ''}>${cells.map((cell) => `<td>${cell}</td>`).join('')}</tr>`;
    })
    .join('');
  return `<div class="wide"><table id="per-repetition"><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr>${rows}</table></div>`;
}

/** The answer block: the questions the comparison asks, each decided or not; nothing for one variant or a ramp. */
function answersSection(answers: Answer[]): string {
  if (answers.length === 0) return '';
  const items = answers
    .map(
      (a) =>
        `<li class="${a.decided ? 'decided' : 'undecided'}"><b>${escapeHtml(a.question)}</b> <span class="badge">${a.decided ? 'decided' : 'not decided'}</span><br>${escapeHtml(a.text)}</li>`,
    )
    .join('');
  return `<section id="answers"><h2>Answers</h2><ul>${items}</ul><p>Rates compare means, p99 the median over repetitions (Welch t on logs), CPU means over the measured phase; "decided" needs a 95 % interval clear of 1 and p &lt; 0.05 against every other variant. The repetition estimates assume the noise this run saw.</p></section>`;
}

/** compare --baseline-run: each variant's gate result; nothing without the gate. */
function gateSection(gate: ReportModel['gate']): string {
  if (!gate) return '';
  const items = gate.results.map(
    (result) => `<li class="${result.status === 'regressed' || result.status === 'cannot judge' ? 'fail' : ''}">${escapeHtml(result.text)}</li>`,
  );
  const changes = gate.setupChanges.map((line) => `<li>${escapeHtml(line)}</li>`);
  return `<section><h2>Regression gate against run ${escapeHtml(gate.baselineRun)} (${escapeHtml(toleranceText(gate.tolerances))})</h2><ul id="gate">${[...items, ...changes].join('')}</ul></section>`;
}

function comparisonSection(comparison: ComparisonContext): string {
  const warning = comparison.differences.length
    ? `<p class="warning" id="environment-warning">These runs were measured in different environments (${escapeHtml(comparison.differences.join(', '))} differ): a difference between them may come from the environment, not the variant.</p>`
    : '<p class="warning" id="environment-warning">These numbers come from different runs. The environments match in machine and versions, but the machine\'s load and state were not the same: treat small differences with care.</p>';
  const runs = comparison.runs
    .map(
      (run) =>
        `<tr><td>${escapeHtml(run.label)}</td><td>${escapeHtml(run.experiment)}</td><td><a href="${escapeHtml(run.folder)}/report.html">${escapeHtml(run.runId)}</a></td></tr>`,
    )
    .join('');
  return `${warning}<section><h2>Runs compared</h2><table id="runs"><tr><th>label</th><th>experiment</th><th>run</th></tr>${runs}</table><p>Variants are named <code>label/variant</code>.</p></section>`;
}

/** The whole report as one HTML document. Pure: the same run folder always renders the same report. */
export function modelToHtml(options: HtmlInput): string {
  const { model, libraries, comparison } = options;
  const { record, rows, verdicts, charts } = model;
  const linkTo: LinkTo = options.linkTo ?? ((file) => file);
  const failed = model.incomplete;
  const environments = comparison ? comparison.runs : [{ label: record.runId, environment: record.environment }];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(record.experiment)} — ${escapeHtml(record.runId)}</title><style>${style}</style>
${inlineLibraries(libraries)}</head>
<body>
<h1>${escapeHtml(record.experiment)}</h1>
<p>${escapeHtml(record.description)}</p>
${comparison ? comparisonSection(comparison) : `<p>Run <code>${escapeHtml(record.runId)}</code>, status <b>${escapeHtml(record.status)}</b>: ${record.repetitions} repetition(s) per variant, ${record.durationMs / 1000} s measured after ${record.warmupMs / 1000} s warm-up. Baseline: <b>${escapeHtml(record.baseline)}</b>.</p>`}
${failed.length ? `<p class="warning">${failed.length} cell(s) did not complete: ${failed.map((c) => `${escapeHtml(c.variant)} ${repetitionLabel(c.repetition)} (${escapeHtml(c.status)}: ${escapeHtml(c.reason ?? '')})`).join('; ')}</p>` : ''}
${model.missingParts.length ? `<p class="warning" id="missing-parts">Parts of this run could not be read: ${model.missingParts.map(escapeHtml).join('; ')}.</p>` : ''}
${answersSection(model.answers)}
${limitsSection(record, model.limits)}
${faultsSection(model.faults)}
${lossesSection(model.losses)}
<section><h2>Summary</h2>${model.noiseFloor ? `<p id="noise-floor">${escapeHtml(model.noiseFloor)}</p>` : ''}${summaryTable(rows)}${model.bottlenecks.length ? `<h3>What limited each variant</h3><ul id="bottlenecks">${model.bottlenecks.map((b) => `<li>${escapeHtml(b.text)}</li>`).join('')}</ul><p>The first rule that holds names it: the machine's CPU (≥ ${bottleneckThresholds.saturatedMachineShare * 100} % of its cores), a generator or processor at ≥ ${bottleneckThresholds.saturatedProcessPercent} % of a core, a broker whose request handlers idle under ${bottleneckThresholds.busyHandlersIdlePercent} %, processing lag that grew through the measured phase; otherwise nothing (a fixed rate carried) or not named (docs/results.md).</p>` : ''}</section>${thresholdsSection(model.thresholds)}${gateSection(model.gate)}${repetitionsSection(model)}
${model.harnessCosts.length ? `<section><h2>The harness's own cost</h2><ul id="harness-cost">${model.harnessCosts.map((c) => `<li>${escapeHtml(c.text)}</li>`).join('')}</ul></section>` : ''}
<section><h2>Verdicts against ${escapeHtml(record.baseline)}${new Set(verdicts.map((v) => v.baseline)).size > 1 ? (comparison ? " (each variant against the baseline run's variant of the same name, where it has one)" : ' (each matrix combination against its own baseline)') : ''}</h2>${model.adaptive ? `<p id="adaptive">${escapeHtml(model.adaptive)}</p>` : ''}<ul id="verdicts">${verdicts.map((v) => `<li class="${v.significant ? 'significant' : ''}">${escapeHtml(v.text)}</li>`).join('') || (record.ramp ? '<li>A ramp compares offered rates, not variants: see the maximum sustainable rate above.</li>' : '<li>Only one variant: nothing to compare.</li>')}</ul></section>
${charts.map(chartSection).join('\n')}
<section><h2>Where the CPU time went</h2>${topFunctionsTables(record, linkTo)}</section>
<section><h2>What got hotter: differential flame graphs</h2>${profileDiffTable(model.profileDiffs)}</section>
<section><h2>Flame graphs and profiler reports</h2>${profileLinksTable(record, linkTo)}<h3>Profiling overhead</h3>${overheadList(model.overheads)}</section>
<section><h2>Environment</h2>${environmentsTable(environments)}</section>
<section><h2>Resolved experiment</h2><pre>${escapeHtml(options.experimentYaml)}</pre></section>
${embedCharts}
</body></html>
`;
}
