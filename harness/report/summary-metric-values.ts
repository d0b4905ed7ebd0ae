import type { SummaryMetric } from '../experiment-file/summary-metrics.ts';
import type { SummaryRow } from './run-to-summary.ts';

/** A metric's value in a summary row, with its 95 % interval where the summary has one. */
export interface MetricValue {
  value: number;
  low?: number;
  high?: number;
}

const plain = (value: number | undefined): MetricValue | undefined => (value === undefined || Number.isNaN(value) ? undefined : { value });
const endToEnd = (row: SummaryRow, value: number | undefined) => (row.latencyKind === 'end-to-end' ? plain(value) : undefined);

/** Where each documented summary metric is in a row; undefined when the variant did not measure it. */
export const metricValueOf: Record<SummaryMetric, (row: SummaryRow) => MetricValue | undefined> = {
  msgsPerSec: (row) =>
    row.completed === 0 || Number.isNaN(row.msgsPerSec.mean)
      ? undefined
      : {
          value: row.msgsPerSec.mean,
          ...(row.msgsPerSec.low !== undefined ? { low: row.msgsPerSec.low } : {}),
          ...(row.msgsPerSec.high !== undefined ? { high: row.msgsPerSec.high } : {}),
        },
  msgsPerSecCv: (row) => plain(row.msgsPerSecCv),
  'latency.p50': (row) => plain(row.p50),
  'latency.p99': (row) => plain(row.p99),
  'latency.p999': (row) => plain(row.p999),
  'latency.endToEnd.p50': (row) => endToEnd(row, row.p50),
  'latency.endToEnd.p99': (row) => endToEnd(row, row.p99),
  'latency.endToEnd.p999': (row) => endToEnd(row, row.p999),
  lost: (row) => plain(row.lost),
  persisted: (row) => plain(row.persisted),
  bytesPerMessage: (row) => plain(row.bytesPerMessage),
  diskBytesPerMessage: (row) => plain(row.diskBytesPerMessage),
  generatorCpu: (row) => plain(row.generatorCpuPercent),
  processorCpu: (row) => plain(row.processorCpuPercent),
  harnessCpu: (row) => plain(row.harnessCpuPercent),
  brokerCpu: (row) => plain(row.brokerCpuPercent),
  brokerProduceP99: (row) => plain(row.brokerProduceP99Ms),
  brokerProduceMean: (row) => plain(row.brokerProduceMeanMs),
  requestHandlerIdle: (row) => plain(row.requestHandlerIdlePercent),
};
