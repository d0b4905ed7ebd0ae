import { createRequire } from 'node:module';
import { kafkajsFor } from './connect.ts';
import { checkCompression, compressionOf, kafkajsConsumerProperties, kafkajsProducerProperties } from './kafkajs-properties.ts';
import { bareBatchLoop } from '../bare-batch-loop.ts';
import { acksOf, isTrue, numberOf, unsupportedProperties } from '../client-properties.ts';
import type { BareProducer, Driver } from '../driver.ts';
import { lingeringProducer } from '../linger-batcher.ts';

const version = (createRequire(import.meta.url)('kafkajs/package.json') as { version: string }).version;

/**
 * kafkajs has no linger: each send() is a request. To batch like the Java client, sends gather for `linger.ms`
 * (default 5) or until `batch.size` bytes (default 16384) and go out as one request (linger-batcher.ts).
 */
export const kafkajsDriver: Driver & BareProducer = {
  name: 'kafkajs',
  versions: () => ({ kafkajs: version }),
  checkProducerConfig: (config) => [...unsupportedProperties('kafkajs', config, kafkajsProducerProperties, 'producer'), ...checkCompression(config)],
  checkConsumerConfig: (config) => unsupportedProperties('kafkajs', config, kafkajsConsumerProperties, 'consumer'),

  async producer({ connection, clientId, topic, partitions, config }) {
    const producer = kafkajsFor(connection, clientId).producer({
      allowAutoTopicCreation: false,
      idempotent: isTrue(config, 'enable.idempotence'),
      ...(config['max.in.flight.requests.per.connection'] !== undefined
        ? { maxInFlightRequests: Number(config['max.in.flight.requests.per.connection']) }
        : {}),
    });
    await producer.connect();
    const request = { topic, acks: acksOf(config), compression: compressionOf(config), timeout: numberOf(config, 'request.timeout.ms') ?? 30_000 };
    return lingeringProducer(
      config,
      partitions,
      (messages) => producer.send({ ...request, messages }),
      () => producer.disconnect(),
    );
  },

  async consumer({ connection, clientId, groupId, topic, config, onBatch }) {
    const consumer = kafkajsFor(connection, clientId).consumer({
      groupId,
      allowAutoTopicCreation: false,
      ...(config['fetch.min.bytes'] !== undefined ? { minBytes: Number(config['fetch.min.bytes']) } : {}),
      ...(config['fetch.max.wait.ms'] !== undefined ? { maxWaitTimeInMs: Number(config['fetch.max.wait.ms']) } : {}),
      ...(config['max.partition.fetch.bytes'] !== undefined ? { maxBytesPerPartition: Number(config['max.partition.fetch.bytes']) } : {}),
      ...(config['fetch.max.bytes'] !== undefined ? { maxBytes: Number(config['fetch.max.bytes']) } : {}),
      ...(config['session.timeout.ms'] !== undefined ? { sessionTimeout: Number(config['session.timeout.ms']) } : {}),
      ...(config['heartbeat.interval.ms'] !== undefined ? { heartbeatInterval: Number(config['heartbeat.interval.ms']) } : {}),
    });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: config['enable.auto.commit'] === undefined ? true : String(config['enable.auto.commit']) === 'true',
      ...(config['auto.commit.interval.ms'] !== undefined ? { autoCommitInterval: Number(config['auto.commit.interval.ms']) } : {}),
      eachBatch: async ({ batch }) => {
        await onBatch(batch.messages.map((message) => ({ key: message.key, value: message.value ?? Buffer.alloc(0), partition: batch.partition })));
      },
    });
    return { close: () => consumer.disconnect() };
  },

  /** kafkajs as its README shows it: `send()` of a batch, awaited; here 32 at a time for throughput. */
  async bareProduce(options) {
    const { config } = options;
    const producer = kafkajsFor(options.connection, options.clientId).producer({ allowAutoTopicCreation: false });
    await producer.connect();
    const request = {
      topic: options.topic,
      acks: acksOf(config),
      compression: compressionOf(config),
      timeout: numberOf(config, 'request.timeout.ms') ?? 30_000,
    };
    try {
      return await bareBatchLoop(options, (messages) => producer.send({ ...request, messages }).then(() => {}));
    } finally {
      await producer.disconnect();
    }
  },
};
