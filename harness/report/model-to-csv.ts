import type { ReportModel } from './report-model.ts';
import { summaryColumns } from './summary-columns.ts';

function csvField(text: string): string {
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The summary as CSV, one row per variant with every column unrounded, for a spreadsheet. */
export function modelToCsv(model: Pick<ReportModel, 'rows'>): string {
  const lines = [summaryColumns.map((column) => column.csv), ...model.rows.map((row) => summaryColumns.map((column) => csvField(column.raw(row))))];
  return `${lines.map((fields) => fields.join(',')).join('\n')}\n`;
}
