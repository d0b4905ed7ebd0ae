import { encodeHistogram, mergeHistograms, summarize } from '../metrics/latency-histogram.ts';
import { SequenceSet } from '../metrics/sequence-set.ts';
import { locateLoss } from './locate-loss.ts';
import type { GeneratorReport, ProcessorReport } from '../workload/ipc.ts';
import type { CellResult } from '../results/cell-result.ts';

function sumSeries(series: number[][]): number[] {
  const length = Math.max(0, ...series.map((s) => s.length));
  return Array.from({ length }, (_, i) => series.reduce((sum, s) => sum + (s[i] ?? 0), 0));
}

/** Each producer's sequence numbers held by any of the processors: their union, by producer id. */
export function unionBySender(held: Array<Record<string, string> | undefined>): Map<string, SequenceSet> {
  const union = new Map<string, SequenceSet>();
  for (const record of held) {
    for (const [producer, encoded] of Object.entries(record ?? {})) {
      const set = union.get(producer) ?? union.set(producer, new SequenceSet()).get(producer)!;
      set.addAll(SequenceSet.fromBase64(encoded));
    }
  }
  return union;
}

/** How many distinct messages a union holds, all producers together. */
export const heldCount = (union: Map<string, SequenceSet>) => [...union.values()].reduce((total, set) => total + set.count, 0);

/**
 * Loss is found by sequence numbers: a message counts as lost when its producer saw it acknowledged and no
 * processor received it (the union over processors: a message redelivered to another processor after a rebalance
 * is one message). Counting alone would hide a loss behind a duplicate.
 */
export function countLost(generators: Array<Pick<GeneratorReport, 'producerId' | 'ackedSeqs'>>, received: Map<string, SequenceSet>): number {
  return generators.reduce(
    (lost, generator) => lost + SequenceSet.fromBase64(generator.ackedSeqs).countMissingFrom(received.get(String(generator.producerId)) ?? new SequenceSet()),
    0,
  );
}

/**
 * Messages intended inside the measured window, acknowledged before it ended, and received by any processor before
 * it ended: the consumed rate's numerator, on the produced one's basis and a subset of it (docs/measurement.md). A
 * backlog left from the warm-up is not in it, nor a message read in time whose acknowledgement came late (a retry
 * after a leader died). Undefined when a generator did not say which sequence numbers the window holds.
 */
function consumedInWindow(generators: GeneratorReport[], processors: ProcessorReport[]): number | undefined {
  if (generators.some((g) => g.measuredSeqs === undefined && g.measured.attempted > 0)) return undefined;
  const inWindow = unionBySender(processors.map((p) => p.receivedInWindowSeqs ?? p.receivedSeqs));
  return generators.reduce((sum, g) => {
    const received = inWindow.get(String(g.producerId));
    if (!g.measuredSeqs || !received) return sum;
    const ackedInTime = SequenceSet.fromBase64(g.ackedInWindowSeqs ?? g.ackedSeqs);
    return sum + received.countInRangeAlsoIn(ackedInTime, g.measuredSeqs.first, g.measuredSeqs.end);
  }, 0);
}

/** Each worker's own CPU over the measured window, by the name the resource sampler gives it; nothing if none had one. */
function windowCpuOf(generators: GeneratorReport[], processors: ProcessorReport[]): Pick<CellResult, 'windowCpu'> {
  const all: Array<[string, number | undefined]> = [
    ...generators.map((g): [string, number | undefined] => [`generator-${g.producerId}`, g.windowCpuPercent]),
    ...processors.map((p): [string, number | undefined] => [`processor-${p.processorId}`, p.windowCpuPercent]),
  ];
  const entries = all.filter((entry): entry is [string, number] => entry[1] !== undefined);
  return entries.length ? { windowCpu: Object.fromEntries(entries) } : {};
}

/** Combines what every generator and processor of a cell reported into the cell's figures. */
export function summarizeCell(options: {
  generators: GeneratorReport[];
  processors: ProcessorReport[];
  durationMs: number;
  fixedRate: boolean;
  offeredPerSec?: number;
}): Pick<CellResult, 'produced' | 'consumed' | 'lost' | 'lossLocation' | 'sink' | 'throughput' | 'latency' | 'generatorLoop' | 'task' | 'windowCpu'> & {
  histograms: Record<string, unknown>;
  producedPerSecond: number[];
  consumedPerSecond: number[];
} {
  const { generators, processors } = options;
  const seconds = options.durationMs / 1000;
  const sum = <T>(items: T[], pick: (item: T) => number) => items.reduce((total, item) => total + pick(item), 0);
  const produce = mergeHistograms(generators.map((g) => g.produceLatency));
  const produceFromIntended = options.fixedRate
    ? mergeHistograms(generators.flatMap((g) => (g.produceLatencyFromIntended ? [g.produceLatencyFromIntended] : [])))
    : undefined;
  const endToEnd = mergeHistograms(processors.map((p) => p.endToEnd));
  const corrected = mergeHistograms(processors.map((p) => p.endToEndCorrected));
  const loops = sum(generators, (g) => g.loop.count);
  const task: Record<string, number> = {};
  for (const processor of processors) for (const [key, value] of Object.entries(processor.task)) task[key] = (task[key] ?? 0) + value;
  // A producer-only cell (processor.consumers: 0) measures acknowledgements; loss and end-to-end need consumers
  // that read sequence numbers and send times (not bare or consumer-performance, which only count).
  const consuming = processors.length > 0;
  const sequenced = consuming && processors.every((p) => p.sequenced);
  const received = sequenced ? unionBySender(processors.map((p) => p.receivedSeqs)) : undefined;
  const unique = received ? heldCount(received) : 0;
  // Every arrival a processor kept (its own unique plus its own repeats) beyond the union is a repeat somewhere.
  const arrivals = sum(processors, (p) => p.unique + p.duplicates);
  const consumedCount = sequenced ? consumedInWindow(generators, processors) : undefined;
  const lost = received ? countLost(generators, received) : 0;
  return {
    produced: { attempted: sum(generators, (g) => g.attempted), acked: sum(generators, (g) => g.acked), errors: sum(generators, (g) => g.errors) },
    ...(consuming
      ? {
          consumed: {
            received: sum(processors, (p) => p.received),
            ...(sequenced ? { unique, duplicates: arrivals - unique } : {}),
          },
          ...(received
            ? {
                lost,
                ...(lost > 0 ? { lossLocation: locateLoss(generators, received) } : {}),
                sink: { persisted: sum(processors, (p) => p.persisted), measured: sum(processors, (p) => p.persistedMeasured) },
              }
            : {}),
        }
      : {}),
    // One basis for both rates: messages intended inside the measured window and acknowledged (consumed) before it
    // ended, over the window. Processors that only count records (bare, consumer-performance) carry no sequence
    // numbers: theirs is what arrived inside the window, said so by `consumedBasis`.
    throughput: {
      producedPerSec: sum(generators, (g) => g.measured.ackedInWindow) / seconds,
      ...(consuming
        ? consumedCount !== undefined
          ? { consumedPerSec: consumedCount / seconds, consumedBasis: 'intended-in-window' as const }
          : { consumedPerSec: sum(processors, (p) => p.measured.received) / seconds, consumedBasis: 'arrived-in-window' as const }
        : {}),
      mbPerSec: sum(generators, (g) => g.measured.bytesInWindow) / seconds / 1e6,
      ...(options.offeredPerSec !== undefined ? { offeredPerSec: options.offeredPerSec } : {}),
    },
    latency: {
      produce: summarize(produce),
      ...(produceFromIntended ? { produceFromIntended: summarize(produceFromIntended) } : {}),
      ...(generators[0]?.ackUnit ? { ackUnit: generators[0].ackUnit } : {}),
      ...(sequenced ? { endToEnd: summarize(endToEnd), endToEndCorrected: options.fixedRate ? summarize(corrected) : null } : {}),
    },
    ...windowCpuOf(generators, processors),
    generatorLoop: {
      loops,
      meanMs: loops ? sum(generators, (g) => g.loop.meanMs * g.loop.count) / loops : 0,
      // The largest per-process spread: pooling standard deviations across processes would need their means too.
      stddevMs: Math.max(0, ...generators.map((g) => g.loop.stddevMs)),
    },
    task,
    histograms: {
      merged: {
        produce: encodeHistogram(produce),
        ...(produceFromIntended ? { produceFromIntended: encodeHistogram(produceFromIntended) } : {}),
        endToEnd: encodeHistogram(endToEnd),
        endToEndCorrected: encodeHistogram(corrected),
      },
      perGenerator: Object.fromEntries(generators.map((g) => [`generator-${g.producerId}`, { produce: g.produceLatency }])),
      perProcessor: Object.fromEntries(processors.map((p) => [`processor-${p.processorId}`, { endToEnd: p.endToEnd, endToEndCorrected: p.endToEndCorrected }])),
    },
    producedPerSecond: sumSeries(generators.map((g) => g.ackedPerSecond)),
    consumedPerSecond: sumSeries(processors.map((p) => p.consumedPerSecond)),
  };
}
