import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { nowMs } from '../../util/clock.ts';
import { measuredRate, startProducerPerformance, type ProducerPerformanceRun } from '../../workload/producer-performance.ts';
import type { CellLoad } from './cell-load.ts';
import type { CellPlan } from './cell-plan.ts';

/** The JVM needs a moment before its first record; the cell's clock starts when the tool does. */
const settleMs = 1_000;
/** One window line more than the measured phase needs: the last window ends just after it. */
const lastWindowMs = 1_500;

/**
 * Kafka's ProducerPerformance as the generator (workload.generator: producer-performance): no processors; the
 * tool's 5-second window lines inside the measured phase give its records/s.
 */
export function producerPerformanceLoad(plan: CellPlan): CellLoad {
  const { context, setup } = plan;
  const { experiment, cluster, signal } = context;
  let tool: ProducerPerformanceRun | undefined;
  let windows: Awaited<ReturnType<ProducerPerformanceRun['stop']>> | undefined;
  let startAt = 0;
  const stopTool = async () => (windows ??= (await tool?.stop()) ?? []);

  return {
    leadMs: settleMs,
    profiled: false,
    async prepare() {},

    async start(window) {
      startAt = window.startAt;
      tool = await startProducerPerformance({
        kafkaVersion: setup.cluster.kafkaVersion,
        connection: cluster.connection,
        topic: plan.topic,
        recordSize: setup.workload.messageSize ?? 1024,
        rate: setup.workload.rate,
        config: setup.producer.config,
        startAt,
        logFile: path.join(plan.dir, 'producer-performance.log'),
        ...(setup.workload.cpus ? { cpus: setup.workload.cpus } : {}),
      });
      return { processes: [{ name: 'producer-performance', role: 'generator', pid: tool.pid }] };
    },

    async run(generatorsDone) {
      context.onPhase('warm-up');
      await sleep(Math.max(0, startAt + experiment.warmupMs - nowMs()), undefined, { signal }).catch(() => {});
      if (!signal.aborted) context.onPhase('measuring');
      await sleep(Math.max(0, startAt + experiment.warmupMs + experiment.durationMs + lastWindowMs - nowMs()), undefined, { signal }).catch(() => {});
      const all = await stopTool();
      await generatorsDone();
      const producerPerformance = { windows: all };
      const outcome = { measuredMs: experiment.durationMs, interrupted: signal.aborted, drained: true, errors: [] };
      if (signal.aborted) return { ...outcome, figures: { producerPerformance }, reason: 'interrupted' };
      const fromSecond = experiment.warmupMs / 1000;
      const measured = measuredRate(all, fromSecond, fromSecond + experiment.durationMs / 1000);
      if (!measured) {
        return {
          ...outcome,
          figures: { producerPerformance },
          reason: `ProducerPerformance printed no window inside the measured phase (${all.length} in all); see producer-performance.log`,
        };
      }
      const acked = all.reduce((sum, w) => sum + w.records, 0);
      return {
        ...outcome,
        figures: {
          producerPerformance,
          produced: { attempted: acked, acked, errors: 0 },
          throughput: { producedPerSec: measured.recordsPerSec, mbPerSec: measured.mbPerSec },
          timeseries: {
            second: all.map((w) => w.endSecond),
            producedPerSec: all.map((w) => w.recordsPerSec),
            consumedPerSec: [],
            lag: { second: [], lag: [] },
          },
        },
      };
    },

    async stop() {
      await stopTool();
    },
  };
}
