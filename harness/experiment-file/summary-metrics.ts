/**
 * The summary's metrics by their documented names (docs/results.md): what thresholds in an experiment file test,
 * what the run history indexes. Each is a variant's figure over its completed repetitions.
 */
export const summaryMetrics = {
  msgsPerSec: { unit: 'msgs/s', about: 'mean msgs/s carried in the measured window: consumed, or acknowledged without processors' },
  msgsPerSecCv: { unit: '%', about: 'coefficient of variation of msgs/s over the repetitions: the noise floor' },
  'latency.p50': { unit: 'ms', about: "median over repetitions of each one's p50: end-to-end, or send → ack without processors" },
  'latency.p99': { unit: 'ms', about: "median over repetitions of each one's p99: end-to-end, or send → ack without processors" },
  'latency.p999': { unit: 'ms', about: "median over repetitions of each one's p99.9: end-to-end, or send → ack without processors" },
  'latency.endToEnd.p50': { unit: 'ms', about: 'as latency.p50, end-to-end only (not measured without processors that read sequence numbers)' },
  'latency.endToEnd.p99': { unit: 'ms', about: 'as latency.p99, end-to-end only' },
  'latency.endToEnd.p999': { unit: 'ms', about: 'as latency.p999, end-to-end only' },
  lost: { unit: 'messages', about: 'acknowledged messages no processor received, summed over repetitions' },
  persisted: { unit: 'rows', about: 'rows the sink wrote inside the measured window, median over repetitions' },
  bytesPerMessage: { unit: 'bytes', about: 'serialized bytes per message on the wire' },
  diskBytesPerMessage: { unit: 'bytes', about: "bytes per message per replica in the brokers' log segments" },
  generatorCpu: { unit: '%', about: "median over repetitions of the generators' mean CPU in the measured phase, % of one core" },
  processorCpu: { unit: '%', about: "median over repetitions of the processors' mean CPU in the measured phase, % of one core" },
  harnessCpu: { unit: '%', about: "median over repetitions of the generators' and processors' mean CPU together in the measured phase, % of one core" },
  brokerCpu: {
    unit: '%',
    about: 'median over repetitions of the mean CPU of the brokers and controllers on this machine in the measured phase, % of one core',
  },
  brokerProduceP99: {
    unit: 'ms',
    about: "median over repetitions of Kafka's own produce request time p99 (TotalTimeMs, Produce), the brokers' mean over the measured phase (local clusters)",
  },
  brokerProduceMean: {
    unit: 'ms',
    about: 'median over repetitions of the mean time of the produce requests the brokers completed inside the measured phase (local clusters)',
  },
  requestHandlerIdle: {
    unit: '%',
    about: 'median over repetitions of the request handler idle share of the busiest broker over the measured phase (local clusters)',
  },
} as const;

export type SummaryMetric = keyof typeof summaryMetrics;

export const summaryMetricNames = Object.keys(summaryMetrics) as SummaryMetric[];
