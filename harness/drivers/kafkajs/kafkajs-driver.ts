import { createRequire } from 'node:module';
import { kafkajsFor } from './connect.ts';
import { acksOf, checkCompression, compressionOf, kafkajsConsumerProperties, kafkajsProducerProperties, numberOf, unsupported } from './kafkajs-properties.ts';
import { bareBatchLoop } from '../bare-batch-loop.ts';
import type { BareProducer, Driver, OutgoingMessage } from '../driver.ts';

const version = (createRequire(import.meta.url)('kafkajs/package.json') as { version: string }).version;

/**
 * kafkajs has no linger: each send() is a request. To batch like the Java client, sends are gathered for
 * `linger.ms` (default 5) or until `batch.size` bytes (default 16384) and go out as one request per flush, with
 * at most `max.in.flight.requests.per.connection` flushes unacknowledged.
 */
export const kafkajsDriver: Driver & BareProducer = {
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

    // Like the Java client, at most `max.in.flight.requests.per.connection` (default 5) flushes wait for their
    // acknowledgement; meanwhile sends gather, so batches grow while the brokers are slow (acks=all on replicas)
    // instead of a small request leaving every linger.ms and queueing without bound.
    const maxFlushesInFlight = numberOf(config, 'max.in.flight.requests.per.connection') ?? 5;
    let flushesInFlight = 0;
    let pending: OutgoingMessage[] = [];
    let pendingBytes = 0;
    let waiters: Array<{ resolve: () => void; reject: (error: unknown) => void }> = [];
    let timer: NodeJS.Timeout | undefined;
    let lingered = false;
    const flush = () => {
      clearTimeout(timer);
      timer = undefined;
      lingered = false;
      const messages = pending;
      const settled = waiters;
      pending = [];
      pendingBytes = 0;
      waiters = [];
      flushesInFlight++;
      producer.send({ topic, acks, compression, timeout, messages }).then(
        () => settled.forEach((w) => w.resolve()),
        (error: unknown) => settled.forEach((w) => w.reject(error)),
      ).finally(() => {
        flushesInFlight--;
        if (pending.length && (lingered || pendingBytes >= batchBytes)) flush();
      });
    };
    /** A flush is due (linger passed or the batch is full): it goes now, or as soon as a flush in flight returns. */
    const flushWhenAllowed = () => {
      if (flushesInFlight < maxFlushesInFlight) flush();
    };
    return {
      send(messages) {
        return new Promise<void>((resolve, reject) => {
          pending.push(...messages);
          for (const message of messages) pendingBytes += message.value.length;
          waiters.push({ resolve, reject });
          if (pendingBytes >= batchBytes || lingerMs === 0) flushWhenAllowed();
          else timer ??= setTimeout(() => {
            timer = undefined;
            lingered = true;
            flushWhenAllowed();
          }, lingerMs);
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

  /** kafkajs as its README shows it: `send()` of a batch, awaited; here 32 at a time for throughput. */
  async bareProduce(options) {
    const { config } = options;
    const producer = kafkajsFor(options.connection, options.clientId).producer({ allowAutoTopicCreation: false });
    await producer.connect();
    const request = { topic: options.topic, acks: acksOf(config), compression: compressionOf(config), timeout: numberOf(config, 'request.timeout.ms') ?? 30_000 };
    try {
      return await bareBatchLoop(options, (messages) => producer.send({ ...request, messages }).then(() => {}));
    } finally {
      await producer.disconnect();
    }
  },
};
