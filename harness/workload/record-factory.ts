import type { Setup } from '../spec/experiment-schema.ts';
import { makeMessage, payloadPool } from './messages/make-message.ts';
import { rawEnvelopeBytes, writeRawEnvelope } from './messages/raw-record.ts';
import { serializers } from './serializers/registry.ts';

/** Turns one message's envelope into the bytes the client sends. */
export type RecordFactory = (seq: number, sentAt: number, intendedAt: number, key: number) => Buffer;

/**
 * The generator's per-message work, chosen once per cell. `bytes` records copy a pooled payload behind a binary
 * envelope (no serializer: the payload is opaque); `cpu` and `bus` messages are built and encoded one by one,
 * since the codec's cost is what a serializer experiment measures.
 */
export function recordFactory(setup: Setup, producerId: number, random: () => number): RecordFactory {
  const { message: kind, messageSize = 1024 } = setup.workload;
  if (kind === 'bytes') {
    const pool = payloadPool(messageSize - rawEnvelopeBytes);
    const poolMask = pool.length - 1;
    return (seq, sentAt, intendedAt) => {
      const record = Buffer.allocUnsafe(messageSize);
      writeRawEnvelope(record, producerId, seq, sentAt, intendedAt);
      pool[(random() * pool.length) & poolMask]!.copy(record, rawEnvelopeBytes);
      return record;
    };
  }
  const serializer = serializers[setup.serializer](kind);
  return (seq, sentAt, intendedAt, key) => serializer.encode(makeMessage(kind, key, { producerId, seq, sentAt, intendedAt }, random, messageSize));
}

/** Key strings as the generator sends them, each made once however often it is sent. */
export function keyNames(): (key: number) => string {
  const names: string[] = [];
  return (key) => (names[key] ??= `key-${key}`);
}
