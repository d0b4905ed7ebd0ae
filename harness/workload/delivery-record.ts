/**
 * Where each message of a generator was acknowledged (partition and offset, by sequence number) and when each
 * batch was handed to the client: what locates a lost message. Kept in cells with a fault only: two typed arrays
 * of 12 bytes a message, and one entry a send.
 */
export interface DeliveryRecord {
  set(seq: number, partition: number, offset: number): void;
  /** A send of consecutive sequence numbers from `firstSeq`, at `atMs` since the schedule's start. */
  sent(firstSeq: number, atMs: number): void;
  encode(): EncodedDeliveries;
}

/** As a generator reports it: typed arrays in base64 (partition −1: no acknowledgement reported). */
export interface EncodedDeliveries {
  partitions: string;
  offsets: string;
  /** Each send's first sequence number and its time, ms since the schedule's start, in send order. */
  sendFirstSeqs: number[];
  sendAtMs: number[];
}

export function deliveryRecord(): DeliveryRecord {
  let partitions = new Int32Array(1 << 16).fill(-1);
  let offsets = new Float64Array(1 << 16);
  let highest = -1;
  const sendFirstSeqs: number[] = [];
  const sendAtMs: number[] = [];
  const grow = (seq: number) => {
    let size = partitions.length;
    while (seq >= size) size *= 2;
    const morePartitions = new Int32Array(size).fill(-1);
    morePartitions.set(partitions);
    const moreOffsets = new Float64Array(size);
    moreOffsets.set(offsets);
    partitions = morePartitions;
    offsets = moreOffsets;
  };
  return {
    set(seq, partition, offset) {
      if (seq >= partitions.length) grow(seq);
      partitions[seq] = partition;
      offsets[seq] = offset;
      if (seq > highest) highest = seq;
    },
    sent(firstSeq, atMs) {
      sendFirstSeqs.push(firstSeq);
      sendAtMs.push(Math.round(atMs * 10) / 10);
    },
    encode: () => ({
      partitions: Buffer.from(partitions.buffer, 0, (highest + 1) * 4).toString('base64'),
      offsets: Buffer.from(offsets.buffer, 0, (highest + 1) * 8).toString('base64'),
      sendFirstSeqs,
      sendAtMs,
    }),
  };
}

/** Reads what `encode` wrote. */
export function decodeDeliveries(encoded: EncodedDeliveries): { partitions: Int32Array; offsets: Float64Array; sendFirstSeqs: number[]; sendAtMs: number[] } {
  const partitionBytes = Buffer.from(encoded.partitions, 'base64');
  const offsetBytes = Buffer.from(encoded.offsets, 'base64');
  // Copies: a Buffer from base64 need not be aligned for a typed array view.
  const partitions = new Int32Array(partitionBytes.length / 4);
  new Uint8Array(partitions.buffer).set(partitionBytes);
  const offsets = new Float64Array(offsetBytes.length / 8);
  new Uint8Array(offsets.buffer).set(offsetBytes);
  return { partitions, offsets, sendFirstSeqs: encoded.sendFirstSeqs, sendAtMs: encoded.sendAtMs };
}
