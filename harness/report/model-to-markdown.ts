import { topChangesText } from './profiles-to-html.ts';
import type { RunRecord } from '../results/run-record.ts';
import { frameOwner } from '../profile/frame-owner.ts';
import { limitText } from '../analysis/ramp-to-limits.ts';
import { toleranceText } from '../analysis/regression-gate.ts';
import type { ReportModel } from './report-model.ts';
import { latencyNote, shownColumns } from './summary-columns.ts';

/** Markdown cells may not hold a raw pipe or newline. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** The summary and verdicts as Markdown, for a README or an issue. */
export function modelToMarkdown(model: ReportModel): string {
  const { record, rows } = model;
  const lines = [
    `# ${cell(record.experiment)} — run ${record.runId}`,
    '',
    record.description ? `${cell(record.description)}\n` : '',
    model.comparison
      ? `${model.comparison.runs.map((run) => `${cell(run.label)}: run ${run.runId}, status ${run.status}, ${run.repetitions} repetition(s) of ${run.durationMs / 1000} s after ${run.warmupMs / 1000} s warm-up`).join('; ')}. Baseline: ${cell(record.baseline)}.`
      : `Status: ${record.status}. ${record.repetitions} repetition(s) of ${record.durationMs / 1000} s measured after ${record.warmupMs / 1000} s warm-up. Baseline: ${cell(record.baseline)}. Machine: ${record.environment.cpu.cores} × ${cell(record.environment.cpu.model)}, Node ${record.environment.node}, Kafka ${record.environment.kafkaVersions.join(', ')}.`,
    '',
    ...(model.answers.length
      ? ['## Answers', '', ...model.answers.map((a) => `- **${cell(a.question)}** (${a.decided ? 'decided' : 'not decided'}) ${cell(a.text)}`), '']
      : []),
    `| ${shownColumns.map((column) => column.header).join(' | ')} |`,
    `| ${shownColumns.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${shownColumns.map((column) => cell(column.show(row))).join(' | ')} |`),
    '',
    latencyNote,
    '',
    ...(model.noiseFloor ? [cell(model.noiseFloor), ''] : []),
    ...(model.bottlenecks.length ? ['## What limited each variant', '', ...model.bottlenecks.map((b) => `- ${cell(b.text)}`), ''] : []),
    ...(model.outliers.length ? ['## Outlier repetitions', '', ...model.outliers.map((o) => `- ${cell(o.text)}`), ''] : []),
    ...(model.thresholds.length ? ['## Thresholds', '', ...model.thresholds.map((t) => `- ${cell(t.text)}`), ''] : []),
    ...(record.ramp
      ? [
          `## Maximum sustainable rate (end-to-end p99 ≤ ${record.ramp.p99Ms} ms, ≥ 95 % of the offered rate delivered)`,
          '',
          ...model.limits.map((limit) => `- ${cell(limitText(limit, record.ramp!.precision))}`),
          '',
        ]
      : []),
    ...(model.faults.length ? ['## Broker failures', '', ...model.faults.map((line) => `- ${cell(line)}`), ''] : []),
    ...(model.losses.length ? ['## Where acknowledged messages were lost', '', ...model.losses.map((line) => `- ${cell(line)}`), ''] : []),
    ...(model.gate
      ? [
          `## Regression gate against run ${model.gate.baselineRun} (${toleranceText(model.gate.tolerances)})`,
          '',
          ...model.gate.results.map((result) => `- ${cell(result.text)}`),
          ...model.gate.setupChanges.map((line) => `- ${cell(line)}`),
          '',
        ]
      : []),
    ...(model.harnessCosts.length ? ["## The harness's own cost", '', ...model.harnessCosts.map((c) => `- ${cell(c.text)}`), ''] : []),
    ...(model.verdicts.length
      ? ['## Verdicts', '', ...(model.adaptive ? [cell(model.adaptive), ''] : []), ...model.verdicts.map((v) => `- ${cell(v.text)}`), '']
      : []),
    ...topFunctionLines(record),
    ...(model.profileDiffs.length
      ? [
          '## What got hotter (differential flame graphs; self share of busy samples, most changed)',
          '',
          ...model.profileDiffs.map(
            (link) => `- ${cell(link.variant)} against ${cell(link.against)}, ${link.process} ([page](${link.file})): ${cell(topChangesText(link))}`,
          ),
          '',
        ]
      : []),
  ];
  return lines.join('\n');
}

/** Per variant, per process: the three functions with the most self time, from its first profiled cell. */
function topFunctionLines(record: RunRecord): string[] {
  const profiled = record.cells.filter((c) => c.status === 'completed' && c.profiles?.length);
  const variants = [...new Set(profiled.map((c) => c.variant))];
  if (variants.length === 0) return [];
  const lines = ["## Where the CPU time went (self time, top 3 per process; the harness's own frames left out)", ''];
  for (const variant of variants) {
    const first = profiled.find((c) => c.variant === variant)!;
    for (const profile of first.profiles!) {
      const top = profile.topFunctions
        .filter((f) => frameOwner(f.location) === 'pipeline')
        .slice(0, 3)
        .map((f) => `\`${f.function}\` ${f.location} ${f.selfPercent} %`)
        .join(', ');
      lines.push(`- ${cell(variant)} r${first.repetition}, ${profile.process}: ${cell(top)}`);
    }
  }
  lines.push('');
  return lines;
}
