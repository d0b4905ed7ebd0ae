import { isCompleted, type CellResult, type CompletedCell } from '../results/cell-result.ts';
import type { RunRecord } from '../results/run-record.ts';
import { cellLatency, cellMsgsPerSec } from './cell-metrics.ts';
import { sampleStandardDeviation } from 'simple-statistics';
import { meanWithCi, type MeanWithCi } from './statistics.ts';
import type { BrokerSecond } from '../metrics/broker-metrics.ts';

/** One variant's line of the summary: over its completed repetitions. */
export interface SummaryRow {
  variant: string;
  completed: number;
  cells: number;
  msgsPerSec: MeanWithCi;
  /** Coefficient of variation of msgs/s over completed repetitions, %: the run's noise floor for this variant. */
  msgsPerSecCv?: number;
  /** What a fixed-rate schedule offered (all producers); absent at max rate. */
  offeredPerSec?: number;
  /** Medians over repetitions of each repetition's percentile, ms: end-to-end, or send → ack without processors. */
  p50?: number;
  p99?: number;
  p999?: number;
  latencyKind?: 'end-to-end' | 'produce';
  /** Median over repetitions of send → acknowledgement p99, beside an end-to-end latency (absent where that is the latency shown). */
  ackP99?: number;
  /** Medians over repetitions of each repetition's mean and maximum latency (of the same kind as p99), ms. */
  meanLatency?: number;
  maxLatency?: number;
  /** Absent when no cell could assess it (producer-only cells have no consumer to miss a message). */
  lost?: number;
  /** Median over repetitions of the rows whose write completed inside the measured window. */
  persisted?: number;
  /** Bytes per message on the wire (serialized value), from the generators' measured bytes. */
  bytesPerMessage?: number;
  /** Bytes per message per replica in the brokers' log segments: after compression and batching. */
  diskBytesPerMessage?: number;
  /** Mean CPU % (of one core) of the harness's own processes during the measured phase, summed per role. */
  generatorCpuPercent?: number;
  processorCpuPercent?: number;
  harnessCpuPercent?: number;
  /** The same for the cluster's nodes on this machine (brokers and controllers), summed. */
  brokerCpuPercent?: number;
  /** Medians over repetitions of the brokers' own figures over the measured phase (local clusters): see brokerProduceP99, busiestBrokerIdle. */
  brokerProduceP99Ms?: number;
  brokerProduceMeanMs?: number;
  requestHandlerIdlePercent?: number;
  /** The lowest and highest repetition of each CPU figure: its spread, shown beside the median. */
  cpuRanges: Partial<Record<CpuRole, { low: number; high: number }>>;
}

export type CpuRole = 'generator' | 'processor' | 'broker';
const cpuRoles: Record<CpuRole, string[]> = { generator: ['generator'], processor: ['processor'], broker: ['broker', 'controller'] };

/** Sample standard deviation over mean, in %; undefined below 2 values. */
export function coefficientOfVariation(values: number[]): number | undefined {
  if (values.length < 2) return undefined;
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return mean > 0 ? (sampleStandardDeviation(values) / mean) * 100 : undefined;
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

export function completedCells(record: RunRecord, variant: string): CompletedCell[] {
  return record.cells.filter(isCompleted).filter((cell) => cell.variant === variant);
}

/** One figure of each completed repetition of a variant, where the cell has it (and it is above zero). */
export function repetitionValues(record: RunRecord, variant: string, of: (cell: CellResult) => number | undefined): number[] {
  return completedCells(record, variant)
    .map(of)
    .filter((value): value is number => value !== undefined && value > 0);
}

/**
 * Mean CPU % (of one core) of the processes of these roles during exactly the measured phase of one cell, summed
 * over processes. A sample at second s covers the second before it (the sampler reads CPU time once a second), so
 * the phase [warm-up, warm-up + duration) is the samples from warm-up + 1 to warm-up + duration: the drain after it
 * and the warm-up before it are left out.
 */
export function harnessCpu(
  cell: CellResult,
  record: Pick<RunRecord, 'warmupMs' | 'durationMs'>,
  roles: string[] = ['generator', 'processor'],
): number | undefined {
  const fromSecond = Math.round(record.warmupMs / 1000) + 1;
  const toSecond = Math.round((record.warmupMs + record.durationMs) / 1000);
  const perProcess = (cell.resources ?? [])
    .filter((p) => roles.includes(p.role))
    .map((p) => {
      const samples = p.cpuPercent.filter((_, i) => p.second[i]! >= fromSecond && p.second[i]! <= toSecond);
      return samples.length ? samples.reduce((a, b) => a + b, 0) / samples.length : undefined;
    })
    .filter((value): value is number => value !== undefined);
  return perProcess.length ? perProcess.reduce((a, b) => a + b, 0) : undefined;
}

/**
 * Each broker's mean of one of its per-second metrics over exactly the measured phase (the seconds harnessCpu
 * takes), by broker; brokers without the metric in that window are left out.
 */
export function brokerWindowMeans(
  cell: CellResult,
  record: Pick<RunRecord, 'warmupMs' | 'durationMs'>,
  of: (second: BrokerSecond) => number | undefined,
): number[] {
  return brokerWindowSeconds(cell, record).flatMap((seconds) => {
    const values = seconds.map(of).filter((value): value is number => value !== undefined);
    return values.length ? [values.reduce((a, b) => a + b, 0) / values.length] : [];
  });
}

/** Each broker's seconds of exactly the measured phase (the seconds harnessCpu takes), by broker. */
function brokerWindowSeconds(cell: CellResult, record: Pick<RunRecord, 'warmupMs' | 'durationMs'>): BrokerSecond[][] {
  const fromSecond = Math.round(record.warmupMs / 1000) + 1;
  const toSecond = Math.round((record.warmupMs + record.durationMs) / 1000);
  return (cell.brokerMetrics ?? []).map((broker) => broker.figures.filter((_, i) => broker.second[i]! >= fromSecond && broker.second[i]! <= toSecond));
}

/**
 * The mean time of every produce request the brokers completed in the measured phase, ms: each broker's per-second
 * means weighted by the requests of that second. Exact for the cell, where Kafka's p99 carries over from before it.
 */
export function brokerProduceMean(cell: CellResult, record: Pick<RunRecord, 'warmupMs' | 'durationMs'>): number | undefined {
  let time = 0;
  let requests = 0;
  for (const second of brokerWindowSeconds(cell, record).flat()) {
    if (second.produceMeanMs === undefined || !second.produceRequestsPerSec) continue;
    time += second.produceMeanMs * second.produceRequestsPerSec;
    requests += second.produceRequestsPerSec;
  }
  return requests > 0 ? time / requests : undefined;
}

/** The brokers' produce p99 over the measured phase: their mean. */
export function brokerProduceP99(cell: CellResult, record: Pick<RunRecord, 'warmupMs' | 'durationMs'>): number | undefined {
  const means = brokerWindowMeans(cell, record, (second) => second.produceP99Ms);
  return means.length ? means.reduce((a, b) => a + b, 0) / means.length : undefined;
}

/** The request handlers' idle share of the busiest broker over the measured phase, % (the one that limits first). */
export function busiestBrokerIdle(cell: CellResult, record: Pick<RunRecord, 'warmupMs' | 'durationMs'>): number | undefined {
  const means = brokerWindowMeans(cell, record, (second) => second.requestHandlerIdlePercent);
  return means.length ? Math.min(100, ...means) : undefined;
}

/** `{ key: value }` when the value is known, else nothing: optional fields stay absent, never undefined. */
export const defined = <K extends string>(key: K, value: number | undefined) => (value === undefined ? {} : ({ [key]: value } as Record<K, number>));

export function summarizeVariants(record: RunRecord): SummaryRow[] {
  return variantNames(record).map((variant) => {
    const all = record.cells.filter((cell) => cell.variant === variant);
    const done = completedCells(record, variant);
    const pick = (get: (cell: CellResult) => number | undefined) => median(done.map(get).filter((v): v is number => v !== undefined));
    const total = (get: (cell: CellResult) => number | undefined) =>
      done.some((cell) => get(cell) !== undefined) ? done.reduce((sum, cell) => sum + (get(cell) ?? 0), 0) : undefined;
    // Processors that only count (bare, consumer-performance) measure no end-to-end latency: the column shows send → ack.
    const latencyKind = done.length === 0 ? undefined : done.every((cell) => !cell.latency?.endToEnd) ? ('produce' as const) : ('end-to-end' as const);
    return {
      variant,
      completed: done.length,
      cells: all.length,
      msgsPerSec: meanWithCi(done.map(cellMsgsPerSec).filter((v): v is number => v !== undefined)),
      ...defined('msgsPerSecCv', coefficientOfVariation(done.map(cellMsgsPerSec).filter((v): v is number => v !== undefined))),
      ...(latencyKind ? { latencyKind } : {}),
      ...defined(
        'offeredPerSec',
        pick((cell) => cell.throughput?.offeredPerSec),
      ),
      ...defined(
        'p50',
        pick((cell) => cellLatency(cell)?.p50),
      ),
      ...defined(
        'p99',
        pick((cell) => cellLatency(cell)?.p99),
      ),
      ...defined(
        'p999',
        pick((cell) => cellLatency(cell)?.p999),
      ),
      ...defined('ackP99', latencyKind === 'end-to-end' ? pick((cell) => cell.latency?.produce?.p99) : undefined),
      ...defined(
        'meanLatency',
        pick((cell) => cellLatency(cell)?.mean),
      ),
      ...defined(
        'maxLatency',
        pick((cell) => cellLatency(cell)?.max),
      ),
      ...defined(
        'lost',
        total((cell) => cell.lost),
      ),
      ...defined('persisted', done.every((cell) => cell.params.sink.type === 'none') ? undefined : pick((cell) => cell.sink?.measured)),
      ...defined(
        'bytesPerMessage',
        pick((cell) => (cell.throughput && cell.throughput.producedPerSec > 0 ? (cell.throughput.mbPerSec * 1e6) / cell.throughput.producedPerSec : undefined)),
      ),
      ...defined(
        'diskBytesPerMessage',
        pick((cell) => cell.disk?.bytesPerMessage),
      ),
      ...defined(
        'generatorCpuPercent',
        pick((cell) => harnessCpu(cell, record, ['generator'])),
      ),
      ...defined(
        'processorCpuPercent',
        pick((cell) => harnessCpu(cell, record, ['processor'])),
      ),
      ...defined(
        'harnessCpuPercent',
        pick((cell) => harnessCpu(cell, record)),
      ),
      ...defined(
        'brokerCpuPercent',
        pick((cell) => harnessCpu(cell, record, ['broker', 'controller'])),
      ),
      ...defined(
        'brokerProduceP99Ms',
        pick((cell) => brokerProduceP99(cell, record)),
      ),
      ...defined(
        'brokerProduceMeanMs',
        pick((cell) => brokerProduceMean(cell, record)),
      ),
      ...defined(
        'requestHandlerIdlePercent',
        pick((cell) => busiestBrokerIdle(cell, record)),
      ),
      cpuRanges: Object.fromEntries(
        Object.entries(cpuRoles).flatMap(([role, roles]) => {
          const values = done.map((cell) => harnessCpu(cell, record, roles)).filter((v): v is number => v !== undefined);
          return values.length > 1 ? [[role, { low: Math.min(...values), high: Math.max(...values) }]] : [];
        }),
      ),
    };
  });
}
