import zlib from 'node:zlib';
import type { ClientProperties } from '../driver.ts';

/** The Kafka producer properties @platformatic/kafka can honour, and how. Anything else is refused up front. */
export const platformaticProducerProperties = [
  'acks',
  'compression.type',
  'linger.ms',
  'batch.size',
  'enable.idempotence',
  'max.in.flight.requests.per.connection',
  'request.timeout.ms',
];
export const platformaticConsumerProperties = [
  'fetch.min.bytes',
  'fetch.max.wait.ms',
  'max.partition.fetch.bytes',
  'fetch.max.bytes',
  'session.timeout.ms',
  'heartbeat.interval.ms',
  'enable.auto.commit',
  'auto.commit.interval.ms',
];

// zstd comes from node:zlib, which has it from Node 22.15 on; snappy and lz4 are WebAssembly in the client itself.
const compressions = ['none', 'gzip', 'snappy', 'lz4', ...(typeof (zlib as { zstdCompressSync?: unknown }).zstdCompressSync === 'function' ? ['zstd'] : [])];

export function checkCompression(config: ClientProperties): string[] {
  const type = config['compression.type'];
  return type === undefined || compressions.includes(String(type))
    ? []
    : [
        `@platformatic/kafka on Node ${process.versions.node} compresses with ${compressions.join(', ')}, not "${type}" (zstd needs Node ≥ 22.15; use client confluent, which has it built in)`,
      ];
}

/** The client's name for a compression; it sends uncompressed when none is named. */
export function compressionOf(config: ClientProperties): 'gzip' | 'snappy' | 'lz4' | 'zstd' | undefined {
  const type = String(config['compression.type'] ?? 'none');
  return type === 'none' ? undefined : (type as 'gzip' | 'snappy' | 'lz4' | 'zstd');
}
