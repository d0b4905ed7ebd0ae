/**
 * The figures of the summary by their documented names: one entry per figure, read by the summary, the verdicts,
 * thresholds, the history, every table renderer (HTML, Markdown, CSV, terminal) and docs/measurement.md. How a cell
 * yields each one is in analysis/metrics.ts, keyed by the same names (a figure without a reading does not compile).
 *
 * This file imports nothing: the experiment file's loader checks threshold names against it, below the results
 * model and the analysis that read cells.
 */

/** How a variant's repetitions combine into its figure. */
export type Combine = 'mean' | 'median' | 'sum';

/** How a column shows a value: renderers map each to a format (report/summary-columns.ts). */
export type ColumnFormat = 'rate' | 'latency' | 'count' | 'percent' | 'bytes' | 'milliseconds' | 'cpu';

export interface FigureEntry {
  unit: 'msgs/s' | 'ms' | '%' | 'messages' | 'rows' | 'bytes';
  /** One line, the same text docs/measurement.md and the report's notes show. */
  definition: string;
  combine: Combine;
  /** Which way is better, where one is (CPU, bytes and counts of work have none the tool judges by). */
  better?: 'higher' | 'lower';
  /** The summary column; absent for a figure only thresholds and the history read (say why in `noColumn`). */
  column?: { header: string; csv: string; format: ColumnFormat };
  noColumn?: string;
  /** The report chart that draws it (its id), or why none does. */
  chart: { id: string } | { none: string };
}

const latencyFrom =
  'at a fixed rate from each message’s intended (scheduled) send time, so a stall counts for every message behind it; at max rate from the actual send';

export const figureCatalog = {
  msgsPerSec: {
    unit: 'msgs/s',
    definition:
      'messages intended inside the measured window, acknowledged before it ended and consumed by any processor before it ended (acknowledged alone, without processors), over the window; mean of the repetitions with a 95 % interval',
    combine: 'mean',
    better: 'higher',
    column: { header: 'msgs/s (mean ± 95 % CI)', csv: 'msgs_per_sec_mean', format: 'rate' },
    chart: { id: 'throughput' },
  },
  msgsPerSecCv: {
    unit: '%',
    definition: 'coefficient of variation of msgs/s over the repetitions (sample standard deviation ÷ mean): the noise floor',
    combine: 'mean',
    better: 'lower',
    column: { header: 'CV %', csv: 'msgs_per_sec_cv_percent', format: 'percent' },
    chart: { none: 'a property of the repetitions the throughput chart already spreads as dots' },
  },
  offeredPerSec: {
    unit: 'msgs/s',
    definition: 'what a fixed-rate schedule offered, all producers together; absent at max rate',
    combine: 'median',
    column: { header: 'offered msgs/s', csv: 'offered_msgs_per_sec', format: 'rate' },
    chart: { none: 'a setting, not a measurement: shown beside msgs/s in the table' },
  },
  'latency.p50': {
    unit: 'ms',
    definition: `median over repetitions of each one's p50: end-to-end (send → processed), or send → acknowledgement without processors, ${latencyFrom}`,
    combine: 'median',
    better: 'lower',
    column: { header: 'p50 ms', csv: 'p50_ms', format: 'latency' },
    chart: { id: 'latency' },
  },
  'latency.p99': {
    unit: 'ms',
    definition: `median over repetitions of each one's p99: end-to-end (send → processed), or send → acknowledgement without processors, ${latencyFrom}`,
    combine: 'median',
    better: 'lower',
    column: { header: 'p99 ms', csv: 'p99_ms', format: 'latency' },
    chart: { id: 'latency' },
  },
  'latency.p999': {
    unit: 'ms',
    definition: `median over repetitions of each one's p99.9, of the same latency as latency.p99`,
    combine: 'median',
    better: 'lower',
    column: { header: 'p99.9 ms', csv: 'p999_ms', format: 'latency' },
    chart: { id: 'latency' },
  },
  'latency.mean': {
    unit: 'ms',
    definition: `median over repetitions of each one's mean latency, of the same latency as latency.p99`,
    combine: 'median',
    better: 'lower',
    column: { header: 'mean ms', csv: 'mean_latency_ms', format: 'latency' },
    chart: { id: 'percentile-curve' },
  },
  'latency.max': {
    unit: 'ms',
    definition: `median over repetitions of each one's maximum latency, of the same latency as latency.p99`,
    combine: 'median',
    better: 'lower',
    column: { header: 'max ms', csv: 'max_latency_ms', format: 'latency' },
    chart: { id: 'percentile-curve' },
  },
  'latency.service.p99': {
    unit: 'ms',
    definition:
      'at a fixed rate, the p99 of the same path from the actual send time (the service time: it leaves out the wait for a turn to be sent), median over repetitions; absent at max rate, where it is latency.p99',
    combine: 'median',
    better: 'lower',
    column: { header: 'service p99 ms', csv: 'service_p99_ms', format: 'latency' },
    chart: { none: 'shown beside p99 in the summary and the per-repetition table' },
  },
  'latency.ack.p99': {
    unit: 'ms',
    definition:
      'send → acknowledgement p99 beside an end-to-end latency (from the intended send time at a fixed rate), median over repetitions; each message of a send batch carries the batch’s last acknowledgement',
    combine: 'median',
    better: 'lower',
    column: { header: 'ack p99 ms', csv: 'ack_p99_ms', format: 'latency' },
    chart: { none: 'shown in the summary and the per-repetition table' },
  },
  'latency.endToEnd.p50': {
    unit: 'ms',
    definition: 'as latency.p50, end-to-end only (absent without processors that read sequence numbers)',
    combine: 'median',
    better: 'lower',
    noColumn: 'the p50 column shows it, marked "ack" where it is not end-to-end',
    chart: { id: 'latency' },
  },
  'latency.endToEnd.p99': {
    unit: 'ms',
    definition: 'as latency.p99, end-to-end only',
    combine: 'median',
    better: 'lower',
    noColumn: 'the p99 column shows it, marked "ack" where it is not end-to-end',
    chart: { id: 'latency' },
  },
  'latency.endToEnd.p999': {
    unit: 'ms',
    definition: 'as latency.p999, end-to-end only',
    combine: 'median',
    better: 'lower',
    noColumn: 'the p99.9 column shows it, marked "ack" where it is not end-to-end',
    chart: { id: 'latency' },
  },
  lost: {
    unit: 'messages',
    definition: 'acknowledged messages that no processor received (the union of every processor’s sequence numbers), summed over repetitions',
    combine: 'sum',
    better: 'lower',
    column: { header: 'lost', csv: 'lost', format: 'count' },
    chart: { none: 'a count: the per-repetition table and the loss section locate it' },
  },
  duplicates: {
    unit: 'messages',
    definition: 'receipts of a message beyond its first, on the same processor or another one, summed over repetitions',
    combine: 'sum',
    better: 'lower',
    column: { header: 'duplicates', csv: 'duplicates', format: 'count' },
    chart: { none: 'a count, shown per repetition in the table' },
  },
  persisted: {
    unit: 'rows',
    definition: 'rows the sink wrote whose write completed inside the measured window, median over repetitions',
    combine: 'median',
    better: 'higher',
    column: { header: 'persisted', csv: 'persisted', format: 'count' },
    chart: { none: 'a count beside msgs/s in the table' },
  },
  bytesPerMessage: {
    unit: 'bytes',
    definition: 'serialized bytes per message handed to the client (before compression), from the generators’ measured bytes',
    combine: 'median',
    column: { header: 'bytes/msg', csv: 'bytes_per_message', format: 'bytes' },
    chart: { none: 'a property of the setup, shown in the table' },
  },
  diskBytesPerMessage: {
    unit: 'bytes',
    definition: 'bytes per message per replica in the brokers’ log segments after the cell: after compression and batching',
    combine: 'median',
    column: { header: 'disk B/msg', csv: 'disk_bytes_per_message', format: 'bytes' },
    chart: { none: 'one reading per cell, shown in the table' },
  },
  generatorCpu: {
    unit: '%',
    definition: 'the generators’ mean CPU over exactly the measured phase, % of one core summed over them; median over repetitions',
    combine: 'median',
    column: { header: 'generator CPU % (range)', csv: 'generator_cpu_percent', format: 'cpu' },
    chart: { id: 'resources-cpu' },
  },
  processorCpu: {
    unit: '%',
    definition: 'the processors’ mean CPU over exactly the measured phase, % of one core summed over them; median over repetitions',
    combine: 'median',
    column: { header: 'processor CPU % (range)', csv: 'processor_cpu_percent', format: 'cpu' },
    chart: { id: 'resources-cpu' },
  },
  harnessCpu: {
    unit: '%',
    definition: 'the generators’ and processors’ mean CPU together over the measured phase, % of one core; median over repetitions',
    combine: 'median',
    noColumn: 'the generator and processor columns show its parts',
    chart: { id: 'resources-cpu' },
  },
  brokerCpu: {
    unit: '%',
    definition: 'the mean CPU of the brokers and controllers on this machine over the measured phase, % of one core summed over them; median over repetitions',
    combine: 'median',
    column: { header: 'broker CPU % (range)', csv: 'broker_cpu_percent', format: 'cpu' },
    chart: { id: 'resources-cpu' },
  },
  brokerProduceP99: {
    unit: 'ms',
    definition:
      "Kafka's own produce request time p99 (TotalTimeMs, Produce), the brokers' mean over the measured phase; a reservoir weighted to the last five minutes, so it carries over from earlier cells (local clusters); median over repetitions",
    combine: 'median',
    better: 'lower',
    column: { header: 'broker produce p99 ms', csv: 'broker_produce_p99_ms', format: 'milliseconds' },
    chart: { id: 'broker-produce-p99' },
  },
  brokerProduceMean: {
    unit: 'ms',
    definition:
      'the mean time of the produce requests the brokers completed inside the measured phase (this cell alone; local clusters); median over repetitions',
    combine: 'median',
    better: 'lower',
    column: { header: 'broker produce mean ms', csv: 'broker_produce_mean_ms', format: 'milliseconds' },
    chart: { id: 'broker-produce-mean' },
  },
  requestHandlerIdle: {
    unit: '%',
    definition: 'the request handler idle share of the busiest broker over the measured phase (local clusters); median over repetitions',
    combine: 'median',
    better: 'higher',
    column: { header: 'request handler idle %', csv: 'request_handler_idle_percent', format: 'percent' },
    chart: { id: 'broker-handler-idle' },
  },
} as const satisfies Record<string, FigureEntry>;

export type FigureName = keyof typeof figureCatalog;

export const figureNames = Object.keys(figureCatalog) as FigureName[];

/** A figure's entry, typed as the interface (the literal types of `as const` are narrower). */
export const figureOf = (name: FigureName): FigureEntry => figureCatalog[name];
