import { describe, expect, it } from 'vitest';
import { rampLimits } from '../../harness/analysis/ramp-to-limits.ts';
import { runInline } from '../support/run-inline-experiment.ts';

describe("ramps, broker faults and Kafka's ProducerPerformance on real brokers", () => {
  it('a ramp runs one cell per step, names it by rate and judges each against the SLO', async () => {
    const { record } = await runInline(
      'ramp',
      [
        'duration: 3s',
        'warmup: 2s',
        'cluster: { provider: local }',
        'workload: { message: cpu }',
        'ramp: { from: 200, factor: 2, maxSteps: 2, p99Ms: 5000 }',
      ].join('\n'),
    );
    expect(record.status).toBe('completed');
    expect(record.cells.map((cell) => [cell.variant, cell.params.workload.rate, cell.ramp?.sustainable])).toEqual([
      ['base@200', 200, true],
      ['base@400', 400, true],
    ]);
    const [limit] = rampLimits(record);
    expect(limit).toMatchObject({ variant: 'base', maxSustainable: 400, converged: false });
  }, 120_000);

  // Before Kafka 4.2 the tool prints a line per 5 s from its own start, wherever that falls against the phase: the
  // windows that overlap the phase count with their share inside it, so they cover all of it.
  it("ProducerPerformance runs against the cell's topic and its window lines give the records/s over the whole phase", async () => {
    const { record } = await runInline(
      'producer-performance',
      [
        'duration: 12s',
        'warmup: 5s',
        'cluster: { provider: local }',
        'workload: { generator: producer-performance, message: bytes, messageSize: 200, rate: 2000 }',
        'processor: { consumers: 0 }',
      ].join('\n'),
    );
    const [cell] = record.cells;
    expect(cell!.status, cell!.reason).toBe('completed');
    expect(cell!.producerPerformance!.windows.length).toBeGreaterThanOrEqual(3);
    // A 12-s phase and 5-s windows: the old rule used the two windows wholly inside it, 10 s of 12 at best.
    expect(cell!.producerPerformance!.coverage).toBeGreaterThanOrEqual(0.9);
    // Throttled to 2,000 records/s, the tool holds that rate.
    expect(cell!.throughput!.producedPerSec).toBeGreaterThan(1800);
    expect(cell!.throughput!.producedPerSec).toBeLessThan(2200);
    expect(cell!.throughput!.consumedPerSec).toBeUndefined();
    expect(cell!.lost).toBeUndefined();
  }, 120_000);

  it('kills a broker mid-cell and restarts it: with RF 3 and min.insync.replicas 2 nothing acknowledged is lost', async () => {
    const { record } = await runInline(
      'fault',
      [
        'duration: 14s',
        'warmup: 2s',
        'cluster: { provider: local, brokers: 3, controllers: 1 }',
        'topic: { partitions: 3, replicationFactor: 3, config: { min.insync.replicas: 2 } }',
        // librdkafka, not kafkajs: it grows batches while requests wait for replication, so it keeps the rate.
        'workload: { message: cpu, rate: 500 }',
        'producer: { client: confluent, config: { acks: all } }',
        'fault: { killBroker: 2, at: 3s, restartAfter: 5s }',
      ].join('\n'),
    );
    const [cell] = record.cells;
    expect(cell!.status, cell!.reason).toBe('completed');
    expect(cell!.fault).toMatchObject({ broker: 2 });
    expect(cell!.fault!.error).toBeUndefined();
    expect(cell!.fault!.restartedAtSecond! - cell!.fault!.killedAtSecond!).toBeGreaterThanOrEqual(5);
    expect(cell!.fault!.recoverySeconds).toBeGreaterThanOrEqual(0);
    expect(cell!.produced!.acked).toBeGreaterThan(5000);
    expect(cell!.lost).toBe(0);
    // Each broker's own metrics, scraped through the JMX exporter agent: all three took writes, acks=all waited on
    // followers (remote time), and the killed broker's page did not answer while it was down.
    const brokers = cell!.brokerMetrics!;
    expect(brokers.map((broker) => broker.name)).toEqual(['broker-1', 'broker-2', 'broker-3']);
    for (const broker of brokers) {
      expect(broker.figures.length, broker.name).toBeGreaterThan(5);
      expect(Math.max(...broker.figures.map((f) => f.messagesInPerSec ?? 0)), broker.name).toBeGreaterThan(0);
    }
    expect(brokers[1]!.failedScrapes).toBeGreaterThan(0);
    expect(Math.max(...brokers.flatMap((broker) => broker.figures.map((f) => f.produceRemoteP99Ms ?? 0)))).toBeGreaterThan(0);
  }, 240_000);
});
