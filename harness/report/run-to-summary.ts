import type { CellResult } from '../runner/cell-result.ts';
import type { RunRecord } from '../runner/run-folder.ts';
import { cellLatency, cellMsgsPerSec, isProducerOnly } from './cell-metrics.ts';
import { meanWithCi, type MeanWithCi } from './statistics.ts';

/** One variant's line of the summary: over its completed repetitions. */
export interface SummaryRow {
  variant: string;
  completed: number;
  cells: number;
  msgsPerSec: MeanWithCi;
  /** Medians over repetitions of each repetition's end-to-end percentile, ms. */
  p50?: number;
  p99?: number;
  p999?: number;
  lost: number;
  persisted: number;
  /** Mean CPU % (of one core) of the harness's own processes (generators + processors), summed. */
  harnessCpuPercent?: number;
}

export function median(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Variants in the order the run first met them. */
export function variantNames(record: RunRecord): string[] {
  return [...new Set(record.cells.map((cell) => cell.variant))];
}

export function completedCells(record: RunRecord, variant: string): CellResult[] {
  return record.cells.filter((cell) => cell.variant === variant && cell.status === 'completed');
}

/** CPU of generators and processors during the measured phase of one cell. */
export function harnessCpu(cell: CellResult, warmupMs: number): number | undefined {
  const fromSecond = Math.ceil(warmupMs / 1000) + 3;
  const perProcess = (cell.resources ?? []).filter((p) => p.role === 'generator' || p.role === 'processor').map((p) => {
    const samples = p.cpuPercent.filter((_, i) => p.second[i]! >= fromSecond);
    return samples.length ? samples.reduce((a, b) => a + b, 0) / samples.length : undefined;
  }).filter((value): value is number => value !== undefined);
  return perProcess.length ? perProcess.reduce((a, b) => a + b, 0) : undefined;
}

export function summarizeVariants(record: RunRecord): SummaryRow[] {
  return variantNames(record).map((variant) => {
    const all = record.cells.filter((cell) => cell.variant === variant);
    const done = completedCells(record, variant);
    const pick = (get: (cell: CellResult) => number | undefined) => median(done.map(get).filter((v): v is number => v !== undefined));
    const row: SummaryRow = {
      variant,
      completed: done.length,
      cells: all.length,
      msgsPerSec: meanWithCi(done.map(cellMsgsPerSec).filter((v): v is number => v !== undefined)),
      lost: done.reduce((sum, cell) => sum + (cell.lost ?? 0), 0),
      persisted: done.reduce((sum, cell) => sum + (cell.sink?.persisted ?? 0), 0),
    };
    const p50 = pick((cell) => cellLatency(cell)?.p50);
    const p99 = pick((cell) => cellLatency(cell)?.p99);
    const p999 = pick((cell) => cellLatency(cell)?.p999);
    const cpu = pick((cell) => harnessCpu(cell, record.warmupMs));
    return { ...row, ...(p50 !== undefined ? { p50 } : {}), ...(p99 !== undefined ? { p99 } : {}), ...(p999 !== undefined ? { p999 } : {}), ...(cpu !== undefined ? { harnessCpuPercent: cpu } : {}) };
  });
}
