import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { nowMs } from '../../util/clock.ts';
import { measuredRate, type ProducerPerformanceRun, reportingIntervalMs, startProducerPerformance } from '../../workload/producer-performance.ts';
import type { CellLoad } from './cell-load.ts';
import type { CellPlan } from './cell-plan.ts';

/** The JVM needs a moment before its first record; the cell's clock starts when the tool does. */
const settleMs = 1_000;
/** A window line arrives just after its window ends: how long past it to wait for the one covering the phase's end. */
const lineDelayMs = 1_500;

/**
 * Kafka's ProducerPerformance as the generator (workload.generator: producer-performance): no processors. The tool
 * starts with the cell's schedule, so it warms up for the same `warmup` as the harness's generators, and runs until
 * a window line covers the measured phase's end; its window lines overlapping the phase give its records/s
 * (measuredRate: pro-rated at the edges, with the share of the phase they cover).
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
      const phaseEndSecond = (experiment.warmupMs + experiment.durationMs) / 1000;
      const giveUpAt = startAt + experiment.warmupMs + experiment.durationMs + reportingIntervalMs(setup.cluster.kafkaVersion) + lineDelayMs;
      await sleep(Math.max(0, startAt + experiment.warmupMs + experiment.durationMs - nowMs()), undefined, { signal }).catch(() => {});
      while (!signal.aborted && nowMs() < giveUpAt && !(tool?.windowsSoFar().some((w) => w.endSecond >= phaseEndSecond) ?? true)) {
        await sleep(100, undefined, { signal }).catch(() => {});
      }
      const all = await stopTool();
      await generatorsDone();
      const fromSecond = experiment.warmupMs / 1000;
      const measured = measuredRate(all, fromSecond, fromSecond + experiment.durationMs / 1000);
      const producerPerformance = { windows: all, ...(measured ? { coverage: measured.coverage } : {}) };
      const outcome = { measuredMs: experiment.durationMs, interrupted: signal.aborted, drained: true, errors: [] };
      if (signal.aborted) return { ...outcome, figures: { producerPerformance }, reason: 'interrupted' };
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
