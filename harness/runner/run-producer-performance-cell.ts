import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { clusterProcesses, sampleResources } from '../metrics/resource-sampler.ts';
import { nowMs } from '../workload/messages/envelope.ts';
import { measuredRate, startProducerPerformance } from '../workload/producer-performance.ts';
import type { CellResult } from './cell-result.ts';
import type { CellContext } from './run-cell.ts';

/** The JVM needs a moment before its first record; the cell's clock starts when the tool does. */
const settleMs = 1_000;

/**
 * A cell whose generator is Kafka's ProducerPerformance (workload.generator: producer-performance): no processors,
 * the tool's 5-second window lines inside the measured phase give its records/s. Fills `result` in place.
 */
export async function runProducerPerformanceCell(context: CellContext, result: CellResult, cellDir: string): Promise<void> {
  const { experiment, variant, cluster, signal } = context;
  const setup = variant.setup;
  const startAt = nowMs() + settleMs;
  const tool = await startProducerPerformance({
    kafkaVersion: setup.cluster.kafkaVersion, connection: cluster.connection, topic: result.topic,
    recordSize: setup.workload.messageSize ?? 1024, rate: setup.workload.rate, config: setup.producer.config,
    startAt, logFile: path.join(cellDir, 'producer-performance.log'), ...(setup.workload.cpus ? { cpus: setup.workload.cpus } : {}),
  });
  const resources = sampleResources([{ name: 'producer-performance', role: 'generator', pid: tool.pid }, ...clusterProcesses(cluster.nodes)], startAt);
  try {
    context.onPhase('warm-up');
    await sleep(Math.max(0, startAt + experiment.warmupMs - nowMs()), undefined, { signal }).catch(() => {});
    if (!signal.aborted) context.onPhase('measuring');
    // One window line more than the measured phase needs: the last window ends just after it.
    await sleep(Math.max(0, startAt + experiment.warmupMs + experiment.durationMs + 1_500 - nowMs()), undefined, { signal }).catch(() => {});
  } finally {
    result.resources = await resources.stop();
  }
  const windows = await tool.stop();
  const fromSecond = experiment.warmupMs / 1000;
  const measured = measuredRate(windows, fromSecond, fromSecond + experiment.durationMs / 1000);
  result.producerPerformance = { windows };
  if (signal.aborted) {
    result.status = 'aborted';
    result.reason = 'interrupted';
    return;
  }
  if (!measured) {
    result.reason = `ProducerPerformance printed no window inside the measured phase (${windows.length} in all); see producer-performance.log`;
    return;
  }
  const acked = windows.reduce((sum, w) => sum + w.records, 0);
  Object.assign(result, {
    status: 'completed',
    produced: { attempted: acked, acked, errors: 0 },
    throughput: { producedPerSec: measured.recordsPerSec, mbPerSec: measured.mbPerSec },
    timeseries: {
      second: windows.map((w) => w.endSecond), producedPerSec: windows.map((w) => w.recordsPerSec), consumedPerSec: [], lag: { second: [], lag: [] },
    },
  });
}
