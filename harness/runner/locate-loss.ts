import { SequenceSet } from '../metrics/sequence-set.ts';
import type { LostMessages } from '../results/cell-result.ts';
import { decodeDeliveries } from '../workload/delivery-record.ts';
import type { GeneratorReport } from '../workload/ipc.ts';

/** The most sequence runs a group lists (it counts them all). */
const listedRuns = 20;

/** The index of the last send whose first sequence number is at most `seq` (sends are in sequence order). */
function sendOf(firstSeqs: number[], seq: number): number {
  let low = 0;
  let high = firstSeqs.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (firstSeqs[middle]! <= seq) low = middle;
    else high = middle - 1;
  }
  return low;
}

/**
 * Where the acknowledged messages no processor received were: by producer and, where the client reported each
 * delivery, by the partition it was acknowledged on, with the offsets and send times. Empty when nothing was lost.
 */
export function locateLoss(generators: GeneratorReport[], received: Map<string, SequenceSet>): LostMessages[] {
  const groups: LostMessages[] = [];
  for (const generator of generators) {
    const acked = SequenceSet.fromBase64(generator.ackedSeqs);
    const deliveries = generator.deliveries ? decodeDeliveries(generator.deliveries) : undefined;
    const byPartition = new Map<number, LostMessages & { lastSeq: number }>();
    acked.forEachMissingFrom(received.get(String(generator.producerId)) ?? new SequenceSet(), (seq) => {
      const partition = deliveries && seq < deliveries.partitions.length ? deliveries.partitions[seq]! : -1;
      let group = byPartition.get(partition);
      if (!group) {
        group = { producer: generator.producerId, ...(partition >= 0 ? { partition } : {}), count: 0, seqRuns: [], runs: 0, lastSeq: -2 };
        byPartition.set(partition, group);
      }
      group.count++;
      if (seq === group.lastSeq + 1 && group.runs > 0) {
        if (group.runs <= listedRuns) group.seqRuns[group.runs - 1]![1] = seq;
      } else {
        group.runs++;
        if (group.runs <= listedRuns) group.seqRuns.push([seq, seq]);
      }
      group.lastSeq = seq;
      if (!deliveries || partition < 0) return;
      const offset = deliveries.offsets[seq]!;
      group.offsets = group.offsets ? [Math.min(group.offsets[0], offset), Math.max(group.offsets[1], offset)] : [offset, offset];
      const sentAt = deliveries.sendAtMs[sendOf(deliveries.sendFirstSeqs, seq)]! / 1000;
      group.sentSeconds = group.sentSeconds ? [Math.min(group.sentSeconds[0], sentAt), Math.max(group.sentSeconds[1], sentAt)] : [sentAt, sentAt];
    });
    for (const { lastSeq, ...group } of byPartition.values()) groups.push(group);
  }
  return groups.sort((a, b) => a.producer - b.producer || (a.partition ?? -1) - (b.partition ?? -1));
}
