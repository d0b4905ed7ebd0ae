import { encodeHistogram, mergeHistograms, summarize } from '../metrics/latency-histogram.ts';
import { SequenceSet } from '../metrics/sequence-set.ts';
import type { GeneratorReport, ProcessorReport } from '../workload/ipc.ts';
import type { CellResult } from '../results/cell-result.ts';

function sumSeries(series: number[][]): number[] {
  const length = Math.max(0, ...series.map((s) => s.length));
  return Array.from({ length }, (_, i) => series.reduce((sum, s) => sum + (s[i] ?? 0), 0));
}

/**
 * Loss is found by sequence numbers: a message counts as lost when its producer saw it acknowledged and
 * no processor received it. Counting alone would hide a loss behind a duplicate.
 */
export function countLost(generators: GeneratorReport[], processors: ProcessorReport[]): number {
  return generators.reduce((lost, generator) => {
    const received = new SequenceSet();
    for (const processor of processors) {
      const encoded = processor.receivedSeqs[String(generator.producerId)];
      if (encoded) received.addAll(SequenceSet.fromBase64(encoded));
    }
    return lost + SequenceSet.fromBase64(generator.ackedSeqs).countMissingFrom(received);
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
}): Pick<CellResult, 'produced' | 'consumed' | 'lost' | 'sink' | 'throughput' | 'latency' | 'generatorLoop' | 'task' | 'windowCpu'> & {
  histograms: Record<string, unknown>;
  producedPerSecond: number[];
  consumedPerSecond: number[];
} {
  const { generators, processors } = options;
  const seconds = options.durationMs / 1000;
  const sum = <T>(items: T[], pick: (item: T) => number) => items.reduce((total, item) => total + pick(item), 0);
  const produce = mergeHistograms(generators.map((g) => g.produceLatency));
  const endToEnd = mergeHistograms(processors.map((p) => p.endToEnd));
  const corrected = mergeHistograms(processors.map((p) => p.endToEndCorrected));
  const loops = sum(generators, (g) => g.loop.count);
  const task: Record<string, number> = {};
  for (const processor of processors) for (const [key, value] of Object.entries(processor.task)) task[key] = (task[key] ?? 0) + value;
  // A producer-only cell (processor.consumers: 0) measures acknowledgements; loss and end-to-end need consumers
  // that read sequence numbers and send times (not bare or consumer-performance, which only count).
  const consuming = processors.length > 0;
  const sequenced = consuming && processors.every((p) => p.sequenced);
  return {
    produced: { attempted: sum(generators, (g) => g.attempted), acked: sum(generators, (g) => g.acked), errors: sum(generators, (g) => g.errors) },
    ...(consuming
      ? {
          consumed: {
            received: sum(processors, (p) => p.received),
            ...(sequenced ? { unique: sum(processors, (p) => p.unique), duplicates: sum(processors, (p) => p.duplicates) } : {}),
          },
          ...(sequenced
            ? {
                lost: countLost(generators, processors),
                sink: { persisted: sum(processors, (p) => p.persisted), measured: sum(processors, (p) => p.persistedMeasured) },
              }
            : {}),
        }
      : {}),
    // Rates are what was acknowledged (or consumed) inside the measured window: never the rate merely offered.
    throughput: {
      producedPerSec: sum(generators, (g) => g.measured.ackedInWindow) / seconds,
      ...(consuming ? { consumedPerSec: sum(processors, (p) => p.measured.received) / seconds } : {}),
      mbPerSec: sum(generators, (g) => g.measured.bytesInWindow) / seconds / 1e6,
      ...(options.offeredPerSec !== undefined ? { offeredPerSec: options.offeredPerSec } : {}),
    },
    latency: {
      produce: summarize(produce),
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
      merged: { produce: encodeHistogram(produce), endToEnd: encodeHistogram(endToEnd), endToEndCorrected: encodeHistogram(corrected) },
      perGenerator: Object.fromEntries(generators.map((g) => [`generator-${g.producerId}`, { produce: g.produceLatency }])),
      perProcessor: Object.fromEntries(processors.map((p) => [`processor-${p.processorId}`, { endToEnd: p.endToEnd, endToEndCorrected: p.endToEndCorrected }])),
    },
    producedPerSecond: sumSeries(generators.map((g) => g.ackedPerSecond)),
    consumedPerSecond: sumSeries(processors.map((p) => p.consumedPerSecond)),
  };
}
