import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Consumer, Producer, compatibilityPartitioner, stringSerializer, type ConnectionOptions, type Message } from '@platformatic/kafka';
import type { KafkaConnection } from '../connection.ts';
import { bareBatchLoop } from '../bare-batch-loop.ts';
import { acksOf, isTrue, numberOf, unsupportedProperties } from '../client-properties.ts';
import type { BareProducer, ClientProperties, Driver, IncomingMessage, OutgoingMessage } from '../driver.ts';
import { lingeringProducer } from '../linger-batcher.ts';
import { checkCompression, compressionOf, platformaticConsumerProperties, platformaticProducerProperties } from './platformatic-properties.ts';

// The package exports no ./package.json; its version is read from the file beside its entry point.
const entryPoint = createRequire(import.meta.url).resolve('@platformatic/kafka');
const version = (JSON.parse(readFileSync(path.join(path.dirname(entryPoint), '..', 'package.json'), 'utf8')) as { version: string }).version;

/** What KafkaConnection holds, under the client's own option names. */
function connectionOptions(connection: KafkaConnection): ConnectionOptions & { bootstrapBrokers: string[] } {
  return {
    bootstrapBrokers: connection.bootstrapServers,
    ...(connection.ssl ? { tls: { rejectUnauthorized: connection.ssl.rejectUnauthorized, ...(connection.ssl.ca ? { ca: connection.ssl.ca } : {}) } } : {}),
    ...(connection.sasl
      ? { sasl: { mechanism: connection.sasl.mechanism.toUpperCase() as 'PLAIN', username: connection.sasl.username, password: connection.sasl.password } }
      : {}),
  };
}

type RawProducer = Producer<string, Buffer, string, string>;

/**
 * A producer as the client's README shows it, with the options Kafka's properties name. Keys are hashed as the
 * Java client hashes them (`compatibilityPartitioner`), so a key lands in the same partition whatever the client.
 */
async function connectedProducer(connection: KafkaConnection, clientId: string, topic: string, config: ClientProperties): Promise<RawProducer> {
  const producer: RawProducer = new Producer({
    clientId,
    ...connectionOptions(connection),
    serializers: { key: stringSerializer },
    acks: acksOf(config),
    idempotent: isTrue(config, 'enable.idempotence'),
    partitioner: compatibilityPartitioner,
    autocreateTopics: false,
    ...(compressionOf(config) ? { compression: compressionOf(config) } : {}),
    ...(numberOf(config, 'request.timeout.ms') !== undefined ? { requestTimeout: numberOf(config, 'request.timeout.ms') } : {}),
  });
  // The client connects on first use; asking for the topic's metadata makes a wrong address fail here, not mid-run.
  await producer.metadata({ topics: [topic] });
  return producer;
}

const toRecords = (topic: string, messages: OutgoingMessage[]) => messages.map((message) => ({ topic, key: message.key, value: message.value }));

/**
 * @platformatic/kafka, a client in plain JavaScript. Its `send()` is one produce request per leader and it has no
 * linger of its own (its stream API batches by count and time, not bytes), so sends gather as Kafka's `linger.ms`
 * and `batch.size` say (linger-batcher.ts), as for kafkajs. The consumer reads the client's message stream and hands
 * over what arrived together as one batch, pausing the stream while the batch is handled.
 */
export const platformaticDriver: Driver & BareProducer = {
  name: 'platformatic',
  versions: () => ({ '@platformatic/kafka': version }),
  checkProducerConfig: (config) => [
    ...unsupportedProperties('@platformatic/kafka', config, platformaticProducerProperties, 'producer'),
    ...checkCompression(config),
  ],
  checkConsumerConfig: (config) => unsupportedProperties('@platformatic/kafka', config, platformaticConsumerProperties, 'consumer'),

  async producer({ connection, clientId, topic, partitions, config }) {
    const producer = await connectedProducer(connection, clientId, topic, config);
    return lingeringProducer(
      config,
      partitions,
      (messages) => producer.send({ messages: toRecords(topic, messages) }),
      () => producer.close(),
    );
  },

  async consumer({ connection, clientId, groupId, topic, config, onBatch }) {
    const autocommit = String(config['enable.auto.commit'] ?? 'true') === 'true' ? (numberOf(config, 'auto.commit.interval.ms') ?? 5_000) : false;
    const consumer = new Consumer<Buffer, Buffer, Buffer, Buffer>({
      clientId,
      groupId,
      ...connectionOptions(connection),
      autocreateTopics: false,
      ...(numberOf(config, 'fetch.min.bytes') !== undefined ? { minBytes: numberOf(config, 'fetch.min.bytes') } : {}),
      ...(numberOf(config, 'fetch.max.wait.ms') !== undefined ? { maxWaitTime: numberOf(config, 'fetch.max.wait.ms') } : {}),
      ...(numberOf(config, 'max.partition.fetch.bytes') !== undefined ? { maxBytesPerPartition: numberOf(config, 'max.partition.fetch.bytes') } : {}),
      ...(numberOf(config, 'fetch.max.bytes') !== undefined ? { maxBytes: numberOf(config, 'fetch.max.bytes') } : {}),
      ...(numberOf(config, 'session.timeout.ms') !== undefined ? { sessionTimeout: numberOf(config, 'session.timeout.ms') } : {}),
      ...(numberOf(config, 'heartbeat.interval.ms') !== undefined ? { heartbeatInterval: numberOf(config, 'heartbeat.interval.ms') } : {}),
    });
    // A group's committed offsets, else the beginning: what the other clients do with `fromBeginning`.
    const stream = await consumer.consume({ topics: [topic], mode: 'committed', fallbackMode: 'earliest', autocommit });
    let arrived: IncomingMessage[] = [];
    let handling = false;
    const handOver = () => {
      const batch = arrived;
      arrived = [];
      stream.pause();
      // A failing batch is the processor's to count; the stream goes on, as with the other clients.
      onBatch(batch)
        .catch(() => {})
        .finally(() => {
          handling = false;
          stream.resume();
          if (arrived.length) schedule();
        });
    };
    const schedule = () => {
      if (handling) return;
      handling = true;
      setImmediate(handOver);
    };
    stream.on('data', (message: Message<Buffer, Buffer, Buffer, Buffer>) => {
      arrived.push({ key: message.key ?? null, value: message.value ?? Buffer.alloc(0), partition: message.partition });
      schedule();
    });
    stream.on('error', () => {});
    return {
      async close() {
        await stream.close().catch(() => {});
        await consumer.close(true);
      },
    };
  },

  /** The client as its README shows it: `send()` of a batch of records; here 32 batches of 500 in flight. */
  async bareProduce(options) {
    const producer = await connectedProducer(options.connection, options.clientId, options.topic, options.config);
    try {
      const toRecord = (message: OutgoingMessage) => ({ topic: options.topic, key: message.key, value: message.value });
      return await bareBatchLoop(options, (messages) => producer.send({ messages }).then(() => {}), toRecord);
    } finally {
      await producer.close();
    }
  },
};
