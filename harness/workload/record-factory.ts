import type { OutgoingMessage } from '../drivers/driver.ts';
import type { Setup } from '../experiment-file/experiment-schema.ts';
import { makeMessage, payloadPool } from '../messages/make-message.ts';
import { rawEnvelopeBytes, writeRawEnvelope } from '../messages/raw-record.ts';
import { serializers } from '../serializers/registry.ts';

/** Turns one message's envelope into the bytes the client sends, and takes back records the client is done with. */
export interface RecordFactory {
  make(seq: number, sentAt: number, intendedAt: number, key: number): Buffer;
  /**
   * The records of a settled send (acknowledged or failed): the client holds them no longer (librdkafka copied
   * them at produce(), kafkajs encoded them into its request), so their memory can carry later messages.
   */
  recycle(sent: OutgoingMessage[]): void;
}

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
    // Records come back when their send settles, payload and all: a recycled one needs only its new envelope, so
    // at max rate the generator allocates and copies nothing per message once as many records exist as are in flight.
    const free: Buffer[] = [];
    return {
      make(seq, sentAt, intendedAt) {
        let record = free.pop();
        if (!record) {
          record = Buffer.allocUnsafe(messageSize);
          pool[(random() * pool.length) & poolMask]!.copy(record, rawEnvelopeBytes);
        }
        writeRawEnvelope(record, producerId, seq, sentAt, intendedAt);
        return record;
      },
      recycle(sent) {
        for (const message of sent) free.push(message.value);
      },
    };
  }
  const serializer = serializers[setup.serializer](kind);
  return {
    make: (seq, sentAt, intendedAt, key) => serializer.encode(makeMessage(kind, key, { producerId, seq, sentAt, intendedAt }, random, messageSize)),
    // Encoded messages differ in size and content: nothing to reuse.
    recycle: () => {},
  };
}

/** Key strings as the generator sends them, each made once however often it is sent. */
export function keyNames(): (key: number) => string {
  const names: string[] = [];
  return (key) => (names[key] ??= `key-${key}`);
}
