import { CompressionTypes } from 'kafkajs';
import type { ClientProperties } from '../driver.ts';

/** The Kafka producer properties kafkajs can honour, and how. Anything else is refused up front. */
export const kafkajsProducerProperties = [
  'acks',
  'compression.type',
  'linger.ms',
  'batch.size',
  'enable.idempotence',
  'max.in.flight.requests.per.connection',
  'request.timeout.ms',
];
export const kafkajsConsumerProperties = [
  'fetch.min.bytes',
  'fetch.max.wait.ms',
  'max.partition.fetch.bytes',
  'fetch.max.bytes',
  'session.timeout.ms',
  'heartbeat.interval.ms',
  'enable.auto.commit',
  'auto.commit.interval.ms',
];

const compression: Record<string, CompressionTypes> = { none: CompressionTypes.None, gzip: CompressionTypes.GZIP };

export function checkCompression(config: ClientProperties): string[] {
  const type = config['compression.type'];
  return type === undefined || String(type) in compression
    ? []
    : [`kafkajs ships only gzip compression; "${type}" needs a codec package (use client confluent, which has snappy, lz4 and zstd built in)`];
}

export function compressionOf(config: ClientProperties): CompressionTypes {
  return compression[String(config['compression.type'] ?? 'none')] ?? CompressionTypes.None;
}
