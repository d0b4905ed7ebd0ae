import { describe, expect, it } from 'vitest';
import { memoryBroker } from '../../harness/drivers/memory/memory-driver.ts';
import { deepMerge } from '../../harness/experiment-file/deep-merge.ts';
import { setupDefaults } from '../../harness/experiment-file/defaults.ts';
import type { Setup } from '../../harness/experiment-file/experiment-schema.ts';
import { readRawEnvelope } from '../../harness/messages/raw-record.ts';
import { nowMs } from '../../harness/util/clock.ts';
import { runGenerator } from '../../harness/workload/generator.ts';
import type { MeasureWindow } from '../../harness/workload/ipc.ts';
import { startProcessor } from '../../harness/workload/processor.ts';
import { encodeHistogram, newLatencyHistogram, recordMs } from '../../harness/metrics/latency-histogram.ts';
import { SequenceSet } from '../../harness/metrics/sequence-set.ts';
import { drain } from '../../harness/runner/cell/drain.ts';
import { summarizeCell } from '../../harness/runner/cell-summary.ts';
import type { GeneratorReport, ProcessorReport } from '../../harness/workload/ipc.ts';

const connection = { bootstrapServers: ['memory'] };
const setupWith = (overrides: object) => deepMerge(setupDefaults, overrides) as Setup;

const histogram = (ms: number, count: number) => {
  const h = newLatencyHistogram();
  recordMs(h, ms, count);
  return encodeHistogram(h);
};
const seqs = (...ranges: Array<[number, number]>) => {
  const set = new SequenceSet();
  for (const [first, end] of ranges) set.addRange(first, end - first);
  return set.toBase64();
};

/** One producer: 300 messages, 100 of them in the warm-up (0–99), 100 in a 1-s window (100–199), 100 after. */
function generator(ackedInWindow = 100, ackedInWindowSeqs = seqs([0, 100 + ackedInWindow])): GeneratorReport {
  return {
    producerId: 1,
    attempted: 300,
    acked: 300,
    errors: 0,
    measured: { attempted: 100, acked: 100, bytes: 10_000, ackedInWindow, bytesInWindow: ackedInWindow * 100 },
    measuredSeqs: { first: 100, end: 200 },
    produceLatency: histogram(2, 100),
    ackedSeqs: seqs([0, 300]),
    ackedInWindowSeqs,
    ackedPerSecond: [100, 100, 100],
    loop: { count: 1, meanMs: 0, stddevMs: 0 },
  } as GeneratorReport;
}

function processor(id: number, received: Array<[number, number]>, receivedInWindow: Array<[number, number]>, arrivedInWindow: number): ProcessorReport {
  const unique = received.reduce((sum, [first, end]) => sum + end - first, 0);
  return {
    processorId: id,
    sequenced: true,
    received: unique,
    unique,
    duplicates: 0,
    measured: { received: arrivedInWindow, bytes: arrivedInWindow * 100 },
    endToEnd: histogram(5, 100),
    endToEndCorrected: histogram(5, 100),
    receivedSeqs: { '1': seqs(...received) },
    receivedInWindowSeqs: { '1': seqs(...receivedInWindow) },
    consumedPerSecond: [0, 0, 0],
    persisted: 0,
    persistedMeasured: 0,
    task: {},
  };
}

const summarize = (processors: ProcessorReport[], ackedInWindow = 100) =>
  summarizeCell({ generators: [generator(ackedInWindow)], processors, durationMs: 1000, fixedRate: false });

describe('the cell figures', () => {
  it('count consumed as produced: intended inside the window, delivered before it ended — a warm-up backlog is not consumption', () => {
    // The processor stalled through the warm-up and worked off its backlog (0–99) inside the window, then read the
    // window's own messages up to 189 before it ended: 190 arrived in the window, 90 of them were the window's.
    const figures = summarize([processor(1, [[0, 300]], [[0, 190]], 190)]);
    expect(figures.throughput!.producedPerSec).toBe(100);
    expect(figures.throughput!.consumedPerSec).toBe(90);
    expect(figures.throughput!.consumedBasis).toBe('intended-in-window');
    expect(figures.throughput!.consumedPerSec!).toBeLessThanOrEqual(figures.throughput!.producedPerSec);
  });

  it('never count as consumed a message whose acknowledgement came after the window: consumed is a subset of produced', () => {
    // A leader died: the window's last 10 messages reached the processor in time, but their acknowledgements came
    // late (a retry to the new leader). Counting them consumed would put consumed above produced.
    const figures = summarizeCell({
      generators: [generator(90)],
      processors: [processor(1, [[0, 300]], [[0, 200]], 200)],
      durationMs: 1000,
      fixedRate: false,
    });
    expect(figures.throughput!.producedPerSec).toBe(90);
    expect(figures.throughput!.consumedPerSec).toBe(90);
  });

  it('find loss and duplicates over the union of every processor: a message redelivered to another processor is one message', () => {
    // After a rebalance processor 2 got 150–159 again; processor 1 had them already.
    const figures = summarize([processor(1, [[0, 300]], [[0, 200]], 200), processor(2, [[150, 160]], [[150, 160]], 10)]);
    expect(figures.lost).toBe(0);
    expect(figures.consumed).toEqual({ received: 310, unique: 300, duplicates: 10 });
    expect(figures.throughput!.consumedPerSec).toBe(100);
  });

  it('count a message no processor received as lost, however many others arrived twice', () => {
    const figures = summarize([processor(1, [[0, 250]], [[0, 200]], 200), processor(2, [[200, 240]], [[200, 200]], 0)]);
    expect(figures.lost).toBe(50);
    expect(figures.consumed!.duplicates).toBe(40);
  });
});

describe('the drain', () => {
  const processors = [
    { latestProgress: 60, lastProgressAt: Date.now() },
    { latestProgress: 60, lastProgressAt: Date.now() },
  ];

  it('ends on the union of what processors hold, not on the sum of their counts', async () => {
    // 120 counted against 100 acknowledged, but 30 of them were the same messages: 10 still in flight.
    let asked = 0;
    const holdsEveryAcked = async () => {
      asked++;
      return asked < 2 ? { done: false, overlap: 30 } : { done: true, overlap: 20 };
    };
    const caughtUp = drain(processors, 100, { maxMs: 5_000, pollMs: 10, holdsEveryAcked });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(asked).toBe(1);
    // The processors take in the last 10: the sum passes acknowledged + overlap, and the union now holds everything.
    processors[0]!.latestProgress = 70;
    expect(await caughtUp).toBe(true);
    expect(asked).toBe(2);
  });

  it('gives up when the union never holds everything', async () => {
    const caughtUp = await drain(processors, 100, { maxMs: 300, pollMs: 10, holdsEveryAcked: async () => ({ done: false, overlap: 0 }) });
    expect(caughtUp).toBe(false);
  });
});

describe('a real loss', () => {
  it('is located: which producer, which partition, the offsets it was acknowledged at and when it was sent', async () => {
    const broker = memoryBroker({ partitions: 3, deliveryReports: true });
    const setup = setupWith({ workload: { message: 'bytes', messageSize: 32, rate: 2000, keys: 30 }, fault: { killBroker: 2, at: '100ms' } });
    const startAt = nowMs() + 30;
    const window: MeasureWindow = { startAt, measureStart: startAt, measureEnd: startAt + 300 };
    const generated = await runGenerator({ producerId: 1, connection, topic: 't', setup, window }, { driver: broker.driver });
    expect(generated.ackUnit).toBe('message');
    // A leader that dies before its follower fetched: partition 1 loses the acknowledged records at offsets 40–59.
    const partition = broker.log('t')[1]!;
    const truncated = partition.splice(40, 20);
    const config = { processorId: 1, connection, topic: 't', alertsTopic: 't-alerts', groupId: 'g', setup, cellDir: '/nonexistent', table: 't' };
    let unique = 0;
    const processor = await startProcessor(config, (count) => (unique = count), broker.driver);
    processor.setWindow(window);
    for (let waited = 0; unique < generated.acked - 20 && waited < 3_000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
    const processed = await processor.finish();
    const figures = summarizeCell({ generators: [generated], processors: [processed], durationMs: 300, fixedRate: true, offeredPerSec: 2000 });
    expect(figures.lost).toBe(20);
    const lostSeqs = truncated.map((record) => readRawEnvelope(record.value).seq);
    expect(figures.lossLocation).toHaveLength(1);
    const [group] = figures.lossLocation!;
    expect(group).toMatchObject({ producer: 1, partition: 1, count: 20, offsets: [40, 59] });
    expect(group!.seqRuns.flatMap(([first, last]) => Array.from({ length: last - first + 1 }, (_, i) => first + i))).toEqual(lostSeqs);
    // Sent on the schedule: message i at i ÷ 2,000 s, so the lost ones between their first and last sequence number.
    expect(group!.sentSeconds![0]).toBeCloseTo(lostSeqs[0]! / 2000, 1);
    expect(group!.sentSeconds![1]).toBeCloseTo(lostSeqs.at(-1)! / 2000, 1);
  });
});
