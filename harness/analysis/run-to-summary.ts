import type { FigureName } from '../figures/catalog.ts';
import { isCompleted, isPilot, type CellResult, type CompletedCell } from '../results/cell-result.ts';
import type { RunRecord } from '../results/run-record.ts';
import { cellMsgsPerSec, latencyFromIntended } from './cell-metrics.ts';
import { combineFigure, figureReadings } from './metrics.ts';
import { meanWithCi, type MeanWithCi } from './statistics.ts';

export { coefficientOfVariation, median } from './metrics.ts';
export { brokerProduceMean, brokerProduceP99, brokerWindowMeans, busiestBrokerIdle, harnessCpu } from './cell-readings.ts';

/** One variant's line of the summary: over its completed repetitions. */
export interface SummaryRow {
  variant: string;
  completed: number;
  cells: number;
  /** Every catalog figure the variant measured, combined over its completed repetitions as the catalog says. */
  figures: Partial<Record<FigureName, number>>;
  /** msgs/s with its 95 % interval over repetitions (figures.msgsPerSec is its mean). */
  msgsPerSec: MeanWithCi;
  /** The latency figures' path: end-to-end, or send → ack without processors that read sequence numbers. */
  latencyKind?: 'end-to-end' | 'produce';
  /** Whether the latency figures count from the intended send time (every completed cell at a fixed rate recorded it). */
  latencyFromIntended?: boolean;
  /** The lowest and highest repetition of each CPU figure: its spread, shown beside the median. */
  cpuRanges: Partial<Record<CpuRole, { low: number; high: number }>>;
}

/** Share of the offered rate below which a variant is marked as not having carried it. */
export const carriedShare = 0.95;

/** Whether a fixed-rate variant's carried rate fell short of what its schedule offered. */
export const carriedShort = (row: SummaryRow) => row.figures.offeredPerSec !== undefined && row.msgsPerSec.mean < carriedShare * row.figures.offeredPerSec;

export type CpuRole = 'generator' | 'processor' | 'broker';
export const cpuFigureOf: Record<CpuRole, FigureName> = { generator: 'generatorCpu', processor: 'processorCpu', broker: 'brokerCpu' };

/** Variants in the experiment file's order (run.json's `variants`), else in the order the run first met them. */
export function variantNames(record: RunRecord): string[] {
  const ran = new Set(record.cells.map((cell) => cell.variant));
  // The file's order where the run recorded it: the cells ran shuffled, and a table should not reshuffle with them.
  const inFileOrder = (record.variants ?? []).filter((name) => ran.has(name));
  return [...new Set([...inFileOrder, ...ran])];
}

export function completedCells(record: RunRecord, variant: string): CompletedCell[] {
  return record.cells.filter(isCompleted).filter((cell) => cell.variant === variant && !isPilot(cell));
}

/**
 * One figure of each completed repetition of a variant, where the cell has it (and it is above zero); only
 * repetitions up to `upTo` when given (a sequential design's look).
 */
export function repetitionValues(record: RunRecord, variant: string, of: (cell: CellResult) => number | undefined, upTo = Number.POSITIVE_INFINITY): number[] {
  return completedCells(record, variant)
    .filter((cell) => cell.repetition <= upTo)
    .map(of)
    .filter((value): value is number => value !== undefined && value > 0);
}

/** `{ key: value }` when the value is known, else nothing: optional fields stay absent, never undefined. */
export const defined = <K extends string>(key: K, value: number | undefined) => (value === undefined ? {} : ({ [key]: value } as Record<K, number>));

export function summarizeVariants(record: RunRecord): SummaryRow[] {
  return variantNames(record).map((variant) => {
    const all = record.cells.filter((cell) => cell.variant === variant && !isPilot(cell));
    const done = completedCells(record, variant);
    const figures: Partial<Record<FigureName, number>> = {};
    for (const name of Object.keys(figureReadings) as FigureName[]) {
      const value = combineFigure(name, done, record);
      if (value !== undefined && !Number.isNaN(value)) figures[name] = value;
    }
    // Processors that only count (bare, consumer-performance) measure no end-to-end latency: the column shows send → ack.
    const latencyKind = done.length === 0 ? undefined : done.every((cell) => !cell.latency?.endToEnd) ? ('produce' as const) : ('end-to-end' as const);
    return {
      variant,
      completed: done.length,
      cells: all.length,
      figures,
      msgsPerSec: meanWithCi(done.map(cellMsgsPerSec).filter((v): v is number => v !== undefined)),
      ...(latencyKind ? { latencyKind } : {}),
      ...(done.length && done.every(latencyFromIntended) ? { latencyFromIntended: true } : {}),
      cpuRanges: Object.fromEntries(
        (Object.keys(cpuFigureOf) as CpuRole[]).flatMap((role) => {
          const reading = figureReadings[cpuFigureOf[role]] as (cell: CompletedCell, r: RunRecord) => number | undefined;
          const values = done.map((cell) => reading(cell, record)).filter((v): v is number => v !== undefined);
          return values.length > 1 ? [[role, { low: Math.min(...values), high: Math.max(...values) }]] : [];
        }),
      ),
    };
  });
}
