import type { RunRecord } from '../results/run-record.ts';
import { escapeHtml } from './html-escape.ts';
import { limitText, type VariantLimit } from '../analysis/ramp-to-limits.ts';

/** A ramp's maximum sustainable rate per variant, and every step it tried; nothing for a run without a ramp. */
export function limitsSection(record: RunRecord, limits: VariantLimit[]): string {
  if (!record.ramp) return '';
  const { p99Ms, precision } = record.ramp;
  const rows = limits
    .flatMap((limit) =>
      limit.steps.map(
        (step) =>
          `<tr><td>${escapeHtml(limit.variant)}</td><td>${step.offered}</td><td>${step.achieved?.toFixed(0) ?? '–'}</td><td>${step.p99?.toFixed(1) ?? '–'}</td><td>${step.sustainable ? 'yes' : 'no'}</td><td>${escapeHtml(step.reason)}</td></tr>`,
      ),
    )
    .join('');
  return `<section><h2>Maximum sustainable rate (SLO: end-to-end p99 ≤ ${p99Ms} ms, and at least 95 % of the offered rate delivered)</h2>
<ul id="limits">${limits.map((limit) => `<li>${escapeHtml(limitText(limit, precision))}</li>`).join('')}</ul>
<table id="ramp-steps"><tr><th>variant</th><th>offered msgs/s</th><th>achieved msgs/s</th><th>p99 ms (corrected)</th><th>sustainable</th><th>why</th></tr>${rows}</table></section>`;
}
