import { defaultKafkaVersion } from '../kafka-release.ts';
import type { Setup } from './experiment-schema.ts';

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/** Every setup key's default, applied once under the file's base before validation. */
export const setupDefaults: Readonly<Setup> = deepFreeze({
  cluster: { provider: 'auto', kafkaVersion: defaultKafkaVersion, brokers: 1, brokerConfig: {} },
  topic: { partitions: 3, replicationFactor: 1, config: {} },
  workload: { generator: 'harness', message: 'cpu', rate: 1000, producers: 1, keys: 50 },
  producer: { client: 'kafkajs', config: { acks: 'all', 'linger.ms': 5 } },
  consumer: { config: {} },
  serializer: 'json',
  processor: { kind: 'harness', consumers: 1, task: 'passthrough', window: '10s', alertThreshold: 0.8 },
  sink: { type: 'none', batchSize: 100 },
  profile: { cpu: false, flamegraph: false, broker: false },
} satisfies Setup);

/** Run-level defaults. */
export const runDefaults = deepFreeze({ repetitions: 1, duration: '30s', warmup: '5s', clusterWarmup: '10s' });
