import type { RunRecord } from '../runner/run-folder.ts';
import type { SummaryRow } from './run-to-summary.ts';
import type { Verdict } from './verdicts.ts';

const fixed = (value: number | undefined, digits: number) => (value === undefined || Number.isNaN(value) ? '' : value.toFixed(digits));

function msgs(row: SummaryRow): string {
  const { mean, low, high } = row.msgsPerSec;
  if (Number.isNaN(mean)) return '-';
  return low === undefined ? fixed(mean, 0) : `${fixed(mean, 0)} ± ${fixed(high! - mean, 0)}`;
}

/** Markdown cells may not hold a raw pipe or newline. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** The summary and verdicts as Markdown, for a README or an issue. */
export function summaryToMarkdown(record: RunRecord, rows: SummaryRow[], judged: Verdict[]): string {
  const lines = [
    `# ${cell(record.experiment)} — run ${record.runId}`,
    '',
    record.description ? `${cell(record.description)}\n` : '',
    `Status: ${record.status}. ${record.repetitions} repetition(s) of ${record.durationMs / 1000} s measured after ${record.warmupMs / 1000} s warm-up. Baseline: ${cell(record.baseline)}. Machine: ${record.environment.cpu.cores} × ${cell(record.environment.cpu.model)}, Node ${record.environment.node}, Kafka ${record.environment.kafkaVersions.join(', ')}.`,
    '',
    '| variant | cells ok | msgs/s (mean ± 95 % CI) | p50 e2e ms | p99 e2e ms | p99.9 e2e ms | lost | persisted | harness CPU % |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map((row) => `| ${cell(row.variant)} | ${row.completed}/${row.cells} | ${msgs(row)} | ${fixed(row.p50, 1)} | ${fixed(row.p99, 1)} | ${fixed(row.p999, 1)} | ${row.lost} | ${row.persisted} | ${fixed(row.harnessCpuPercent, 0)} |`),
    '',
    ...(judged.length ? ['## Verdicts', '', ...judged.map((v) => `- ${cell(v.text)}`), ''] : []),
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
  const header = ['variant', 'completed', 'cells', 'msgs_per_sec_mean', 'msgs_per_sec_ci_low', 'msgs_per_sec_ci_high', 'p50_e2e_ms', 'p99_e2e_ms', 'p999_e2e_ms', 'lost', 'persisted', 'harness_cpu_percent'];
  const body = rows.map((row) => [
    csvField(row.variant), row.completed, row.cells, fixed(row.msgsPerSec.mean, 1), fixed(row.msgsPerSec.low, 1), fixed(row.msgsPerSec.high, 1),
    fixed(row.p50, 3), fixed(row.p99, 3), fixed(row.p999, 3), row.lost, row.persisted, fixed(row.harnessCpuPercent, 1),
  ].join(','));
  return [header.join(','), ...body].join('\n') + '\n';
}
