import { describe, expect, it } from 'vitest';
import { memoryBroker } from '../../harness/drivers/memory/memory-driver.ts';
import { decodeHistogram, newLatencyHistogram, recordMs, runLengthRecorder } from '../../harness/metrics/latency-histogram.ts';
import { SequenceSet } from '../../harness/metrics/sequence-set.ts';
import { countLost, unionBySender } from '../../harness/runner/cell-summary.ts';
import { deepMerge } from '../../harness/experiment-file/deep-merge.ts';
import { setupDefaults } from '../../harness/experiment-file/defaults.ts';
import type { Setup } from '../../harness/experiment-file/experiment-schema.ts';
import { maxInFlightBatches, maxRateBatch, runGenerator } from '../../harness/workload/generator.ts';
import type { Driver } from '../../harness/drivers/driver.ts';
import type { MeasureWindow } from '../../harness/workload/ipc.ts';
import { nowMs } from '../../harness/util/clock.ts';
import { seededRandom } from '../../harness/util/seeded-random.ts';
import { rawEnvelopeBytes, readRawEnvelope } from '../../harness/messages/raw-record.ts';
import { startProcessor } from '../../harness/workload/processor.ts';

const connection = { bootstrapServers: ['memory'] };
const setupWith = (overrides: object) => deepMerge(setupDefaults, overrides) as Setup;
const windowFrom = (warmupMs: number, durationMs: number): MeasureWindow => {
  const startAt = nowMs() + 30;
  return { startAt, measureStart: startAt + warmupMs, measureEnd: startAt + warmupMs + durationMs };
};

/**
 * Starts one processor with the cell's window, as the runner does before generators start, then `produce`s and
 * lets the processor read until it holds `expected` messages (or 3 s pass); returns its report.
 */
async function processWhile<T>(
  broker: ReturnType<typeof memoryBroker>,
  setup: Setup,
  window: MeasureWindow,
  produce: () => Promise<T>,
  expected: (produced: T) => number,
) {
  let unique = 0;
  const config = { processorId: 1, connection, topic: 't', alertsTopic: 't-alerts', groupId: 'g', setup, cellDir: '/nonexistent', table: 't' };
  const processor = await startProcessor(config, (count) => (unique = count), broker.driver);
  processor.setWindow(window);
  const produced = await produce();
  for (let waited = 0; unique < expected(produced) && waited < 3_000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
  return { produced, processed: await processor.finish() };
}

describe('the generator against an in-memory broker', () => {
  it('sends exactly the fixed-rate schedule and counts the measured phase by intended send time', async () => {
    const broker = memoryBroker();
    const window = windowFrom(200, 500);
    const setup = setupWith({ workload: { message: 'cpu', rate: 2000 } });
    const report = await runGenerator({ producerId: 1, connection, topic: 't', setup, window }, { driver: broker.driver });
    // 2,000 msg/s for 0.7 s: message i is due at startAt + i / 2000.
    expect(report.attempted).toBe(1400);
    expect(report.acked).toBe(1400);
    expect(report.measured.attempted).toBe(1000);
    expect(report.measured.acked).toBe(1000);
    expect(decodeHistogram(report.produceLatency).totalCount).toBe(1000);
    expect(SequenceSet.fromBase64(report.ackedSeqs).count).toBe(1400);
    expect(report.ackedPerSecond.reduce((a, b) => a + b, 0)).toBe(1400);
  });

  it('writes raw bytes records of exactly messageSize bytes, each with its own envelope', async () => {
    const broker = memoryBroker({ partitions: 1 });
    const setup = setupWith({ workload: { message: 'bytes', messageSize: 100, rate: 1000 } });
    const report = await runGenerator({ producerId: 7, connection, topic: 't', setup, window: windowFrom(0, 200) }, { driver: broker.driver });
    const records = broker.log('t')[0]!;
    expect(records).toHaveLength(report.acked);
    expect(records.every((record) => record.value.length === 100)).toBe(true);
    const envelopes = records.map((record) => readRawEnvelope(record.value));
    expect(envelopes.map((e) => e.seq)).toEqual(records.map((_, i) => i));
    expect(new Set(envelopes.map((e) => e.producerId))).toEqual(new Set([7]));
    expect(envelopes.every((e) => e.intendedAt <= e.sentAt + 1)).toBe(true);
    expect(rawEnvelopeBytes).toBe(24);
  });

  it('counts refused sends as errors, never as acknowledged', async () => {
    const broker = memoryBroker({ failWhen: (message) => message.key === 'key-3' });
    const setup = setupWith({ workload: { message: 'cpu', rate: 1000, keys: 5 } });
    const report = await runGenerator({ producerId: 1, connection, topic: 't', setup, window: windowFrom(0, 300) }, { driver: broker.driver });
    expect(report.errors).toBeGreaterThan(0);
    expect(report.acked + report.errors).toBe(report.attempted);
    expect(SequenceSet.fromBase64(report.ackedSeqs).count).toBe(report.acked);
    expect(report.firstError).toMatch(/refused/);
  });

  it('stops at once when asked and still reports what it sent', async () => {
    const broker = memoryBroker();
    const stop = new AbortController();
    const setup = setupWith({ workload: { message: 'cpu', rate: 1000 } });
    setTimeout(() => stop.abort(), 150);
    const report = await runGenerator(
      { producerId: 1, connection, topic: 't', setup, window: windowFrom(0, 5_000) },
      { stop: stop.signal, driver: broker.driver },
    );
    expect(report.attempted).toBeGreaterThan(50);
    expect(report.attempted).toBeLessThan(400);
    expect(report.acked).toBe(report.attempted);
  });

  it('at max rate keeps at most its bound of batches unacknowledged while the broker is slow', async () => {
    const broker = memoryBroker();
    let unacknowledged = 0;
    let most = 0;
    // The first acknowledgements wait until the bound is full (or 2 s), so a loaded machine that makes batches slowly
    // still reaches it; after that each takes 20 ms. Without a bound the loop would pile up sends as fast as it can.
    let openGate = () => {};
    const gate = new Promise<void>((resolve) => {
      openGate = resolve;
    });
    const slow: Driver = {
      ...broker.driver,
      producer: async (options) => {
        const producer = await broker.driver.producer(options);
        return {
          send: async (messages) => {
            most = Math.max(most, ++unacknowledged);
            if (unacknowledged >= maxInFlightBatches) openGate();
            await Promise.race([gate, new Promise((resolve) => setTimeout(resolve, 2_000))]);
            await new Promise((resolve) => setTimeout(resolve, 20));
            await producer.send(messages);
            unacknowledged--;
          },
          close: () => producer.close(),
        };
      },
    };
    const setup = setupWith({ workload: { message: 'bytes', messageSize: 100, rate: 'max' } });
    const started = performance.now();
    const report = await runGenerator({ producerId: 1, connection, topic: 't', setup, window: windowFrom(0, 300) }, { driver: slow });
    const elapsedMs = performance.now() - started;
    expect(most).toBe(maxInFlightBatches);
    expect(report.acked).toBe(report.attempted);
    // Bounded by acknowledgements, not by how fast JavaScript can make messages: at most a bound's worth per 20 ms.
    expect(report.attempted).toBeLessThanOrEqual((elapsedMs / 20 + 1) * maxInFlightBatches * maxRateBatch);
  });
});

describe('the processor against an in-memory broker', () => {
  for (const message of ['bytes', 'cpu', 'bus'] as const) {
    it(`receives every ${message} message once, loses none and measures end-to-end latency`, async () => {
      const broker = memoryBroker();
      const setup = setupWith({ workload: { message, rate: 'max', ...(message === 'bytes' ? { messageSize: 64 } : {}) }, serializer: 'protobuf' });
      const window = windowFrom(0, 150);
      const generate = () => runGenerator({ producerId: 2, connection, topic: 't', setup, window }, { driver: broker.driver });
      const { produced: generated, processed } = await processWhile(broker, setup, window, generate, (report) => report.acked);
      expect(processed.unique).toBe(generated.acked);
      expect(processed.duplicates).toBe(0);
      expect(countLost([generated], unionBySender([processed.receivedSeqs]))).toBe(0);
      expect(decodeHistogram(processed.endToEnd).totalCount).toBe(generated.measured.acked);
    });
  }

  it('counts a redelivered message as a duplicate and a skipped one as lost, by sequence number', async () => {
    const broker = memoryBroker({ partitions: 1 });
    const setup = setupWith({ workload: { message: 'bytes', messageSize: 32, rate: 2000 } });
    const window = windowFrom(0, 250);
    const generated = await runGenerator({ producerId: 1, connection, topic: 't', setup, window }, { driver: broker.driver });
    const log = broker.log('t')[0]!;
    log.splice(10, 3);
    log.push(log[0]!, log[1]!);
    const { processed } = await processWhile(
      broker,
      setup,
      window,
      async () => undefined,
      () => generated.acked - 3,
    );
    expect(processed.duplicates).toBe(2);
    expect(processed.unique).toBe(generated.acked - 3);
    expect(countLost([generated], unionBySender([processed.receivedSeqs]))).toBe(3);
  });

  it('refuses a record the harness did not write, naming it', () => {
    expect(() => readRawEnvelope(Buffer.from('not a record the harness wrote'))).toThrow(/not a kafka-lab raw record/);
  });
});

describe('per-batch bookkeeping records what per-message bookkeeping did', () => {
  it('SequenceSet.addRange marks the same numbers as add() one by one', () => {
    const random = seededRandom(17);
    for (let trial = 0; trial < 200; trial++) {
      const ranged = new SequenceSet(1);
      const single = new SequenceSet(1);
      for (let r = 0; r < 5; r++) {
        const first = Math.floor(random() * 300);
        const count = Math.floor(random() * 40);
        ranged.addRange(first, count);
        for (let seq = first; seq < first + count; seq++) single.add(seq);
      }
      expect(ranged.count).toBe(single.count);
      expect(ranged.toBase64()).toBe(single.toBase64());
    }
  });

  it('a run-length recorder gives the histogram that recording each value gives', () => {
    const folded = newLatencyHistogram();
    const plain = newLatencyHistogram();
    const recorder = runLengthRecorder(folded);
    const values = [1.5, 1.5, 1.5, 2, 2, 0.001, 40, 40, 1.5, 3_600_001];
    for (const ms of values) {
      recorder.record(ms);
      recordMs(plain, ms);
    }
    recorder.flush();
    expect(folded.totalCount).toBe(plain.totalCount);
    for (const p of [10, 50, 90, 99, 100]) expect(folded.getValueAtPercentile(p)).toBe(plain.getValueAtPercentile(p));
  });
});
