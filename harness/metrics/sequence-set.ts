/**
 * The sequence numbers one producer's messages carried, as a growable bitset: 1 MiB covers 8 million
 * messages. Generators mark what was acknowledged, processors what arrived; loss is the difference.
 */
export class SequenceSet {
  private bits: Uint8Array;
  private size = 0;

  constructor(initialBytes = 1024) {
    this.bits = new Uint8Array(initialBytes);
  }

  /** Grows the bitset (at least doubling) so that it holds byte index `byte`. */
  private holdByte(byte: number): void {
    if (byte < this.bits.length) return;
    const grown = new Uint8Array(Math.max(this.bits.length * 2, byte + 1));
    grown.set(this.bits);
    this.bits = grown;
  }

  /** Marks `seq`; false when it was marked already (a duplicate). */
  add(seq: number): boolean {
    const byte = seq >> 3;
    this.holdByte(byte);
    const mask = 1 << (seq & 7);
    if (this.bits[byte]! & mask) return false;
    this.bits[byte]! |= mask;
    this.size++;
    return true;
  }

  /**
   * Marks `count` consecutive sequence numbers from `first`, a byte at a time where it can: a generator's batch
   * is one run of numbers, so it costs a few writes instead of one call per message. Callers add fresh numbers
   * only (no duplicate check).
   */
  addRange(first: number, count: number): void {
    if (count <= 0) return;
    const end = first + count;
    this.holdByte((end - 1) >> 3);
    let seq = first;
    while (seq < end && (seq & 7) !== 0) this.add(seq++);
    const wholeBytesEnd = end - (end & 7);
    if (seq < wholeBytesEnd) {
      for (let byte = seq >> 3; byte < wholeBytesEnd >> 3; byte++) {
        this.size += 8 - popcount(this.bits[byte]!);
        this.bits[byte] = 0xff;
      }
      seq = wholeBytesEnd;
    }
    while (seq < end) this.add(seq++);
  }

  has(seq: number): boolean {
    const byte = seq >> 3;
    return byte < this.bits.length && (this.bits[byte]! & (1 << (seq & 7))) !== 0;
  }

  get count(): number {
    return this.size;
  }

  /** How many members of this set `other` lacks. */
  countMissingFrom(other: SequenceSet): number {
    let missing = 0;
    for (let byte = 0; byte < this.bits.length; byte++) {
      const mine = this.bits[byte]!;
      if (mine === 0) continue;
      const theirs = byte < other.bits.length ? other.bits[byte]! : 0;
      missing += popcount(mine & ~theirs);
    }
    return missing;
  }

  /** Calls `visit` with each member of this set that `other` lacks, in order. */
  forEachMissingFrom(other: SequenceSet, visit: (seq: number) => void): void {
    for (let byte = 0; byte < this.bits.length; byte++) {
      const missing = this.bits[byte]! & ~(byte < other.bits.length ? other.bits[byte]! : 0);
      if (missing === 0) continue;
      for (let bit = 0; bit < 8; bit++) if (missing & (1 << bit)) visit(byte * 8 + bit);
    }
  }

  toBase64(): string {
    return Buffer.from(this.bits.buffer, this.bits.byteOffset, Math.ceil((this.highest() + 1) / 8)).toString('base64');
  }

  static fromBase64(encoded: string): SequenceSet {
    const bytes = Buffer.from(encoded, 'base64');
    const set = new SequenceSet(Math.max(1, bytes.length));
    set.bits.set(bytes);
    for (const byte of bytes) set.size += popcount(byte);
    return set;
  }

  /** How many members lie in [first, end) and in `other` too. */
  countInRangeAlsoIn(other: SequenceSet, first: number, end: number): number {
    let count = 0;
    const last = Math.min(end, this.bits.length * 8, other.bits.length * 8);
    for (let seq = Math.max(0, first); seq < last; seq++) if (this.has(seq) && other.has(seq)) count++;
    return count;
  }

  /** An independent copy (what a processor held at one moment). */
  clone(): SequenceSet {
    const copy = new SequenceSet(this.bits.length);
    copy.bits.set(this.bits);
    copy.size = this.size;
    return copy;
  }

  /** Adds every member of `other` (for merging what several processors received). */
  addAll(other: SequenceSet): void {
    this.holdByte(other.bits.length - 1);
    for (let byte = 0; byte < other.bits.length; byte++) {
      const added = other.bits[byte]! & ~this.bits[byte]!;
      if (added === 0) continue;
      this.size += popcount(added);
      this.bits[byte]! |= added;
    }
  }

  private highest(): number {
    for (let byte = this.bits.length - 1; byte >= 0; byte--) {
      const value = this.bits[byte]!;
      if (value) return byte * 8 + (31 - Math.clz32(value));
    }
    return -1;
  }
}

function popcount(byte: number): number {
  let bits = 0;
  for (let value = byte & 0xff; value; value &= value - 1) bits++;
  return bits;
}
