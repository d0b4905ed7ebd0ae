import type { Envelope } from './envelope.ts';

/**
 * A `bytes` message travels as a raw record of exactly `messageSize` bytes, as Kafka's ProducerPerformance sends
 * them: a 24-byte binary envelope, then random payload. No serializer touches it, so a max-rate cell measures the
 * client and the broker, not a codec re-encoding the same payload for every message.
 *
 *   0  u8   magic 0x4b ('K')      8  f64 sentAt (ms since the epoch)
 *   1  u8   layout version 1      16 f64 intendedAt
 *   2  u16  producerId
 *   4  u32  seq
 */
export const rawEnvelopeBytes = 24;
const magic = 0x4b;
const layoutVersion = 1;

/** Writes the envelope into the first 24 bytes of `record`. */
export function writeRawEnvelope(record: Buffer, producerId: number, seq: number, sentAt: number, intendedAt: number): void {
  record[0] = magic;
  record[1] = layoutVersion;
  record.writeUInt16LE(producerId, 2);
  record.writeUInt32LE(seq, 4);
  record.writeDoubleLE(sentAt, 8);
  record.writeDoubleLE(intendedAt, 16);
}

/** Reads the envelope of a raw record; throws on a record the harness did not write (another topic's data). */
export function readRawEnvelope(record: Buffer): Envelope {
  if (record.length < rawEnvelopeBytes || record[0] !== magic || record[1] !== layoutVersion) {
    throw new Error(`not a kafka-lab raw record (${record.length} bytes, first byte ${record[0] ?? 'none'})`);
  }
  return { producerId: record.readUInt16LE(2), seq: record.readUInt32LE(4), sentAt: record.readDoubleLE(8), intendedAt: record.readDoubleLE(16) };
}
