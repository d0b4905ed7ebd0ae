import type { RunRecord } from '../runner/run-folder.ts';
import type { SummaryRow } from './run-to-summary.ts';
import type { HarnessCost } from './harness-costs.ts';
import { adaptiveText, type Verdict } from './verdicts.ts';
import { limitText, rampLimits } from './ramp-to-limits.ts';
import { faultLine } from './faults-to-html.ts';
import { latencyNote, shownColumns, summaryColumns } from './summary-columns.ts';

/** Markdown cells may not hold a raw pipe or newline. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** The summary and verdicts as Markdown, for a README or an issue. */
export function summaryToMarkdown(record: RunRecord, rows: SummaryRow[], judged: Verdict[], harnessCosts: HarnessCost[] = []): string {
  const lines = [
    `# ${cell(record.experiment)} — run ${record.runId}`,
    '',
    record.description ? `${cell(record.description)}\n` : '',
    `Status: ${record.status}. ${record.repetitions} repetition(s) of ${record.durationMs / 1000} s measured after ${record.warmupMs / 1000} s warm-up. Baseline: ${cell(record.baseline)}. Machine: ${record.environment.cpu.cores} × ${cell(record.environment.cpu.model)}, Node ${record.environment.node}, Kafka ${record.environment.kafkaVersions.join(', ')}.`,
    '',
    `| ${shownColumns.map((column) => column.header).join(' | ')} |`,
    `| ${shownColumns.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${shownColumns.map((column) => cell(column.show(row))).join(' | ')} |`),
    '',
    latencyNote,
    '',
    ...(record.ramp ? [`## Maximum sustainable rate (end-to-end p99 ≤ ${record.ramp.p99Ms} ms, ≥ 95 % of the offered rate delivered)`, '', ...rampLimits(record).map((limit) => `- ${cell(limitText(limit, record.ramp!.precision))}`), ''] : []),
    ...(record.cells.some((c) => c.fault) ? ['## Broker failures', '', ...record.cells.filter((c) => c.fault).map((c) => `- ${cell(faultLine(c))}`), ''] : []),
    ...(harnessCosts.length ? ['## The harness\'s own cost', '', ...harnessCosts.map((c) => `- ${cell(c.text)}`), ''] : []),
    ...(judged.length ? ['## Verdicts', '', ...(adaptiveText(record) ? [cell(adaptiveText(record)!), ''] : []), ...judged.map((v) => `- ${cell(v.text)}`), ''] : []),
    ...topFunctionLines(record),
  ];
  return lines.join('\n');
}

/** Per variant, per process: the three functions with the most self time, from its first profiled cell. */
function topFunctionLines(record: RunRecord): string[] {
  const profiled = record.cells.filter((c) => c.status === 'completed' && c.profiles?.length);
  const variants = [...new Set(profiled.map((c) => c.variant))];
  if (variants.length === 0) return [];
  const lines = ['## Where the CPU time went (self time, top 3 per process)', ''];
  for (const variant of variants) {
    const first = profiled.find((c) => c.variant === variant)!;
    for (const profile of first.profiles!) {
      const top = profile.topFunctions.slice(0, 3).map((f) => `\`${f.function}\` ${f.location} ${f.selfPercent} %`).join(', ');
      lines.push(`- ${cell(variant)} r${first.repetition}, ${profile.process}: ${cell(top)}`);
    }
  }
  lines.push('');
  return lines;
}

function csvField(text: string): string {
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The summary as CSV, one row per variant, for a spreadsheet. */
export function summaryToCsv(rows: SummaryRow[]): string {
  const lines = [summaryColumns.map((column) => column.csv), ...rows.map((row) => summaryColumns.map((column) => csvField(column.raw(row))))];
  return lines.map((fields) => fields.join(',')).join('\n') + '\n';
}
