import type { KafkaConnection } from './connection.ts';

/** Client properties under Kafka's own names (`linger.ms`, `acks`, `fetch.min.bytes`, …). */
export type ClientProperties = Record<string, string | number | boolean>;

export interface OutgoingMessage {
  key: string;
  value: Buffer;
}

export interface IncomingMessage {
  key: Buffer | null;
  value: Buffer;
  partition: number;
}

/** One message's own acknowledgement: its index in the batch, and the partition and offset it was written at. */
export type DeliveryListener = (index: number, partition: number, offset: number) => void;

/** A connected producer for one topic. */
export interface ProducerHandle {
  /**
   * Resolves once every message of the batch is acknowledged as the producer's `acks` asks. A driver with
   * `deliveryReports` also calls `onDelivered` as each message's own acknowledgement arrives; others ignore it.
   */
  send(messages: OutgoingMessage[], onDelivered?: DeliveryListener): Promise<void>;
  close(): Promise<void>;
}

/** A connected consumer, already running its handler. */
export interface ConsumerHandle {
  close(): Promise<void>;
}

/**
 * One Kafka client behind the harness. Each implementation uses its client the fastest idiomatic way;
 * a new client is one file next to its siblings plus a line in the registry.
 */
export interface Driver {
  readonly name: string;
  /**
   * The client reports each message's delivery (partition, offset) on its own, so `send` calls `onDelivered` per
   * message: ack latency per message, and a lost message located where it was acknowledged. Absent: the client
   * acknowledges a request of many records as one.
   */
  readonly deliveryReports?: true;
  /** Client and native library versions, for the run's environment. */
  versions(): Record<string, string>;
  /** Properties this client cannot honour, as messages, found before anything starts. */
  checkProducerConfig(config: ClientProperties): string[];
  checkConsumerConfig(config: ClientProperties): string[];
  /** `partitions`: the topic's partition count, for clients whose linger the driver emulates (batch.size is per partition). */
  producer(options: { connection: KafkaConnection; clientId: string; topic: string; partitions: number; config: ClientProperties }): Promise<ProducerHandle>;
  consumer(options: {
    connection: KafkaConnection;
    clientId: string;
    groupId: string;
    topic: string;
    config: ClientProperties;
    onBatch: (messages: IncomingMessage[]) => Promise<void>;
  }): Promise<ConsumerHandle>;
}

/** What a bare producer loop is given: everything it sends is made before it starts. */
export interface BareProduceOptions {
  connection: KafkaConnection;
  clientId: string;
  topic: string;
  config: ClientProperties;
  /** Record values, sent round-robin (made once, never per message), and keys likewise. */
  values: Buffer[];
  keys: string[];
  /** When to stop sending, in nowMs() time; sending also stops when `stop` aborts. */
  until: number;
  /** Records per second to offer, from `startAt` (nowMs() time); unthrottled when absent. */
  pace?: { ratePerSec: number; startAt: number };
  stop: AbortSignal;
  /** Acknowledgements as they arrive: how many records, and when the batch they belong to was handed over. */
  onAcked(count: number, sentAt: number): void;
}

export interface BareProduceResult {
  attempted: number;
  errors: number;
  firstError?: string;
}

/**
 * An optional ability: the shortest correct max-rate producer loop a careful user writes with this client, with
 * no envelope and no per-message bookkeeping. It is the yardstick the harness's own generator is measured against.
 */
export interface BareProducer {
  bareProduce(options: BareProduceOptions): Promise<BareProduceResult>;
}

export const hasBareProducer = (driver: Driver): driver is Driver & BareProducer => typeof (driver as Partial<BareProducer>).bareProduce === 'function';
