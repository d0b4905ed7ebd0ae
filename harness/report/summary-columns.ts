import type { CpuRole, SummaryRow } from './run-to-summary.ts';

/** One column of the summary, shared by the HTML, Markdown, CSV and terminal tables so they never disagree. */
export interface SummaryColumn {
  header: string;
  /** CSV header: plain snake_case. */
  csv: string;
  /** As people read it ('–' when unknown). */
  show(row: SummaryRow): string;
  /** As a spreadsheet reads it (empty when unknown). */
  raw(row: SummaryRow): string;
  /** Only in the CSV: the tables people read fold it into another column. */
  csvOnly?: true;
}

const fixed = (value: number | undefined, digits: number, missing: string) => (value === undefined || Number.isNaN(value) ? missing : value.toFixed(digits));
const whole = (value: number | undefined, missing: string) => (value === undefined ? missing : String(value));
/** Producer-only variants have no end-to-end latency: their percentiles are send → acknowledgement, marked so. */
const latency = (row: SummaryRow, value: number | undefined) => `${fixed(value, 1, '–')}${value !== undefined && row.latencyKind === 'produce' ? ' ack' : ''}`;

/** Share of the offered rate below which a variant is marked as not having carried it. */
export const carriedShare = 0.95;

/** Whether a fixed-rate variant's carried rate fell short of what its schedule offered. */
export const carriedShort = (row: SummaryRow) => row.offeredPerSec !== undefined && row.msgsPerSec.mean < carriedShare * row.offeredPerSec;

function msgsPerSec(row: SummaryRow): string {
  const { mean, low, high } = row.msgsPerSec;
  if (Number.isNaN(mean)) return '–';
  const shown = low === undefined ? fixed(mean, 0, '–') : `${fixed(mean, 0, '–')} ± ${fixed(high! - mean, 0, '–')}`;
  return carriedShort(row) ? `${shown} (short of offered)` : shown;
}

/** A role's CPU: the median over repetitions, with the lowest–highest repetition beside it (and in CSV columns of their own). */
function cpuColumns(role: CpuRole, field: 'generatorCpuPercent' | 'processorCpuPercent' | 'brokerCpuPercent'): SummaryColumn[] {
  const range = (row: SummaryRow) => row.cpuRanges[role];
  return [
    {
      header: `${role} CPU % (range)`,
      csv: `${role}_cpu_percent`,
      show: (row) => {
        const spread = range(row);
        return `${fixed(row[field], 0, '–')}${spread ? ` (${spread.low.toFixed(0)}–${spread.high.toFixed(0)})` : ''}`;
      },
      raw: (row) => fixed(row[field], 1, ''),
    },
    { header: '', csv: `${role}_cpu_percent_low`, show: () => '', raw: (row) => fixed(range(row)?.low, 1, ''), csvOnly: true },
    { header: '', csv: `${role}_cpu_percent_high`, show: () => '', raw: (row) => fixed(range(row)?.high, 1, ''), csvOnly: true },
  ];
}

export const summaryColumns: SummaryColumn[] = [
  { header: 'variant', csv: 'variant', show: (row) => row.variant, raw: (row) => row.variant },
  { header: 'cells ok', csv: 'completed', show: (row) => `${row.completed}/${row.cells}`, raw: (row) => String(row.completed) },
  { header: 'cells', csv: 'cells', show: () => '', raw: (row) => String(row.cells), csvOnly: true },
  { header: 'msgs/s (mean ± 95 % CI)', csv: 'msgs_per_sec_mean', show: msgsPerSec, raw: (row) => fixed(row.msgsPerSec.mean, 1, '') },
  { header: '95 % CI low', csv: 'msgs_per_sec_ci_low', show: () => '', raw: (row) => fixed(row.msgsPerSec.low, 1, ''), csvOnly: true },
  { header: '95 % CI high', csv: 'msgs_per_sec_ci_high', show: () => '', raw: (row) => fixed(row.msgsPerSec.high, 1, ''), csvOnly: true },
  { header: 'CV %', csv: 'msgs_per_sec_cv_percent', show: (row) => fixed(row.msgsPerSecCv, 1, '–'), raw: (row) => fixed(row.msgsPerSecCv, 2, '') },
  {
    header: 'offered msgs/s',
    csv: 'offered_msgs_per_sec',
    show: (row) => fixed(row.offeredPerSec, 0, row.completed ? 'max' : '–'),
    raw: (row) => fixed(row.offeredPerSec, 1, ''),
  },
  { header: 'p50 ms', csv: 'p50_ms', show: (row) => latency(row, row.p50), raw: (row) => fixed(row.p50, 3, '') },
  { header: 'p99 ms', csv: 'p99_ms', show: (row) => latency(row, row.p99), raw: (row) => fixed(row.p99, 3, '') },
  { header: 'p99.9 ms', csv: 'p999_ms', show: (row) => latency(row, row.p999), raw: (row) => fixed(row.p999, 3, '') },
  { header: 'mean ms', csv: 'mean_latency_ms', show: (row) => latency(row, row.meanLatency), raw: (row) => fixed(row.meanLatency, 3, '') },
  { header: 'max ms', csv: 'max_latency_ms', show: (row) => latency(row, row.maxLatency), raw: (row) => fixed(row.maxLatency, 3, '') },
  { header: 'ack p99 ms', csv: 'ack_p99_ms', show: (row) => fixed(row.ackP99, 1, '–'), raw: (row) => fixed(row.ackP99, 3, '') },
  { header: 'latency', csv: 'latency_kind', show: () => '', raw: (row) => row.latencyKind ?? '', csvOnly: true },
  { header: 'lost', csv: 'lost', show: (row) => whole(row.lost, '–'), raw: (row) => whole(row.lost, '') },
  { header: 'persisted', csv: 'persisted', show: (row) => whole(row.persisted, '–'), raw: (row) => whole(row.persisted, '') },
  { header: 'bytes/msg', csv: 'bytes_per_message', show: (row) => fixed(row.bytesPerMessage, 0, '–'), raw: (row) => fixed(row.bytesPerMessage, 1, '') },
  {
    header: 'disk B/msg',
    csv: 'disk_bytes_per_message',
    show: (row) => fixed(row.diskBytesPerMessage, 0, '–'),
    raw: (row) => fixed(row.diskBytesPerMessage, 1, ''),
  },
  ...cpuColumns('generator', 'generatorCpuPercent'),
  ...cpuColumns('processor', 'processorCpuPercent'),
  ...cpuColumns('broker', 'brokerCpuPercent'),
  {
    header: 'broker produce p99 ms',
    csv: 'broker_produce_p99_ms',
    show: (row) => fixed(row.brokerProduceP99Ms, 1, '–'),
    raw: (row) => fixed(row.brokerProduceP99Ms, 3, ''),
  },
  {
    header: 'broker produce mean ms',
    csv: 'broker_produce_mean_ms',
    show: (row) => fixed(row.brokerProduceMeanMs, 1, '–'),
    raw: (row) => fixed(row.brokerProduceMeanMs, 3, ''),
  },
  {
    header: 'request handler idle %',
    csv: 'request_handler_idle_percent',
    show: (row) => fixed(row.requestHandlerIdlePercent, 0, '–'),
    raw: (row) => fixed(row.requestHandlerIdlePercent, 1, ''),
  },
];

/** The columns people read (the CSV-only ones left out). */
export const shownColumns = summaryColumns.filter((column) => !column.csvOnly);

export const latencyNote =
  'msgs/s is what was consumed (or, without processors, acknowledged) inside the measured window; CV % is its coefficient of variation over repetitions, the noise floor no smaller difference can beat; p50, p99, p99.9 and CPU % are medians over the repetitions (each repetition gives one figure), CPU with the lowest–highest repetition in brackets; CPU % is the mean over exactly the measured phase (of one core, summed over the processes of a role, brokers and controllers on this machine for broker CPU); "short of offered" marks a variant that carried less than 95 % of its fixed rate. persisted counts the rows the sink wrote inside the measured window. broker produce p99 is the p99 Kafka itself keeps of the time a produce request spends in the broker (mean of the brokers over the measured phase; a reservoir weighted to the last five minutes, so it carries over from earlier cells), broker produce mean the mean time of the produce requests the brokers completed inside the measured phase (this cell alone), and request handler idle % that of the busiest broker, from the JMX metrics of each broker (local clusters). Latency is end-to-end (send → processed), mean and max medians over repetitions too; ack p99 is send → acknowledgement beside it; "ack" marks variants without end-to-end latency (producer-only, or processors that only count records), whose latency is send → acknowledgement.';
