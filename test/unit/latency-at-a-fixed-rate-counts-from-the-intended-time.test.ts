import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cellLatency, cellServiceLatency, latencyFromIntended } from '../../harness/analysis/cell-metrics.ts';
import { summarizeVariants } from '../../harness/analysis/run-to-summary.ts';
import { verdicts } from '../../harness/analysis/verdicts.ts';
import { memoryBroker } from '../../harness/drivers/memory/memory-driver.ts';
import { deepMerge } from '../../harness/experiment-file/deep-merge.ts';
import { setupDefaults } from '../../harness/experiment-file/defaults.ts';
import type { Setup } from '../../harness/experiment-file/experiment-schema.ts';
import type { CompletedCell } from '../../harness/results/cell-result.ts';
import type { RunRecord } from '../../harness/results/run-record.ts';
import { summarizeCell } from '../../harness/runner/cell-summary.ts';
import { nowMs } from '../../harness/util/clock.ts';
import { runGenerator } from '../../harness/workload/generator.ts';
import type { MeasureWindow } from '../../harness/workload/ipc.ts';
import { startProcessor } from '../../harness/workload/processor.ts';

const connection = { bootstrapServers: ['memory'] };
const setupWith = (overrides: object) => deepMerge(setupDefaults, overrides) as Setup;
const fixture = JSON.parse(readFileSync(path.join(import.meta.dirname, '../fixtures/runs/quickstart/run.json'), 'utf8')) as RunRecord;

/**
 * One fixed-rate cell on the in-memory broker whose sender blocks for `stallMs` once, in the middle of the measured
 * window (a full client queue): the messages scheduled during the stall go out late, in a burst, and each is
 * acknowledged and processed at once after it. From the actual send they look fast; from the schedule they waited.
 */
async function stalledCell(stallMs: number, producers = false): Promise<CompletedCell> {
  const rate = 2000;
  const broker = memoryBroker({ partitions: 1, stallOnce: { afterMessages: 900, ms: stallMs } });
  const setup = setupWith({ workload: { message: 'bytes', messageSize: 64, rate } });
  const startAt = nowMs() + 30;
  const window: MeasureWindow = { startAt, measureStart: startAt + 200, measureEnd: startAt + 1000 };
  const config = { processorId: 1, connection, topic: 't', alertsTopic: 't-alerts', groupId: 'g', setup, cellDir: '/nonexistent', table: 't' };
  const processor = producers ? undefined : await startProcessor(config, () => {}, broker.driver);
  processor?.setWindow(window);
  const generated = await runGenerator({ producerId: 1, connection, topic: 't', setup, window }, { driver: broker.driver });
  await new Promise((resolve) => setTimeout(resolve, 100));
  const processed = processor ? [await processor.finish()] : [];
  const { histograms, producedPerSecond, consumedPerSecond, ...figures } = summarizeCell({
    generators: [generated],
    processors: processed,
    durationMs: 800,
    fixedRate: true,
    offeredPerSec: rate,
  });
  const template = fixture.cells[0] as CompletedCell;
  return {
    ...template,
    ...figures,
    status: 'completed',
    produced: figures.produced!,
    throughput: figures.throughput!,
    timeseries: { second: [0], producedPerSec: producedPerSecond, consumedPerSec: consumedPerSecond, lag: { second: [], lag: [] } },
  };
}

describe('latency at a fixed rate', () => {
  it('is read from the intended send time when the sender stalls: the stall counts for every message behind it', async () => {
    const cell = await stalledCell(400);
    const headline = cellLatency(cell)!;
    const service = cellServiceLatency(cell)!;
    expect(latencyFromIntended(cell)).toBe(true);
    // 800 messages were due during the 400-ms stall, a quarter of the window's 1,600: the p99 waited most of it.
    expect(headline.p99).toBeGreaterThan(250);
    expect(headline.max).toBeGreaterThan(350);
    // From the actual send most were fast: the figure the summary showed before. (Batches already in flight when the
    // sender blocked wait too, so the service time's own tail depends on the machine: its median does not.)
    expect(service.p50).toBeLessThan(100);
    expect(headline.p99).toBeGreaterThan(service.p99);
  });

  it('is what the summary, the verdicts and thresholds read, with the service time beside it', async () => {
    const stalled = await stalledCell(400);
    const steady = await stalledCell(0);
    const record: RunRecord = {
      ...fixture,
      ramp: undefined,
      adaptive: undefined,
      baseline: 'steady',
      cells: [
        ...[1, 2, 3, 4].map((repetition) => ({ ...steady, variant: 'steady', repetition })),
        ...[1, 2, 3, 4].map((repetition) => ({ ...stalled, variant: 'stalled', repetition })),
      ],
    } as RunRecord;
    const [steadyRow, stalledRow] = summarizeVariants(record);
    expect(stalledRow!.latencyFromIntended).toBe(true);
    expect(stalledRow!.figures['latency.p99']).toBe(cellLatency(stalled)!.p99);
    expect(stalledRow!.figures['latency.service.p99']).toBe(cellServiceLatency(stalled)!.p99);
    expect(stalledRow!.figures['latency.p99']!).toBeGreaterThan(stalledRow!.figures['latency.service.p99']!);
    const latencyVerdict = verdicts(record).find((verdict) => verdict.metric === 'p99 latency' && verdict.variant === 'stalled')!;
    expect(latencyVerdict.ratio!).toBeCloseTo(stalledRow!.figures['latency.p99']! / steadyRow!.figures['latency.p99']!, 6);
  });

  it('without processors, counts send → acknowledgement from the intended time too', async () => {
    const cell = await stalledCell(400, true);
    expect(cell.latency?.endToEnd).toBeUndefined();
    expect(cellLatency(cell)!.p99).toBeGreaterThan(250);
    expect(cellServiceLatency(cell)!.p50).toBeLessThan(100);
  });
});
