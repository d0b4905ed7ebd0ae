import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { currentLag } from '../../metrics/lag-sampler.ts';
import type { WatchedProcess } from '../../metrics/resource-sampler.ts';
import { workerLaunch } from '../../profile/worker-profilers.ts';
import { writeJsonAtomic } from '../../util/atomic-write.ts';
import { nowMs } from '../../util/clock.ts';
import type { GeneratorReport, MeasureWindow, ProcessorReport } from '../../workload/ipc.ts';
import { countLost, heldCount, summarizeCell, unionBySender } from '../cell-summary.ts';
import { waitForStableGroup } from '../cell-topics.ts';
import { WorkerProcess } from '../worker-process.ts';
import type { CellLoad, LoadOutcome } from './cell-load.ts';
import type { CellPlan } from './cell-plan.ts';
import { drain, drainBudgetMs, interruptedDrainMs } from './drain.ts';

/** Time for forked generators to load and connect before the schedule starts. */
const startLeadMs = 3_000;

/**
 * The harness's own workers (workload.generator harness or bare): processors in one consumer group, then
 * generators on a shared schedule; after the last send a drain until processors hold every acknowledged message.
 */
export function workerLoad(plan: CellPlan): CellLoad {
  const { context, setup } = plan;
  const { experiment, cluster, admin, signal } = context;
  const workers: WorkerProcess[] = [];
  let processors: WorkerProcess[] = [];
  let generators: WorkerProcess[] = [];
  // Kafka tools run by processor workers (consumer-performance): their CPU is the processor's.
  const tools: WatchedProcess[] = [];
  let window: MeasureWindow | undefined;

  const spawn = async (role: 'generator' | 'processor', index: number) => {
    const name = `${role}-${index + 1}`;
    const worker = await WorkerProcess.start(
      name,
      path.join(plan.dir, `${name}.log`),
      await workerLaunch(setup.profile, role, name, plan.profileDir),
      setup.workload.cpus,
    );
    workers.push(worker);
    return worker;
  };

  return {
    leadMs: startLeadMs,
    get profiled() {
      return workers.some((worker) => worker.wrapped);
    },

    async prepare() {
      context.onPhase('processors');
      const sinkServer = context.sinkServers?.[setup.sink.type];
      processors = await Promise.all(
        Array.from({ length: setup.processor.consumers }, async (_, i) => {
          const worker = await spawn('processor', i);
          worker.send({
            type: 'process',
            config: {
              processorId: i + 1,
              connection: cluster.connection,
              topic: plan.topic,
              alertsTopic: plan.alertsTopic,
              groupId: plan.groupId,
              setup,
              cellDir: plan.dir,
              table: plan.table,
              ...(sinkServer ? { sinkServer } : {}),
            },
          });
          const { toolPid } = await worker.waitFor('ready', 60_000);
          if (toolPid) tools.push({ name: `${worker.name}-consumer-performance`, role: 'processor', pid: toolPid });
          return worker;
        }),
      );
      if (processors.length) await waitForStableGroup(admin, plan.groupId, processors.length, 60_000);
      signal.throwIfAborted();
      generators = await Promise.all(Array.from({ length: setup.workload.producers }, (_, i) => spawn('generator', i)));
    },

    async start(schedule) {
      window = schedule;
      for (const processor of processors) processor.send({ type: 'window', window });
      return {
        processes: [
          ...generators.map((w) => ({ name: w.name, role: 'generator' as const, pid: w.pid })),
          ...processors.map((w) => ({ name: w.name, role: 'processor' as const, pid: w.pid })),
          ...tools,
        ],
        ...(processors.length ? { groupId: plan.groupId } : {}),
      };
    },

    async run(generatorsDone) {
      const measured = window!;
      const reports = generators.map((worker, i) => {
        worker.send({ type: 'generate', config: { producerId: i + 1, connection: cluster.connection, topic: plan.topic, setup, window: measured } });
        return worker.waitFor('generator-report', startLeadMs + experiment.warmupMs + experiment.durationMs + 120_000);
      });
      // Ctrl-C while generating: generators stop at once and report what they sent, so the cell keeps it.
      const stopGenerators = () => {
        for (const worker of generators) worker.send({ type: 'stop' });
      };
      signal.addEventListener('abort', stopGenerators, { once: true });
      if (signal.aborted) stopGenerators();
      let lastAcked = 0;
      let lastProcessed = 0;
      const live = setInterval(() => {
        const acked = generators.reduce((sum, worker) => sum + worker.latestProgress, 0);
        const processed = processors.reduce((sum, worker) => sum + worker.latestProgress, 0);
        const p99s = processors.map((worker) => worker.latestP99Ms).filter((p99): p99 is number => p99 !== undefined);
        context.onLive?.({
          ackedPerSec: acked - lastAcked,
          ...(processors.length ? { processedPerSec: processed - lastProcessed } : {}),
          ...(p99s.length ? { p99Ms: Math.max(...p99s) } : {}),
        });
        lastAcked = acked;
        lastProcessed = processed;
      }, 1000);
      context.onPhase('warm-up');
      await Promise.race([sleep(Math.max(0, measured.measureStart - nowMs()), undefined, { signal }).catch(() => {}), Promise.all(reports)]);
      if (!signal.aborted) context.onPhase('measuring');
      const generatorReports: GeneratorReport[] = (await Promise.all(reports).finally(() => clearInterval(live))).map((message) => message.report);
      signal.removeEventListener('abort', stopGenerators);
      const interrupted = signal.aborted;
      const measuredMs = Math.max(0, Math.min(nowMs(), measured.measureEnd) - measured.measureStart);
      await generatorsDone();

      context.onPhase('draining');
      const acked = generatorReports.reduce((sum, report) => sum + report.acked, 0);
      const errors: string[] = [];
      const drained = await drainProcessors(acked, interrupted, generatorReports);
      const processorReports: ProcessorReport[] = await Promise.all(
        processors.map(async (worker) => {
          worker.send({ type: 'finish' });
          return (await worker.waitFor('processor-report', 60_000)).report;
        }),
      );
      for (const report of [...generatorReports, ...processorReports]) if (report.firstError) errors.push(report.firstError);
      if (!drained && !interrupted) {
        errors.push(
          `processors had not caught up ${Math.round(drainBudgetMs(experiment) / 1000)} s after the last send (${acked - processors.reduce((sum, w) => sum + w.latestProgress, 0)} messages behind): loss not assessed`,
        );
      }
      const fixedRate = setup.workload.rate !== 'max';
      const summary = summarizeCell({
        generators: generatorReports,
        processors: processorReports,
        durationMs: interrupted ? Math.max(measuredMs, 1) : experiment.durationMs,
        fixedRate,
        ...(setup.workload.rate !== 'max' ? { offeredPerSec: setup.workload.rate * setup.workload.producers } : {}),
      });
      const { histograms, producedPerSecond, consumedPerSecond, ...figures } = summary;
      await writeJsonAtomic(path.join(plan.dir, 'histograms.json'), {
        unit: 'microseconds',
        encoding: 'HdrHistogram compressed base64 (hdr-histogram-js)',
        ...histograms,
      });
      const timeseries = {
        second: producedPerSecond.map((_, i) => i),
        producedPerSec: producedPerSecond,
        consumedPerSec: consumedPerSecond,
        lag: { second: [], lag: [] },
      };
      return { figures: { ...figures, timeseries }, measuredMs, interrupted, drained, errors } satisfies LoadOutcome;
    },

    async stop() {
      await Promise.all(workers.map((worker) => worker.stop()));
    },
  };

  /**
   * Processors that stalled short of every acknowledged message either still have a backlog or never got some
   * messages: a group with nothing left to consume (its commits follow within the stall) tells them apart. After
   * an interrupt the user is waiting: a live countdown says how long, and that a second Ctrl-C skips it.
   * Processors that only count (bare, consumer-performance) check no loss: nothing to drain for.
   */
  async function drainProcessors(acked: number, interrupted: boolean, generatorReports: GeneratorReport[]): Promise<boolean> {
    if (processors.length === 0 || setup.processor.kind !== 'harness') return true;
    const countdown = interrupted ? (secondsLeft: number) => context.onPhase(`draining: ${secondsLeft} s left (Ctrl-C again to skip)`) : undefined;
    // A processor that cannot answer (it failed) is reported by its finish; here the counts decide, as before.
    const holdsEveryAcked = async () => {
      const held = await Promise.all(
        processors.map(async (worker) => {
          const answer = worker.waitFor('sequences', 30_000);
          worker.send({ type: 'sequences' });
          return (await answer).receivedSeqs;
        }),
      );
      const union = unionBySender(held);
      const counted = processors.reduce((total, worker) => total + worker.latestProgress, 0);
      return { done: countLost(generatorReports, union) === 0, overlap: Math.max(0, counted - heldCount(union)) };
    };
    const holdsEveryAckedOrCounts = () => holdsEveryAcked().catch(() => ({ done: true, overlap: 0 }));
    const caughtUp = await drain(processors, acked, {
      holdsEveryAcked: holdsEveryAckedOrCounts,
      maxMs: interrupted ? interruptedDrainMs : drainBudgetMs(experiment),
      ...(context.hurry ? { hurry: context.hurry } : {}),
      ...(countdown ? { countdown } : {}),
    });
    return caughtUp || (!interrupted && (await currentLag(admin, plan.topic, plan.groupId).catch(() => undefined)) === 0);
  }
}
