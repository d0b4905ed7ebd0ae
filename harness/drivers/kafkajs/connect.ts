import { Kafka, logLevel, type KafkaConfig, type SASLOptions } from 'kafkajs';
import type { KafkaConnection } from '../connection.ts';

/** A kafkajs client for a connection; quiet, since the harness reports errors itself. */
export function kafkajsFor(connection: KafkaConnection, clientId: string, overrides: Partial<KafkaConfig> = {}): Kafka {
  const config: KafkaConfig = {
    clientId,
    brokers: connection.bootstrapServers,
    logLevel: logLevel.NOTHING,
    ...overrides,
  };
  if (connection.ssl) config.ssl = { rejectUnauthorized: connection.ssl.rejectUnauthorized, ...(connection.ssl.ca ? { ca: [connection.ssl.ca] } : {}) };
  if (connection.sasl) config.sasl = { ...connection.sasl } as SASLOptions;
  return new Kafka(config);
}
