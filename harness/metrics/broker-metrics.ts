/** One sample of Prometheus's text exposition format: `name{label="value",…} 1.5`. */
export interface PrometheusSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const sampleLine = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/;
const labelPair = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/**
 * The samples of a Prometheus text page (comments and blank lines skipped). The format's line grammar is small and
 * fixed; the exporter we scrape writes nothing else (no timestamps we read, no exemplars).
 */
export function parsePrometheusText(text: string): PrometheusSample[] {
  const samples: PrometheusSample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = sampleLine.exec(line);
    if (!match) continue;
    const labels: Record<string, string> = {};
    for (const pair of (match[2] ?? '').matchAll(labelPair)) labels[pair[1]!] = pair[2]!.replace(/\\(.)/g, '$1');
    const value = Number(match[3]);
    if (!Number.isNaN(value)) samples.push({ name: match[1]!, labels, value });
  }
  return samples;
}

/** What one broker did over one second, derived from two scrapes a second apart. */
export interface BrokerSecond {
  messagesInPerSec?: number;
  bytesInPerSec?: number;
  bytesOutPerSec?: number;
  produceRequestsPerSec?: number;
  fetchRequestsPerSec?: number;
  /** Kafka's own p99 of the produce request's total time and its phases (an exponentially decaying reservoir), ms. */
  produceP99Ms?: number;
  produceQueueP99Ms?: number;
  produceLocalP99Ms?: number;
  produceRemoteP99Ms?: number;
  fetchP99Ms?: number;
  /**
   * Mean time of the produce requests the broker completed in this interval, in total and in its remote phase (the
   * wait for followers under acks=all), ms: from Kafka's request Count and its all-time Mean (sum ÷ count), so it
   * belongs to this interval alone, where the p99 carries over.
   */
  produceMeanMs?: number;
  produceRemoteMeanMs?: number;
  /** Share of the request handler threads' time spent idle over the second, % (single seconds can exceed 100). */
  requestHandlerIdlePercent?: number;
  networkProcessorIdlePercent?: number;
  underReplicatedPartitions?: number;
  isrShrinksPerSec?: number;
  isrExpandsPerSec?: number;
  logFlushesPerSec?: number;
  logFlushP99Ms?: number;
  /** Milliseconds of garbage collection per second, all collectors. */
  gcMsPerSec?: number;
  heapUsedMb?: number;
}

/** One scrape, indexed for lookups by name and labels. */
export class Scrape {
  private readonly byName = new Map<string, PrometheusSample[]>();

  constructor(
    samples: PrometheusSample[],
    /** Monotonic milliseconds when the scrape was taken. */
    readonly atMs: number,
  ) {
    for (const sample of samples) (this.byName.get(sample.name) ?? this.byName.set(sample.name, []).get(sample.name)!).push(sample);
  }

  /** The sum of every sample of `name` whose labels include `labels`; undefined when there is none. */
  sum(name: string, labels: Record<string, string> = {}): number | undefined {
    const matching = (this.byName.get(name) ?? []).filter((sample) => Object.entries(labels).every(([key, value]) => sample.labels[key] === value));
    return matching.length ? matching.reduce((total, sample) => total + sample.value, 0) : undefined;
  }
}

/**
 * A broker's second from the scrapes before and after it: counters become rates (their increase over the
 * interval), gauges are read from the later scrape. A counter that went down (the broker restarted) gives no rate.
 */
export function brokerSecond(before: Scrape, after: Scrape): BrokerSecond {
  const seconds = (after.atMs - before.atMs) / 1000;
  const rate = (name: string, labels: Record<string, string> = {}, scale = 1) => {
    const a = before.sum(name, labels);
    const b = after.sum(name, labels);
    if (a === undefined || b === undefined || b < a || seconds <= 0) return undefined;
    return ((b - a) / seconds) * scale;
  };
  const p99 = (phase: string, request: string) => after.sum('kafka_broker_request_time_ms', { phase, request, stat: '99thPercentile' });
  const intervalMean = (phase: string, request: string) => {
    const stat = (scrape: Scrape, name: string) => scrape.sum('kafka_broker_request_time_ms', { phase, request, stat: name });
    const [countA, meanA, countB, meanB] = [stat(before, 'Count'), stat(before, 'Mean'), stat(after, 'Count'), stat(after, 'Mean')];
    if (countA === undefined || meanA === undefined || countB === undefined || meanB === undefined || countB <= countA) return undefined;
    // Kafka's Mean is its histogram's sum over count since the broker started: the sums' difference is this interval's.
    const mean = (meanB * countB - meanA * countA) / (countB - countA);
    return mean >= 0 ? mean : undefined;
  };
  const idle = rate('kafka_broker_request_handler_idle_nanos_total', {}, 100 / 1e9);
  const networkIdle = after.sum('kafka_broker_network_processor_idle_ratio');
  const heap = after.sum('jvm_memory_used_bytes', { area: 'heap' });
  const figures: BrokerSecond = {
    messagesInPerSec: rate('kafka_broker_messagesin_total'),
    bytesInPerSec: rate('kafka_broker_bytesin_total'),
    bytesOutPerSec: rate('kafka_broker_bytesout_total'),
    produceRequestsPerSec: rate('kafka_broker_requests_total', { request: 'Produce' }),
    fetchRequestsPerSec: rate('kafka_broker_requests_total', { request: 'FetchConsumer' }),
    produceP99Ms: p99('Total', 'Produce'),
    produceQueueP99Ms: p99('RequestQueue', 'Produce'),
    produceLocalP99Ms: p99('Local', 'Produce'),
    produceRemoteP99Ms: p99('Remote', 'Produce'),
    fetchP99Ms: p99('Total', 'FetchConsumer'),
    produceMeanMs: intervalMean('Total', 'Produce'),
    produceRemoteMeanMs: intervalMean('Remote', 'Produce'),
    // The meter is marked with idle nanoseconds divided by the number of threads, when a handler wakes: over a long
    // window at most 1e9 a second, but a single second can swing past it (a long wait marked at once). Not capped
    // here, so a window's mean stays true; the summary caps the mean at 100.
    requestHandlerIdlePercent: idle,
    networkProcessorIdlePercent: networkIdle === undefined ? undefined : networkIdle * 100,
    underReplicatedPartitions: after.sum('kafka_broker_under_replicated_partitions'),
    isrShrinksPerSec: rate('kafka_broker_isr_shrinks_total'),
    isrExpandsPerSec: rate('kafka_broker_isr_expands_total'),
    logFlushesPerSec: rate('kafka_broker_log_flush_count'),
    logFlushP99Ms: after.sum('kafka_broker_log_flush_99thpercentile'),
    gcMsPerSec: rate('jvm_gc_collection_seconds_sum', {}, 1000),
    heapUsedMb: heap === undefined ? undefined : heap / 1048576,
  };
  return Object.fromEntries(Object.entries(figures).filter(([, value]) => value !== undefined)) as BrokerSecond;
}
