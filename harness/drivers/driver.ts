import type { KafkaConnection } from '../cluster/types.ts';

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

/** A connected producer for one topic. */
export interface ProducerHandle {
  /** Resolves once every message of the batch is acknowledged as the producer's `acks` asks. */
  send(messages: OutgoingMessage[]): Promise<void>;
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
  /** Client and native library versions, for the run's environment. */
  versions(): Record<string, string>;
  /** Properties this client cannot honour, as messages, found before anything starts. */
  checkProducerConfig(config: ClientProperties): string[];
  checkConsumerConfig(config: ClientProperties): string[];
  producer(options: { connection: KafkaConnection; clientId: string; topic: string; config: ClientProperties }): Promise<ProducerHandle>;
  consumer(options: {
    connection: KafkaConnection;
    clientId: string;
    groupId: string;
    topic: string;
    config: ClientProperties;
    onBatch: (messages: IncomingMessage[]) => Promise<void>;
  }): Promise<ConsumerHandle>;
}
