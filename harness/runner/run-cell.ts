import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Admin } from 'kafkajs';
import { currentLag, sampleLag } from '../metrics/lag-sampler.ts';
import { clusterProcesses, sampleResources, type WatchedProcess } from '../metrics/resource-sampler.ts';
import { writeJsonAtomic } from '../util/atomic-write.ts';
import { nowMs } from '../workload/messages/envelope.ts';
import { brokerNodes, hasLocalLogDirs, type Cluster } from '../cluster/types.ts';
import { topicBytesOnDisk } from '../metrics/topic-disk-usage.ts';
import type { Cell, Experiment, Variant } from '../spec/load-experiment.ts';
import type { GeneratorReport, MeasureWindow, ProcessorReport } from '../workload/ipc.ts';
import type { CellResult } from './cell-result.ts';
import { summarizeCell } from './cell-summary.ts';
import { createCellTopics, waitForStableGroup } from './cell-topics.ts';
import { WorkerProcess } from './worker-process.ts';
import { runProducerPerformanceCell } from './run-producer-performance-cell.ts';
import { recoverySeconds, scheduleFault } from './broker-fault.ts';
import { summarizeCpuProfiles } from '../profile/cell-cpu-profiles.ts';
import { collectProfileReports, workerLaunch } from '../profile/worker-profilers.ts';
import { startBrokerRecordings, stopBrokerRecordings, type RecordedBroker } from '../profile/broker-flight-recordings.ts';

/** What a cell needs from the run around it. */
export interface CellContext {
  experiment: Experiment;
  variant: Variant;
  cell: Cell;
  cluster: Cluster;
  admin: Admin;
  runId: string;
  runDir: string;
  databaseUrl?: string;
  signal: AbortSignal;
  /** Aborted by a second interrupt: the drain ends at once. */
  hurry?: AbortSignal;
  onPhase: (phase: string) => void;
  /** Once a second while generating: messages acknowledged in the last second, all generators together. */
  onLive?: (ackedPerSec: number) => void;
  /** Test hook: processors drop every Nth message (see ProcessorConfig.dropEvery). */
  dropEvery?: number;
}

/** Time for forked generators to load and connect before the schedule starts. */
const startLeadMs = 3_000;
/** After the last send: how long processors may go without progress before the drain gives up. */
const drainStallMs = 10_000;
/**
 * The drain's budget: as long as the cell generated, at least 15 s. A pipeline that keeps up drains in about a
 * second; one whose processors fall behind (a slow sink) would need minutes to work off its backlog, which tells
 * nothing more about the cell than its msgs/s already do.
 */
const drainBudgetMs = (experiment: Experiment) => Math.min(90_000, Math.max(15_000, experiment.warmupMs + experiment.durationMs));
/** After an interrupt the user is waiting: a short drain only. */
const interruptedDrainMs = 5_000;

function slug(text: string): string {
  return text.replace(/[^A-Za-z0-9._=-]+/g, '_').slice(0, 80);
}

/** Runs one cell start to finish. Never throws for the cell's own failures: they become a failed result. */
export async function runCell(context: CellContext): Promise<CellResult> {
  const { experiment, variant, cell, cluster, admin, signal } = context;
  const setup = variant.setup;
  const cellName = `${String(cell.index + 1).padStart(3, '0')}-${slug(variant.name)}-r${cell.repetition}`;
  const cellDir = path.join(context.runDir, 'cells', cellName);
  const topic = `kafka-lab-${context.runId}-${cell.index + 1}`;
  const alertsTopic = `${topic}-alerts`;
  const groupId = `${topic}-processors`;
  const result: CellResult = { index: cell.index, variant: variant.name, repetition: cell.repetition, status: 'failed', params: setup, topic, startedAt: new Date().toISOString(), files: { logs: path.join('cells', cellName), histograms: path.join('cells', cellName, 'histograms.json') } };
  const workers: WorkerProcess[] = [];
  const errors: string[] = [];
  const profileDir = path.join(cellDir, 'profiles');
  const recordedBrokers = setup.profile.broker ? brokersToRecord(cluster, errors) : [];
  // Just before the workload starts, so that a broker's flame graph shows the cell's traffic, not its set-up.
  const startRecordings = async () => {
    if (recordedBrokers.length === 0) return;
    await mkdir(profileDir, { recursive: true });
    errors.push(...(await startBrokerRecordings(recordedBrokers)));
  };
  await mkdir(cellDir, { recursive: true });
  try {
    context.onPhase('topics');
    await createCellTopics(admin, setup, topic, setup.processor.task === 'threshold-alert' ? alertsTopic : undefined);
    signal.throwIfAborted();
    if (setup.workload.generator === 'producer-performance') {
      await startRecordings();
      await runProducerPerformanceCell(context, result, cellDir);
      await recordDiskUse(cluster, result, setup.topic.replicationFactor);
      return result;
    }

    context.onPhase('processors');
    // Kafka tools run by processor workers (consumer-performance): their CPU is the processor's.
    const watchedTools: WatchedProcess[] = [];
    const processors = await Promise.all(Array.from({ length: setup.processor.consumers }, async (_, i) => {
      const worker = await WorkerProcess.start(`processor-${i + 1}`, path.join(cellDir, `processor-${i + 1}.log`), await workerLaunch(setup.profile, 'processor', `processor-${i + 1}`, profileDir), setup.workload.cpus);
      workers.push(worker);
      worker.send({ type: 'process', config: { processorId: i + 1, connection: cluster.connection, topic, alertsTopic, groupId, setup, cellDir, table: `cell_${cell.index + 1}`, ...(context.databaseUrl ? { databaseUrl: context.databaseUrl } : {}), ...(context.dropEvery ? { dropEvery: context.dropEvery } : {}) } });
      const { toolPid } = await worker.waitFor('ready', 60_000);
      if (toolPid) watchedTools.push({ name: `${worker.name}-consumer-performance`, role: 'processor', pid: toolPid });
      return worker;
    }));
    if (processors.length) await waitForStableGroup(admin, groupId, processors.length, 60_000);
    signal.throwIfAborted();

    const generators = await Promise.all(Array.from({ length: setup.workload.producers }, async (_, i) => {
      const worker = await WorkerProcess.start(`generator-${i + 1}`, path.join(cellDir, `generator-${i + 1}.log`), await workerLaunch(setup.profile, 'generator', `generator-${i + 1}`, profileDir), setup.workload.cpus);
      workers.push(worker);
      return worker;
    }));
    const startAt = nowMs() + startLeadMs;
    const window: MeasureWindow = { startAt, measureStart: startAt + experiment.warmupMs, measureEnd: startAt + experiment.warmupMs + experiment.durationMs };
    for (const processor of processors) processor.send({ type: 'window', window });
    const watched: WatchedProcess[] = [
      ...generators.map((w) => ({ name: w.name, role: 'generator' as const, pid: w.pid })),
      ...processors.map((w) => ({ name: w.name, role: 'processor' as const, pid: w.pid })),
      ...watchedTools,
      ...clusterProcesses(cluster.nodes),
    ];
    await startRecordings();
    const resources = sampleResources(watched, startAt);
    let finishFault: (() => Promise<void>) | undefined;
    // A producer-only cell has no group whose lag could be read.
    const lag = processors.length ? sampleLag(admin, topic, groupId, startAt) : undefined;
    try {
      const reports = generators.map((worker, i) => {
        worker.send({ type: 'generate', config: { producerId: i + 1, connection: cluster.connection, topic, setup, window } });
        return worker.waitFor('generator-report', startLeadMs + experiment.warmupMs + experiment.durationMs + 120_000);
      });
      const fault = setup.fault ? scheduleFault(cluster, setup.fault, window) : undefined;
      finishFault = fault && (async () => {
        result.fault = await fault.finish();
        if (result.fault.error) errors.push(`fault: ${result.fault.error}`);
      });
      // Ctrl-C while generating: generators stop at once and report what they sent, so the cell keeps it.
      const stopGenerators = () => generators.forEach((worker) => worker.send({ type: 'stop' }));
      signal.addEventListener('abort', stopGenerators, { once: true });
      if (signal.aborted) stopGenerators();
      let lastAcked = 0;
      const live = setInterval(() => {
        const acked = generators.reduce((sum, worker) => sum + worker.latestProgress, 0);
        context.onLive?.(acked - lastAcked);
        lastAcked = acked;
      }, 1000);
      context.onPhase('warm-up');
      await Promise.race([sleep(Math.max(0, window.measureStart - nowMs()), undefined, { signal }).catch(() => {}), Promise.all(reports)]);
      if (!signal.aborted) context.onPhase('measuring');
      const generatorReports: GeneratorReport[] = (await Promise.all(reports).finally(() => clearInterval(live))).map((message) => message.report);
      signal.removeEventListener('abort', stopGenerators);
      const interrupted = signal.aborted;
      const measuredMs = Math.max(0, Math.min(nowMs(), window.measureEnd) - window.measureStart);

      // A broker still down would hold back what the drain waits for, and the next cell needs the whole cluster.
      await finishFault?.();
      finishFault = undefined;
      context.onPhase('draining');
      const acked = generatorReports.reduce((sum, report) => sum + report.acked, 0);
      // Processors that stalled short of every acknowledged message either still have a backlog or never got some
      // messages: a group with nothing left to consume (its commits follow within the 10 s stall) tells them apart.
      // After an interrupt the user is waiting: a live countdown says how long, and that a second Ctrl-C skips it.
      const countdown = interrupted ? (secondsLeft: number) => context.onPhase(`draining: ${secondsLeft} s left (Ctrl-C again to skip)`) : undefined;
      // Processors that only count (bare, consumer-performance) check no loss: nothing to drain for.
      const drained = processors.length === 0 || setup.processor.kind !== 'harness' || (await drain(processors, acked, interrupted ? interruptedDrainMs : drainBudgetMs(experiment), context.hurry, countdown))
        || (!interrupted && (await currentLag(admin, topic, groupId).catch(() => undefined)) === 0);
      const processorReports: ProcessorReport[] = await Promise.all(processors.map(async (worker) => {
        worker.send({ type: 'finish' });
        return (await worker.waitFor('processor-report', 60_000)).report;
      }));
      for (const report of [...generatorReports, ...processorReports]) if (report.firstError) errors.push(report.firstError);
      const summary = summarizeCell({ generators: generatorReports, processors: processorReports, durationMs: interrupted ? Math.max(measuredMs, 1) : experiment.durationMs, fixedRate: setup.workload.rate !== 'max', ...(setup.workload.rate !== 'max' ? { offeredPerSec: setup.workload.rate * setup.workload.producers } : {}) });
      const { histograms, producedPerSecond, consumedPerSecond, ...figures } = summary;
      await writeJsonAtomic(path.join(cellDir, 'histograms.json'), { unit: 'microseconds', encoding: 'HdrHistogram compressed base64 (hdr-histogram-js)', ...histograms });
      const lagSeries = (await lag?.stop()) ?? { second: [], lag: [] };
      Object.assign(result, figures, {
        status: 'completed',
        timeseries: { second: producedPerSecond.map((_, i) => i), producedPerSec: producedPerSecond, consumedPerSec: consumedPerSecond, lag: lagSeries },
      });
      await recordDiskUse(cluster, result, setup.topic.replicationFactor);
      if (result.fault?.killedAtSecond !== undefined) {
        const recovery = recoverySeconds(producedPerSecond, result.fault.killedAtSecond);
        if (recovery !== undefined) result.fault.recoverySeconds = Number.isFinite(recovery) ? recovery : null;
      }
      if (interrupted) markInterrupted(result, measuredMs, drained);
      else if (!drained) {
        // Messages still in the topic are not lost; with a backlog left, loss cannot be told apart from it.
        delete result.lost;
        errors.push(`processors had not caught up ${Math.round(drainBudgetMs(experiment) / 1000)} s after the last send (${acked - processors.reduce((sum, w) => sum + w.latestProgress, 0)} messages behind): loss not assessed`);
      }
    } finally {
      await finishFault?.();
      result.resources = await resources.stop();
      await lag?.stop();
    }
  } catch (error) {
    result.status = signal.aborted ? 'aborted' : 'failed';
    result.reason = signal.aborted ? 'interrupted' : error instanceof Error ? error.message : String(error);
  } finally {
    context.onPhase('teardown');
    if (workers.some((worker) => worker.wrapped)) context.onPhase('profiles');
    await Promise.all(workers.map((worker) => worker.stop()));
    const reports = await collectProfileReports(profileDir, context.runDir);
    if (recordedBrokers.length) {
      const brokers = await stopBrokerRecordings(recordedBrokers, profileDir, context.runDir);
      reports.push(...brokers.reports);
      errors.push(...brokers.errors);
    }
    if (reports.length) result.profileReports = reports;
    if (setup.profile.cpu) {
      result.profiles = await summarizeCpuProfiles(profileDir, context.runDir).catch((error: unknown) => {
        errors.push(`cpu profiles: ${error instanceof Error ? error.message : String(error)}`);
        return [];
      });
    }
    result.endedAt = new Date().toISOString();
    if (errors.length) result.errors = errors;
  }
  return result;
}

/** The topic's bytes on the brokers' disks, where they are on this machine: what compression and batching save. */
async function recordDiskUse(cluster: Cluster, result: CellResult, replicationFactor: number): Promise<void> {
  const acked = result.produced?.acked ?? 0;
  if (!hasLocalLogDirs(cluster) || acked === 0) return;
  const bytes = await topicBytesOnDisk(cluster.logDirs(), result.topic);
  result.disk = { bytes, bytesPerMessage: bytes / acked / replicationFactor };
}

/** The cluster's broker JVMs, when the harness started them (JFR needs their PIDs); else an error says why not. */
function brokersToRecord(cluster: Cluster, errors: string[]): RecordedBroker[] {
  const brokers = brokerNodes(cluster).filter((node) => node.pid).map((node) => ({ id: node.id, pid: node.pid! }));
  if (brokers.length === 0) errors.push(`profile.broker: no broker JVM of this cluster (provider ${cluster.provider}) runs on this machine; nothing recorded`);
  return brokers;
}

/**
 * An interrupted cell keeps what it measured, marked: throughput and latency only when at least a second of
 * the measured phase ran, loss only when the short drain let processors catch up (else it would count
 * messages still in flight as lost).
 */
function markInterrupted(result: CellResult, measuredMs: number, drained: boolean): void {
  result.status = 'aborted';
  const notes = [`interrupted after ${(measuredMs / 1000).toFixed(1)} s of the measured phase; figures cover only that part`];
  if (measuredMs < 1000) {
    delete result.throughput;
    delete result.latency;
    notes.push('too short for throughput or latency');
  }
  if (!drained) {
    delete result.lost;
    notes.push('loss not assessed: processors had not caught up');
  }
  result.reason = notes.join('; ');
}

/**
 * Waits until processors hold every acknowledged message (true), or their progress stalls, or `maxMs` passes, or
 * the user insists on stopping (`hurry`).
 */
async function drain(processors: WorkerProcess[], acked: number, maxMs: number, hurry?: AbortSignal, countdown?: (secondsLeft: number) => void): Promise<boolean> {
  const deadline = Date.now() + maxMs;
  const caughtUp = () => processors.reduce((sum, worker) => sum + worker.latestProgress, 0) >= acked;
  let shown: number | undefined;
  while (Date.now() < deadline && !hurry?.aborted) {
    const secondsLeft = Math.ceil((deadline - Date.now()) / 1000);
    if (countdown && secondsLeft !== shown) countdown((shown = secondsLeft));
    if (caughtUp()) return true;
    if (processors.every((worker) => Date.now() - worker.lastProgressAt > drainStallMs)) return false;
    await sleep(250);
  }
  return caughtUp();
}
