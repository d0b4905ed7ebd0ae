import type { RunRecord } from './run-folder.ts';

function median(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** One summary line per variant: medians over its completed repetitions, totals for loss and persistence. */
export interface VariantSummary {
  variant: string;
  completed: number;
  cells: number;
  msgsPerSec?: number;
  p99EndToEndMs?: number;
  lost: number;
  persisted: number;
}

export function summarizeRun(record: RunRecord): VariantSummary[] {
  const names = [...new Set(record.cells.map((cell) => cell.variant))];
  return names.map((variant) => {
    const cells = record.cells.filter((cell) => cell.variant === variant);
    const done = cells.filter((cell) => cell.status === 'completed');
    const msgsPerSec = median(done.map((cell) => cell.throughput!.consumedPerSec));
    const p99 = median(done.map((cell) => cell.latency!.endToEnd.p99));
    return {
      variant,
      completed: done.length,
      cells: cells.length,
      ...(msgsPerSec !== undefined ? { msgsPerSec } : {}),
      ...(p99 !== undefined ? { p99EndToEndMs: p99 } : {}),
      lost: done.reduce((sum, cell) => sum + (cell.lost ?? 0), 0),
      persisted: done.reduce((sum, cell) => sum + (cell.sink?.persisted ?? 0), 0),
    };
  });
}
