import { createRequire } from 'node:module';
import { kafkajsFor } from './connect.ts';
import { acksOf, checkCompression, compressionOf, kafkajsConsumerProperties, kafkajsProducerProperties, numberOf, unsupported } from './kafkajs-properties.ts';
import type { Driver, OutgoingMessage } from '../driver.ts';

const version = (createRequire(import.meta.url)('kafkajs/package.json') as { version: string }).version;

/**
 * kafkajs has no linger: each send() is a request. To batch like the Java client, sends are gathered for
 * `linger.ms` (default 5) or until `batch.size` bytes (default 16384) and go out as one request per flush.
 */
export const kafkajsDriver: Driver = {
  name: 'kafkajs',
  versions: () => ({ kafkajs: version }),
  checkProducerConfig: (config) => [...unsupported(config, kafkajsProducerProperties, 'producer'), ...checkCompression(config)],
  checkConsumerConfig: (config) => unsupported(config, kafkajsConsumerProperties, 'consumer'),

  async producer({ connection, clientId, topic, config }) {
    const producer = kafkajsFor(connection, clientId).producer({
      allowAutoTopicCreation: false,
      idempotent: config['enable.idempotence'] === true || config['enable.idempotence'] === 'true',
      ...(config['max.in.flight.requests.per.connection'] !== undefined ? { maxInFlightRequests: Number(config['max.in.flight.requests.per.connection']) } : {}),
    });
    await producer.connect();
    const acks = acksOf(config);
    const compression = compressionOf(config);
    const timeout = numberOf(config, 'request.timeout.ms') ?? 30_000;
    const lingerMs = numberOf(config, 'linger.ms') ?? 5;
    const batchBytes = numberOf(config, 'batch.size') ?? 16_384;

    let pending: OutgoingMessage[] = [];
    let pendingBytes = 0;
    let waiters: Array<{ resolve: () => void; reject: (error: unknown) => void }> = [];
    let timer: NodeJS.Timeout | undefined;
    const flush = () => {
      clearTimeout(timer);
      timer = undefined;
      const messages = pending;
      const settled = waiters;
      pending = [];
      pendingBytes = 0;
      waiters = [];
      producer.send({ topic, acks, compression, timeout, messages }).then(
        () => settled.forEach((w) => w.resolve()),
        (error: unknown) => settled.forEach((w) => w.reject(error)),
      );
    };
    return {
      send(messages) {
        return new Promise<void>((resolve, reject) => {
          pending.push(...messages);
          for (const message of messages) pendingBytes += message.value.length;
          waiters.push({ resolve, reject });
          if (pendingBytes >= batchBytes || lingerMs === 0) flush();
          else timer ??= setTimeout(flush, lingerMs);
        });
      },
      async close() {
        if (pending.length) flush();
        await producer.disconnect();
      },
    };
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
};
