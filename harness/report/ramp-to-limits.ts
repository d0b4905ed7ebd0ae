import type { RunRecord } from '../runner/run-folder.ts';
import { rampBracket, rampConverged } from '../runner/ramp-search.ts';
import { cellMsgsPerSec, rampLatency } from './cell-metrics.ts';
import { escapeHtml } from './html-escape.ts';
import type { Chart } from './run-to-charts.ts';

/** One variant's result of a ramp: its steps and the maximum sustainable rate they bracket. */
export interface VariantLimit {
  variant: string;
  steps: Array<{ offered: number; achieved?: number; p99?: number; sustainable: boolean; reason: string }>;
  /** The highest offered rate (all producers) that met the SLO and kept up; undefined when none did. */
  maxSustainable?: number;
  /** The lowest offered rate above it that did not. */
  firstUnsustainable?: number;
  converged: boolean;
}

export function rampLimits(record: RunRecord): VariantLimit[] {
  if (!record.ramp) return [];
  const config = record.ramp;
  const variants = [...new Set(record.cells.filter((c) => c.ramp).map((c) => c.ramp!.variant))];
  return variants.map((variant) => {
    const cells = record.cells.filter((c) => c.ramp?.variant === variant);
    const steps = cells.map((c) => ({
      offered: c.ramp!.offeredRate, sustainable: c.ramp!.sustainable, reason: c.ramp!.reason,
      ...(cellMsgsPerSec(c) !== undefined ? { achieved: cellMsgsPerSec(c)! } : {}),
      ...(rampLatency(c) ? { p99: rampLatency(c)!.p99 } : {}),
    })).sort((a, b) => a.offered - b.offered);
    const asSteps = steps.map((s) => ({ rate: s.offered, sustainable: s.sustainable }));
    const { good, bad } = rampBracket(asSteps);
    return { variant, steps, ...(good !== undefined ? { maxSustainable: good } : {}), ...(bad !== undefined ? { firstUnsustainable: bad } : {}), converged: rampConverged(config, asSteps) };
  });
}

export function limitText(limit: VariantLimit, precision: number): string {
  if (limit.maxSustainable === undefined) return `${limit.variant}: no offered rate met the SLO (lowest tried: ${limit.steps[0]?.offered ?? '?'} msgs/s)`;
  const bracket = limit.firstUnsustainable === undefined ? 'no rate tried was too fast: raise ramp.maxSteps or ramp.from' : `${limit.firstUnsustainable} msgs/s was not`;
  const converged = limit.converged ? `converged within ${Math.round(precision * 100)} %` : 'not converged: raise ramp.maxSteps';
  return `${limit.variant}: max sustainable ${limit.maxSustainable} msgs/s (${bracket}; ${converged}; ${limit.steps.length} steps)`;
}

export function limitsSection(record: RunRecord, limits: VariantLimit[]): string {
  if (!record.ramp) return '';
  const { p99Ms, precision } = record.ramp;
  const rows = limits.flatMap((limit) => limit.steps.map((step) => `<tr><td>${escapeHtml(limit.variant)}</td><td>${step.offered}</td><td>${step.achieved?.toFixed(0) ?? '–'}</td><td>${step.p99?.toFixed(1) ?? '–'}</td><td>${step.sustainable ? 'yes' : 'no'}</td><td>${escapeHtml(step.reason)}</td></tr>`)).join('');
  return `<section><h2>Maximum sustainable rate (SLO: end-to-end p99 ≤ ${p99Ms} ms, and at least 95 % of the offered rate delivered)</h2>
<ul id="limits">${limits.map((limit) => `<li>${escapeHtml(limitText(limit, precision))}</li>`).join('')}</ul>
<table id="ramp-steps"><tr><th>variant</th><th>offered msgs/s</th><th>achieved msgs/s</th><th>p99 ms (corrected)</th><th>sustainable</th><th>why</th></tr>${rows}</table></section>`;
}

const schema = 'https://vega.github.io/schema/vega-lite/v6.json';

/** Offered vs achieved rate, and p99 vs offered rate with the SLO as a rule, per variant. */
export function rampCharts(record: RunRecord, limits: VariantLimit[]): Chart[] {
  if (!record.ramp) return [];
  const values = limits.flatMap((limit) => limit.steps.map((step) => ({ variant: limit.variant, ...step, sustainable: step.sustainable ? 'yes' : 'no' })));
  const x = { field: 'offered', type: 'quantitative', scale: { type: 'log' }, title: 'offered msgs/s' };
  return [
    {
      id: 'ramp-throughput', title: 'Offered vs achieved msgs/s (the diagonal is keeping up)',
      spec: { $schema: schema, width: 520, height: 300, layer: [
        { data: { values }, mark: { type: 'line', point: true }, encoding: { x, y: { field: 'achieved', type: 'quantitative', scale: { type: 'log' }, title: 'achieved msgs/s' }, color: { field: 'variant', type: 'nominal' }, shape: { field: 'sustainable', type: 'nominal' } } },
        { data: { values: values.map((v) => ({ offered: v.offered, achieved: v.offered })) }, mark: { type: 'line', strokeDash: [4, 4], color: '#999' }, encoding: { x, y: { field: 'achieved', type: 'quantitative' } } },
      ] },
    },
    {
      id: 'ramp-latency', title: `End-to-end p99 vs offered rate (log scale; the rule is the SLO, ${record.ramp.p99Ms} ms)`,
      spec: { $schema: schema, width: 520, height: 300, layer: [
        { data: { values: values.filter((v) => v.p99 !== undefined) }, mark: { type: 'line', point: true }, encoding: { x, y: { field: 'p99', type: 'quantitative', scale: { type: 'log' }, title: 'p99 ms' }, color: { field: 'variant', type: 'nominal' } } },
        { data: { values: [{ slo: record.ramp.p99Ms }] }, mark: { type: 'rule', color: '#c00', strokeDash: [6, 3] }, encoding: { y: { field: 'slo', type: 'quantitative' } } },
      ] },
    },
  ];
}
