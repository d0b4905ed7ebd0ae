import confluent, { type KafkaConsumer, type LibrdKafkaError, type Message, type Producer } from '@confluentinc/kafka-javascript';
import type { KafkaConnection } from '../connection.ts';
import { nowMs } from '../../util/clock.ts';
import { waitUntilDue } from '../bare-pace.ts';
import type { BareProduceResult, BareProducer, ClientProperties, DeliveryListener, Driver, IncomingMessage } from '../driver.ts';
import { confluentDriver } from './confluent-driver.ts';

/** One batch's delivery reports, counted down; the batch's promise settles on the last one. */
interface BatchReceipt {
  pending: number;
  error?: LibrdKafkaError;
  resolve: () => void;
  reject: (error: Error) => void;
  onDelivered?: DeliveryListener;
}

/** A message's own opaque when the caller listens per message: its batch and its index in it. */
interface MessageReceipt {
  batch: BatchReceipt;
  index: number;
}

/** librdkafka's names for what KafkaConnection holds. */
function connectionProperties(connection: KafkaConnection): Record<string, string | boolean> {
  const properties: Record<string, string | boolean> = { 'bootstrap.servers': connection.bootstrapServers.join(',') };
  if (connection.ssl || connection.sasl) properties['security.protocol'] = connection.ssl ? (connection.sasl ? 'sasl_ssl' : 'ssl') : 'sasl_plaintext';
  if (connection.ssl?.ca) properties['ssl.ca.pem'] = connection.ssl.ca;
  if (connection.ssl && !connection.ssl.rejectUnauthorized) properties['enable.ssl.certificate.verification'] = false;
  if (connection.sasl)
    Object.assign(properties, {
      'sasl.mechanisms': connection.sasl.mechanism.toUpperCase(),
      'sasl.username': connection.sasl.username,
      'sasl.password': connection.sasl.password,
    });
  return properties;
}

/** The events both client classes share, typed once (their own typings differ in the event lists). */
type Connectable = { once(event: 'ready' | 'connection.failure', listener: (arg: LibrdKafkaError) => void): unknown; connect(): unknown };

const onceReady = (client: Producer | KafkaConsumer) =>
  new Promise<void>((resolve, reject) => {
    const connectable = client as unknown as Connectable;
    connectable.once('ready', () => resolve());
    connectable.once('connection.failure', (error) => reject(new Error(`connection failed: ${error.message}`)));
    connectable.connect();
  });

/** librdkafka's local queue is full: wait for deliveries to drain it, then try again. */
const isQueueFull = (error: unknown) => (error as LibrdKafkaError | undefined)?.code === confluent.CODES.ERRORS.ERR__QUEUE_FULL;

/**
 * @confluentinc/kafka-javascript through its other API, the node-rdkafka-shaped one: `Producer.produce` per
 * message with delivery reports (an event per message, polled every 5 ms), and `KafkaConsumer.consume(n)` in
 * batches. The same librdkafka underneath as the `confluent` driver; what differs is the JavaScript layer.
 */
export const confluentRdkafkaDriver: Driver & BareProducer = {
  name: 'confluent-rdkafka',
  deliveryReports: true,
  versions: () => confluentDriver.versions(),
  checkProducerConfig: () => [],
  checkConsumerConfig: () => [],

  async producer({ connection, clientId, topic, config }) {
    const producer = await connectedProducer(connection, clientId, config);
    producer.on('delivery-report', (error, report) => {
      const opaque = report.opaque as BatchReceipt | MessageReceipt;
      const receipt = 'batch' in opaque ? opaque.batch : opaque;
      if (error) receipt.error ??= error;
      else if ('batch' in opaque) receipt.onDelivered!(opaque.index, report.partition, report.offset);
      if (--receipt.pending > 0) return;
      if (receipt.error) receipt.reject(new Error(receipt.error.message));
      else receipt.resolve();
    });
    return {
      send: (messages, onDelivered) =>
        new Promise<void>((resolve, reject) => {
          const receipt: BatchReceipt = { pending: messages.length, resolve, reject, ...(onDelivered ? { onDelivered } : {}) };
          const produceFrom = (start: number): void => {
            for (let i = start; i < messages.length; i++) {
              try {
                // Only a listener per message pays for an opaque per message.
                const opaque = onDelivered ? { batch: receipt, index: i } : receipt;
                producer.produce(topic, null, messages[i]!.value, messages[i]!.key, null, opaque);
              } catch (error) {
                if (!isQueueFull(error)) {
                  receipt.pending -= messages.length - i;
                  receipt.error ??= error as LibrdKafkaError;
                  if (receipt.pending === 0) reject(error instanceof Error ? error : new Error(String(error)));
                  return;
                }
                setTimeout(() => produceFrom(i), 5);
                return;
              }
            }
          };
          produceFrom(0);
        }),
      close: () => new Promise<void>((resolve) => producer.flush(10_000, () => producer.disconnect(() => resolve()))),
    };
  },

  async consumer({ connection, clientId, groupId, topic, config, onBatch }) {
    const consumer = new confluent.KafkaConsumer(
      { ...connectionProperties(connection), 'client.id': clientId, 'group.id': groupId, ...(config as ClientProperties) } as never,
      { 'auto.offset.reset': 'earliest' },
    );
    await onceReady(consumer);
    consumer.subscribe([topic]);
    let closed = false;
    // consume(n) hands over up to n messages that have arrived (waiting up to fetch.wait.max.ms for the first);
    // the next call starts once the batch is handled, so a slow sink applies back-pressure.
    const loop = () => {
      if (closed) return;
      consumer.consume(1000, (error: LibrdKafkaError, messages: Message[]) => {
        if (closed) return;
        if (error || messages.length === 0) {
          setTimeout(loop, error ? 100 : 0);
          return;
        }
        const batch: IncomingMessage[] = messages.map((m) => ({
          key: m.key === undefined || m.key === null ? null : Buffer.isBuffer(m.key) ? m.key : Buffer.from(String(m.key)),
          value: m.value ?? Buffer.alloc(0),
          partition: m.partition,
        }));
        onBatch(batch).then(
          () => setImmediate(loop),
          () => setImmediate(loop),
        );
      });
    };
    loop();
    return {
      close: () =>
        new Promise<void>((resolve) => {
          closed = true;
          consumer.disconnect(() => resolve());
        }),
    };
  },

  /**
   * node-rdkafka's documented loop: `produce()` per record, delivery reports, at most 20,000 unacknowledged; each
   * 500 records share one opaque so that their acknowledgement is counted, and timed, once.
   */
  async bareProduce(options) {
    const producer = await connectedProducer(options.connection, options.clientId, options.config);
    const result: BareProduceResult = { attempted: 0, errors: 0 };
    let unacknowledged = 0;
    let wake: (() => void) | undefined;
    producer.on('delivery-report', (error, report) => {
      const chunk = report.opaque as { sentAt: number; pending: number; acked: number };
      unacknowledged--;
      if (error) {
        result.errors++;
        result.firstError ??= error.message;
      } else chunk.acked++;
      if (--chunk.pending === 0 && chunk.acked) options.onAcked(chunk.acked, chunk.sentAt);
      if (unacknowledged < maxUnacknowledged / 2) wake?.();
    });
    const { values, keys, topic } = options;
    let n = 0;
    while (nowMs() < options.until && !options.stop.aborted) {
      if (unacknowledged >= maxUnacknowledged) await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
      await waitUntilDue(options, result.attempted);
      if (nowMs() >= options.until || options.stop.aborted) break;
      const chunk = { sentAt: nowMs(), pending: 0, acked: 0 };
      for (let i = 0; i < bareChunk; i++, n++) {
        try {
          producer.produce(topic, null, values[n % values.length]!, keys[n % keys.length]!, null, chunk);
        } catch (error) {
          if (!isQueueFull(error)) throw error;
          break;
        }
        chunk.pending++;
        unacknowledged++;
        result.attempted++;
      }
      // Delivery reports and the poll timer run between chunks.
      await new Promise((resolve) => setImmediate(resolve));
    }
    await new Promise<void>((resolve) => producer.flush(30_000, () => producer.disconnect(() => resolve())));
    return result;
  },
};

/** The bare loop's bounds: records unacknowledged at most, and records per opaque (one acknowledgement count). */
const maxUnacknowledged = 20_000;
const bareChunk = 500;

/** A connected producer with delivery reports polled every 5 ms. */
async function connectedProducer(connection: KafkaConnection, clientId: string, config: ClientProperties): Promise<Producer> {
  const producer = new confluent.Producer({ ...connectionProperties(connection), 'client.id': clientId, dr_cb: true, ...config } as never);
  await onceReady(producer);
  producer.setPollInterval(5);
  return producer;
}
