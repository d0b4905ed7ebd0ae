import { sampleStandardDeviation } from 'simple-statistics';
import { type FigureName, figureCatalog } from '../figures/catalog.ts';
import type { CompletedCell } from '../results/cell-result.ts';
import type { RunRecord } from '../results/run-record.ts';
import { cellAckLatency, cellLatency, cellMsgsPerSec, cellServiceLatency, latencyFromIntended } from './cell-metrics.ts';
import { brokerProduceMean, brokerProduceP99, busiestBrokerIdle, harnessCpu } from './cell-readings.ts';

type Record_ = Pick<RunRecord, 'warmupMs' | 'durationMs'>;

/** How one completed cell yields a figure; undefined where the cell did not measure it. */
type CellReading = (cell: CompletedCell, record: Record_) => number | undefined;

/** A figure read off the repetitions' values of another figure (the noise floor of msgs/s), not off one cell. */
interface OverRepetitions {
  overRepetitionsOf: FigureName;
  statistic: 'cv';
}

export type FigureReading = CellReading | OverRepetitions;

export const isOverRepetitions = (reading: FigureReading): reading is OverRepetitions => typeof reading !== 'function';

const endToEndOnly = (of: (cell: CompletedCell) => number | undefined) => (cell: CompletedCell) => (cell.latency?.endToEnd ? of(cell) : undefined);

/**
 * How each figure of the catalog comes out of a cell. A figure's definition, unit, combination, column and chart
 * are its catalog entry (figures/catalog.ts); this is the one place that reads it off a cell record.
 */
export const figureReadings: Record<FigureName, FigureReading> = {
  msgsPerSec: cellMsgsPerSec,
  msgsPerSecCv: { overRepetitionsOf: 'msgsPerSec', statistic: 'cv' },
  offeredPerSec: (cell) => cell.throughput.offeredPerSec,
  'latency.p50': (cell) => cellLatency(cell)?.p50,
  'latency.p99': (cell) => cellLatency(cell)?.p99,
  'latency.p999': (cell) => cellLatency(cell)?.p999,
  'latency.mean': (cell) => cellLatency(cell)?.mean,
  'latency.max': (cell) => cellLatency(cell)?.max,
  'latency.service.p99': (cell) => (latencyFromIntended(cell) ? cellServiceLatency(cell)?.p99 : undefined),
  'latency.ack.p99': endToEndOnly((cell) => cellAckLatency(cell)?.p99),
  'latency.endToEnd.p50': endToEndOnly((cell) => cellLatency(cell)?.p50),
  'latency.endToEnd.p99': endToEndOnly((cell) => cellLatency(cell)?.p99),
  'latency.endToEnd.p999': endToEndOnly((cell) => cellLatency(cell)?.p999),
  lost: (cell) => cell.lost,
  duplicates: (cell) => cell.consumed?.duplicates,
  persisted: (cell) => (cell.params.sink.type === 'none' ? undefined : cell.sink?.measured),
  bytesPerMessage: (cell) => (cell.throughput.producedPerSec > 0 ? (cell.throughput.mbPerSec * 1e6) / cell.throughput.producedPerSec : undefined),
  diskBytesPerMessage: (cell) => cell.disk?.bytesPerMessage,
  generatorCpu: (cell, record) => harnessCpu(cell, record, ['generator']),
  processorCpu: (cell, record) => harnessCpu(cell, record, ['processor']),
  harnessCpu: (cell, record) => harnessCpu(cell, record),
  brokerCpu: (cell, record) => harnessCpu(cell, record, ['broker', 'controller']),
  brokerProduceP99: brokerProduceP99,
  brokerProduceMean: brokerProduceMean,
  requestHandlerIdle: busiestBrokerIdle,
};

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

/** Each completed repetition's value of a figure, where the cell has it. */
export function figureValues(name: FigureName, cells: CompletedCell[], record: Record_): number[] {
  const reading = figureReadings[name];
  if (isOverRepetitions(reading)) return [];
  return cells.map((cell) => reading(cell, record)).filter((value): value is number => value !== undefined && !Number.isNaN(value));
}

/** A variant's figure over its completed repetitions, combined as the catalog says; undefined where none has it. */
export function combineFigure(name: FigureName, cells: CompletedCell[], record: Record_): number | undefined {
  const reading = figureReadings[name];
  if (isOverRepetitions(reading)) return coefficientOfVariation(figureValues(reading.overRepetitionsOf, cells, record));
  const values = figureValues(name, cells, record);
  if (values.length === 0) return undefined;
  const combine = figureCatalog[name].combine;
  if (combine === 'sum') return values.reduce((a, b) => a + b, 0);
  if (combine === 'mean') return values.reduce((a, b) => a + b, 0) / values.length;
  return median(values);
}
