import { createRequire } from 'node:module';
import confluent, { type KafkaJS } from '@confluentinc/kafka-javascript';
import type { KafkaConnection } from '../connection.ts';
import { bareBatchLoop } from '../bare-batch-loop.ts';
import type { BareProducer, Driver } from '../driver.ts';

// The package is CommonJS: its KafkaJS-shaped API is reached through the default export at run time.
const kafkaJs = confluent.KafkaJS;
const version = (createRequire(import.meta.url)('@confluentinc/kafka-javascript/package.json') as { version: string }).version;

/** librdkafka's own names for what KafkaConnection holds; client properties then pass through untouched. */
function clientFor(connection: KafkaConnection, clientId: string): KafkaJS.Kafka {
  const security: Record<string, string> = {};
  if (connection.ssl?.ca) security['ssl.ca.pem'] = connection.ssl.ca;
  if (connection.ssl && !connection.ssl.rejectUnauthorized) security['enable.ssl.certificate.verification'] = 'false';
  return new kafkaJs.Kafka({
    kafkaJS: {
      brokers: connection.bootstrapServers,
      clientId,
      logLevel: kafkaJs.logLevel.NOTHING,
      ...(connection.ssl ? { ssl: true } : {}),
      ...(connection.sasl
        ? { sasl: { mechanism: connection.sasl.mechanism, username: connection.sasl.username, password: connection.sasl.password } as KafkaJS.SASLOptions }
        : {}),
    },
    ...security,
  });
}

/**
 * @confluentinc/kafka-javascript through its KafkaJS-shaped API, with every user property handed to
 * librdkafka under its Kafka name (librdkafka batches by `linger.ms` itself), and sends never awaited
 * one by one: the generator keeps many batches in flight.
 */
export const confluentDriver: Driver & BareProducer = {
  name: 'confluent',
  versions: () => ({ '@confluentinc/kafka-javascript': version, librdkafka: confluent.librdkafkaVersion }),
  // librdkafka validates its own properties when the client is created; the harness adds no list of its own.
  checkProducerConfig: () => [],
  checkConsumerConfig: () => [],

  async producer({ connection, clientId, topic, config }) {
    const producer = clientFor(connection, clientId).producer({
      ...(config as Record<string, string | number | boolean>),
    } as KafkaJS.ProducerConstructorConfig);
    await producer.connect();
    return {
      send: async (messages) => {
        await producer.send({ topic, messages });
      },
      close: () => producer.disconnect(),
    };
  },

  async consumer({ connection, clientId, groupId, topic, config, onBatch }) {
    const consumer = clientFor(connection, clientId).consumer({
      kafkaJS: { groupId, fromBeginning: true },
      ...(config as Record<string, string | number | boolean>),
    } as KafkaJS.ConsumerConstructorConfig);
    await consumer.connect();
    await consumer.subscribe({ topics: [topic] });
    await consumer.run({
      eachBatch: async ({ batch }) => {
        await onBatch(batch.messages.map((message) => ({ key: message.key, value: message.value ?? Buffer.alloc(0), partition: batch.partition })));
      },
    });
    return { close: () => consumer.disconnect() };
  },

  /** The KafkaJS-shaped API as its docs show it: `send()` of a batch; librdkafka batches by linger.ms underneath. */
  async bareProduce(options) {
    const producer = clientFor(options.connection, options.clientId).producer({
      ...(options.config as Record<string, string | number | boolean>),
    } as KafkaJS.ProducerConstructorConfig);
    await producer.connect();
    try {
      return await bareBatchLoop(options, (messages) => producer.send({ topic: options.topic, messages }).then(() => {}));
    } finally {
      await producer.disconnect();
    }
  },
};
