import { choices } from './experiment-schema.ts';

const list = (values: readonly string[]) => values.join(', ');

/** How to fix a bad value, per key (array indices dropped): the fix half of every spec error. */
const hints: Record<string, string> = {
  'cluster.provider': `use one of ${list(choices.provider)}`,
  'cluster.cpus': 'use a CPU list as taskset takes it, as a string (quoted in YAML and --set: "0" or "0-1"), for the brokers; or any',
  'workload.cpus': 'use a CPU list as taskset takes it, as a string (quoted in YAML and --set: "1" or "2-3"), for generators and processors; or any',
  'processor.kind': `use one of ${list(choices.processorKind)}`,
  'cluster.kafkaVersion': 'use a released Apache Kafka version such as 4.1.1 or 3.9.1',
  'cluster.brokers': 'use a whole number from 1 to 5',
  'cluster.controllers': 'use 0 (one combined node, brokers: 1 only), 1 or 3',
  'cluster.brokerConfig': 'map server.properties keys to strings, numbers or booleans',
  'cluster.bootstrapServers': 'list host:port strings, for provider external',
  'cluster.metricsUrls': "list each broker's Prometheus metrics URL in broker-id order, for provider external",
  'topic.partitions': 'use a whole number from 1 to 10000',
  'topic.replicationFactor': 'use a whole number from 1 to cluster.brokers',
  'topic.config': 'map topic config keys (e.g. min.insync.replicas) to values',
  'workload.message': `use one of ${list(choices.message)}`,
  'workload.messageSize': 'use a size in bytes from 1 to 10485760, with message: bytes',
  'workload.rate': 'use messages per second per producer (a number above 0) or max',
  'workload.producers': 'use a whole number of generator processes from 1 to 16',
  'workload.keys': 'use a whole number of distinct keys, 1 or more',
  'producer.client': `use one of ${list(choices.client)}`,
  'producer.config': 'map producer properties (Kafka names, e.g. linger.ms) to values',
  'consumer.client': `use one of ${list(choices.client)}, or leave it out to use producer.client`,
  'consumer.config': 'map consumer properties (Kafka names, e.g. fetch.min.bytes) to values',
  serializer: `use one of ${list(choices.serializer)}`,
  'processor.consumers': 'use a whole number of processor processes from 0 (producer only) to 16',
  'processor.task': `use one of ${list(choices.task)}`,
  'processor.window': 'use a duration such as 10s',
  'processor.alertThreshold': 'use a fraction of capacity above 0 and at most 1, e.g. 0.8',
  'sink.type': `use one of ${list(choices.sink)}`,
  'sink.batchSize': 'use how many messages to persist per transaction: a whole number, 1 or more',
  'profile.clinic': `use one of ${list(choices.clinic)}, or leave it out`,
  repetitions: 'use a whole number of runs per variant from 1 to 100, or auto (repeat until every verdict is decided)',
  maxRepetitions: 'use a whole number from 4 to 100',
  precision: 'use a fraction of the ratio, such as 0.05 for ±5 %, at most 0.5',
  p99Precision: 'use a fraction of the p99 ratio, such as 0.25 for ±25 %, at most 2',
  pilot: 'use true (one uncounted repetition of every variant first) or false',
  order: 'use shuffled (each round in a seeded random order) or as-written',
  seed: 'use a whole number from 0 to 2147483647',
  duration: 'use a duration such as 30s or 2m',
  warmup: 'use a duration such as 5s',
  clusterWarmup: 'use a duration such as 10s, or 0s for none',
  name: 'use letters, digits, ".", "_" and "-"',
  variants: 'list variants as mappings, each with a name and the keys it overrides',
  matrix: 'map dotted setup keys (e.g. topic.partitions) to lists of values',
};

export function hintFor(path: Array<string | number>): string {
  const key = path.filter((part) => typeof part === 'string').join('.');
  for (let end = path.length; end > 0; end--) {
    const prefix = path
      .slice(0, end)
      .filter((part) => typeof part === 'string')
      .join('.');
    if (hints[prefix]) return hints[prefix]!;
  }
  return hints[key] ?? 'see docs/experiments.md for the keys and their values';
}
