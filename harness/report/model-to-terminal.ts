import type { FigureName } from '../figures/catalog.ts';
import { limitText } from '../analysis/ramp-to-limits.ts';
import type { ReportModel } from './report-model.ts';
import { shownColumns } from './summary-columns.ts';
import { textTable } from './text-table.ts';

/** The columns that fit a terminal; report.html and summary.md have them all. */
const terminalHeaders = ['variant', 'cells ok'];
const terminalFigures: FigureName[] = ['msgsPerSec', 'offeredPerSec', 'latency.p99', 'latency.service.p99', 'lost', 'duplicates', 'persisted'];

/** What `kafka-lab experiment` prints when a run ends: the summary's main columns, a ramp's limits, the verdicts. */
export function modelToTerminal(model: ReportModel): string {
  const columns = shownColumns.filter((column) => (column.figure ? terminalFigures.includes(column.figure) : terminalHeaders.includes(column.header)));
  const { ramp } = model.record;
  return [
    textTable(
      columns.map((column) => column.header),
      model.rows.map((row) => columns.map((column) => column.show(row))),
    ),
    ...(ramp ? model.limits.map((limit) => limitText(limit, ramp.precision)) : []),
    ...(model.noiseFloor ? [model.noiseFloor] : []),
    ...(model.adaptive ? [model.adaptive] : []),
    ...model.bottlenecks.map((b) => b.text),
    ...model.outliers.map((outlier) => `outlier: ${outlier.text}`),
    ...model.verdicts.map((verdict) => verdict.text),
    ...model.thresholds.map((threshold) => threshold.text),
    ...model.answers.map((a) => `${a.question} (${a.decided ? 'decided' : 'not decided'}) ${a.text}`),
  ].join('\n');
}
