import { type ColumnFormat, type FigureName, figureCatalog, figureNames, figureOf } from '../figures/catalog.ts';
import { type CpuRole, carriedShort, cpuFigureOf, type SummaryRow } from '../analysis/run-to-summary.ts';

/** One column of the summary, shared by the HTML, Markdown, CSV and terminal tables so they never disagree. */
export interface SummaryColumn {
  header: string;
  /** CSV header: plain snake_case. */
  csv: string;
  /** The catalog figure it shows, if any (variant and cells are the row's own). */
  figure?: FigureName;
  /** As people read it ('–' when unknown). */
  show(row: SummaryRow): string;
  /** As a spreadsheet reads it (empty when unknown). */
  raw(row: SummaryRow): string;
  /** Only in the CSV: the tables people read fold it into another column. */
  csvOnly?: true;
}

const fixed = (value: number | undefined, digits: number, missing: string) => (value === undefined || Number.isNaN(value) ? missing : value.toFixed(digits));
/** Counts are whole messages and rows: a median of two repetitions can be x.5, shown rounded. */
const count = (value: number | undefined, missing: string) => (value === undefined ? missing : Math.round(value).toLocaleString('en-US'));
/** Producer-only variants have no end-to-end latency: their percentiles are send → acknowledgement, marked so. */
const latency = (row: SummaryRow, value: number | undefined) => `${fixed(value, 1, '–')}${value !== undefined && row.latencyKind === 'produce' ? ' ack' : ''}`;

function msgsPerSec(row: SummaryRow): string {
  const { mean, low, high } = row.msgsPerSec;
  if (Number.isNaN(mean)) return '–';
  const shown = low === undefined ? fixed(mean, 0, '–') : `${fixed(mean, 0, '–')} ± ${fixed(high! - mean, 0, '–')}`;
  return carriedShort(row) ? `${shown} (short of offered)` : shown;
}

/** How each column format shows and writes a value. */
const formats: Record<ColumnFormat, { show(row: SummaryRow, value: number | undefined): string; raw(value: number | undefined): string }> = {
  rate: { show: (_, value) => fixed(value, 0, '–'), raw: (value) => fixed(value, 1, '') },
  latency: { show: latency, raw: (value) => fixed(value, 3, '') },
  count: { show: (_, value) => count(value, '–'), raw: (value) => (value === undefined ? '' : String(Math.round(value))) },
  percent: { show: (_, value) => fixed(value, 1, '–'), raw: (value) => fixed(value, 2, '') },
  bytes: { show: (_, value) => fixed(value, 0, '–'), raw: (value) => fixed(value, 1, '') },
  milliseconds: { show: (_, value) => fixed(value, 1, '–'), raw: (value) => fixed(value, 3, '') },
  cpu: { show: (_, value) => fixed(value, 0, '–'), raw: (value) => fixed(value, 1, '') },
};

const cpuRoleOf = (figure: FigureName) => (Object.keys(cpuFigureOf) as CpuRole[]).find((role) => cpuFigureOf[role] === figure);

/** The columns of one catalog figure: its own, and the CSV-only ones of its interval or range. */
function figureColumns(name: FigureName): SummaryColumn[] {
  const { column } = figureOf(name);
  if (!column) return [];
  const format = formats[column.format];
  const value = (row: SummaryRow) => row.figures[name];
  if (name === 'msgsPerSec') {
    return [
      { header: column.header, csv: column.csv, figure: name, show: msgsPerSec, raw: (row) => fixed(row.msgsPerSec.mean, 1, '') },
      { header: '95 % CI low', csv: 'msgs_per_sec_ci_low', show: () => '', raw: (row) => fixed(row.msgsPerSec.low, 1, ''), csvOnly: true },
      { header: '95 % CI high', csv: 'msgs_per_sec_ci_high', show: () => '', raw: (row) => fixed(row.msgsPerSec.high, 1, ''), csvOnly: true },
    ];
  }
  if (name === 'offeredPerSec') {
    return [
      {
        header: column.header,
        csv: column.csv,
        figure: name,
        show: (row) => fixed(value(row), 0, row.completed ? 'max' : '–'),
        raw: (row) => format.raw(value(row)),
      },
    ];
  }
  const role = cpuRoleOf(name);
  if (role) {
    // A role's CPU: the median over repetitions, with the lowest–highest repetition beside it (and in CSV columns of their own).
    const range = (row: SummaryRow) => row.cpuRanges[role];
    return [
      {
        header: column.header,
        csv: column.csv,
        figure: name,
        show: (row) => {
          const spread = range(row);
          return `${format.show(row, value(row))}${spread ? ` (${spread.low.toFixed(0)}–${spread.high.toFixed(0)})` : ''}`;
        },
        raw: (row) => format.raw(value(row)),
      },
      { header: '', csv: `${column.csv}_low`, show: () => '', raw: (row) => fixed(range(row)?.low, 1, ''), csvOnly: true },
      { header: '', csv: `${column.csv}_high`, show: () => '', raw: (row) => fixed(range(row)?.high, 1, ''), csvOnly: true },
    ];
  }
  return [{ header: column.header, csv: column.csv, figure: name, show: (row) => format.show(row, value(row)), raw: (row) => format.raw(value(row)) }];
}

export const summaryColumns: SummaryColumn[] = [
  { header: 'variant', csv: 'variant', show: (row) => row.variant, raw: (row) => row.variant },
  { header: 'cells ok', csv: 'completed', show: (row) => `${row.completed}/${row.cells}`, raw: (row) => String(row.completed) },
  { header: 'cells', csv: 'cells', show: () => '', raw: (row) => String(row.cells), csvOnly: true },
  ...figureNames.flatMap(figureColumns),
  { header: 'latency', csv: 'latency_kind', show: () => '', raw: (row) => row.latencyKind ?? '', csvOnly: true },
  { header: 'latency from', csv: 'latency_from', show: () => '', raw: (row) => (row.latencyFromIntended ? 'intended' : 'sent'), csvOnly: true },
];

/** The columns people read (the CSV-only ones left out). */
export const shownColumns = summaryColumns.filter((column) => !column.csvOnly);

/** The note under every summary table: each shown figure's catalog definition, as docs/measurement.md has it. */
export const latencyNote = [
  ...shownColumns.flatMap((column) => (column.figure ? [`${column.header}: ${figureCatalog[column.figure].definition}.`] : [])),
  '"ack" marks latencies that are send → acknowledgement (producer-only, or processors that only count records); "short of offered" marks a variant that carried less than 95 % of its fixed rate; CPU shows the lowest–highest repetition in brackets.',
].join(' ');
