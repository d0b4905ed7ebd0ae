/**
 * Messages acknowledged to the generators but not yet processed, at the end of each second: the processors' own
 * positions, which a consumer keeping up holds near zero whatever its commit interval. Empty without processors.
 * A record can be read a moment before its acknowledgement arrives: never drawn below zero.
 * Index i is the end of the timeseries' second i, which covers [i, i + 1) seconds since the schedule's start.
 */
export function processingLag(ts: { producedPerSec: number[]; consumedPerSec: number[] }): number[] {
  if (ts.consumedPerSec.every((v) => v === 0)) return [];
  let acknowledged = 0;
  let processed = 0;
  return ts.producedPerSec.map((produced, second) => {
    acknowledged += produced;
    processed += ts.consumedPerSec[second] ?? 0;
    return Math.max(0, acknowledged - processed);
  });
}
