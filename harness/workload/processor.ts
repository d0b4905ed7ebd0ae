import { parseDuration } from '../experiment-file/duration.ts';
import { drivers } from '../drivers/registry.ts';
import { consumerClientOf } from '../experiment-file/consumer-client.ts';
import { encodeHistogram, newLatencyHistogram, p99SinceLastRead, runLengthRecorder } from '../metrics/latency-histogram.ts';
import { SequenceSet } from '../metrics/sequence-set.ts';
import { nowMs } from '../util/clock.ts';
import { numericValueOf } from '../messages/message-types.ts';
import { rawEnvelopeBytes, readRawEnvelope } from '../messages/raw-record.ts';
import { serializers } from '../serializers/registry.ts';
import { sinks } from '../sinks/registry.ts';
import { tasks } from '../tasks/registry.ts';
import type { ConsumerHandle, Driver, OutgoingMessage, ProducerHandle } from '../drivers/driver.ts';
import type { MeasureWindow, ProcessorConfig, ProcessorReport } from './ipc.ts';
import type { SinkRow } from '../sinks/sink.ts';
import { errorMessage } from '../util/error-message.ts';

/**
 * Test hook: with KAFKA_LAB_TEST_DROP_EVERY=N in its environment a processor ignores every Nth message as if it never
 * arrived, so a test can prove on a real cluster that the loss check fails when it should.
 */
const dropEvery = Number(process.env.KAFKA_LAB_TEST_DROP_EVERY) || 0;

/** A running processor: consume → deserialize → task → sink, measuring as it goes. */
export interface RunningProcessor {
  setWindow(window: MeasureWindow): void;
  finish(): Promise<ProcessorReport>;
  /** Stops what it started outside this process at once (a Kafka tool), when the worker exits without finishing. */
  abandon?(): void;
  /** The Kafka tool it runs (consumer-performance), for the runner's resource sampler. */
  toolPid?: number;
  /** The sequence numbers it holds now, by producer (processors that read them): what the drain unites. */
  receivedSeqs?(): Record<string, string>;
  /** End-to-end p99 in ms of what it measured since the previous call, for the live progress line. */
  recentP99Ms?(): number | undefined;
}

/** Starts one member of the cell's consumer group. Resolves once its consumer runs. */
export async function startProcessor(
  config: ProcessorConfig,
  onProgress: (unique: number) => void,
  driver: Driver = drivers[consumerClientOf(config.setup)],
): Promise<RunningProcessor> {
  const { setup } = config;
  const serializer = serializers[setup.serializer](setup.workload.message);
  const task = tasks[setup.processor.task]({ windowMs: parseDuration(setup.processor.window)!, alertThreshold: setup.processor.alertThreshold });
  const sink = await sinks[setup.sink.type].open({
    cellDir: config.cellDir,
    processorId: config.processorId,
    table: config.table,
    ...(config.sinkServer ? { server: config.sinkServer } : {}),
  });
  const counting = setup.sink.type !== 'none';

  const kind = setup.workload.message;
  const endToEndHistogram = newLatencyHistogram();
  const correctedHistogram = newLatencyHistogram();
  const endToEnd = runLengthRecorder(endToEndHistogram);
  const corrected = runLengthRecorder(correctedHistogram);
  const seen = new Map<number, SequenceSet>();
  // What it held when the measured window ended: the messages it consumed inside the window (see docs/measurement.md).
  let seenAtWindowEnd: Map<number, SequenceSet> | undefined;
  const snapshotAtWindowEnd = (now: number) => {
    if (seenAtWindowEnd || !window || now < window.measureEnd) return;
    seenAtWindowEnd = new Map([...seen].map(([producer, seqs]) => [producer, seqs.clone()]));
  };
  const encodeSeqs = (sets: Map<number, SequenceSet>) => Object.fromEntries([...sets].map(([producer, seqs]) => [String(producer), seqs.toBase64()]));
  let lastProducerId = -1;
  let producerSeqs: SequenceSet | undefined;
  // A raw bytes record is read for its envelope only, unless a task or a sink wants the message itself.
  const usesMessage = counting || setup.processor.task !== 'passthrough';
  const open =
    kind === 'bytes'
      ? (value: Buffer) => {
          const meta = readRawEnvelope(value);
          return { meta, message: usesMessage ? { meta, payload: value.subarray(rawEnvelopeBytes) } : undefined };
        }
      : (value: Buffer) => {
          const message = serializer.decode(value);
          return { meta: message.meta, message };
        };
  const windowTiming = (now: number) => ({
    second: window ? Math.floor((now - window.startAt) / 1000) : -1,
    inMeasuredPhase: window !== undefined && now >= window.measureStart && now < window.measureEnd,
  });
  const consumedPerSecond: number[] = [];
  const measured = { received: 0, bytes: 0 };
  let window: MeasureWindow | undefined;
  let received = 0;
  let unique = 0;
  let duplicates = 0;
  let persisted = 0;
  /** Rows whose write completed inside the measured window: the sink's rate over the same window as msgs/s. */
  let persistedMeasured = 0;
  let firstError: string | undefined;
  let pending: SinkRow[] = [];
  let alertsProducer: ProducerHandle | undefined;
  let alertsPublished = 0;
  const alertSends = new Set<Promise<void>>();

  const persist = async (rows: SinkRow[]) => {
    await sink.write(rows);
    if (!counting) return;
    persisted += rows.length;
    if (windowTiming(nowMs()).inMeasuredPhase) persistedMeasured += rows.length;
  };

  const publishAlerts = async (alerts: OutgoingMessage[]) => {
    alertsProducer ??= await driver.producer({
      connection: config.connection,
      clientId: `kafka-lab-alerts-${config.processorId}`,
      topic: config.alertsTopic,
      partitions: 1,
      config: setup.producer.config,
    });
    const sending = alertsProducer
      .send(alerts)
      .then(
        () => {
          alertsPublished += alerts.length;
        },
        (error: unknown) => {
          firstError ??= `alerts: ${errorMessage(error)}`;
        },
      )
      .finally(() => alertSends.delete(sending));
    alertSends.add(sending);
  };

  const consumer: ConsumerHandle = await driver.consumer({
    connection: config.connection,
    clientId: `kafka-lab-processor-${config.processorId}`,
    groupId: config.groupId,
    topic: config.topic,
    config: setup.consumer.config,
    onBatch: async (messages) => {
      const alerts: OutgoingMessage[] = [];
      // One clock reading per batch (the messages arrived together), read again after a sink write waited.
      let now = nowMs();
      let timing = windowTiming(now);
      snapshotAtWindowEnd(now);
      for (const incoming of messages) {
        received++;
        if (dropEvery && received % dropEvery === 0) continue;
        const { meta, message } = open(incoming.value);
        if (meta.producerId !== lastProducerId) {
          lastProducerId = meta.producerId;
          producerSeqs = seen.get(meta.producerId) ?? seen.set(meta.producerId, new SequenceSet()).get(meta.producerId)!;
        }
        if (!producerSeqs!.add(meta.seq)) {
          duplicates++;
          continue;
        }
        unique++;
        if (timing.second >= 0) consumedPerSecond[timing.second] = (consumedPerSecond[timing.second] ?? 0) + 1;
        if (timing.inMeasuredPhase) {
          measured.received++;
          measured.bytes += incoming.value.length;
        }
        if (window && meta.intendedAt >= window.measureStart && meta.intendedAt < window.measureEnd) {
          endToEnd.record(now - meta.sentAt);
          corrected.record(now - meta.intendedAt);
        }
        if (!usesMessage) continue;
        const key = incoming.key?.toString() ?? '';
        const value = numericValueOf(kind, message!);
        const alert = task.process(key, message!, value);
        if (alert) alerts.push(alert);
        if (!counting) continue;
        pending.push({ producerId: meta.producerId, seq: meta.seq, key, sentAt: meta.sentAt, receivedAt: now, value });
        if (pending.length >= setup.sink.batchSize) {
          const batch = pending;
          pending = [];
          await persist(batch);
          now = nowMs();
          timing = windowTiming(now);
          snapshotAtWindowEnd(now);
        }
      }
      if (alerts.length) await publishAlerts(alerts);
      onProgress(unique);
    },
  });

  return {
    setWindow(next) {
      window = next;
    },
    // The live view's p99 is the summary's: from the intended send time at a fixed rate.
    recentP99Ms: setup.workload.rate === 'max' ? p99SinceLastRead(endToEndHistogram, endToEnd.flush) : p99SinceLastRead(correctedHistogram, corrected.flush),
    receivedSeqs: () => encodeSeqs(seen),
    async finish() {
      await consumer.close().catch(() => {});
      // After the consumer stopped: no batch can record into a run that is not flushed.
      endToEnd.flush();
      corrected.flush();
      if (pending.length)
        await persist(pending).catch((error: unknown) => {
          firstError ??= `sink: ${errorMessage(error)}`;
        });
      await Promise.allSettled([...alertSends]);
      await alertsProducer?.close().catch(() => {});
      await sink.close().catch(() => {});
      return {
        processorId: config.processorId,
        sequenced: true,
        received,
        unique,
        duplicates,
        measured,
        endToEnd: encodeHistogram(endToEndHistogram),
        endToEndCorrected: encodeHistogram(correctedHistogram),
        receivedSeqs: encodeSeqs(seen),
        // No batch after the window's end (or an interrupt before it): what it holds now is what it held then.
        receivedInWindowSeqs: encodeSeqs(seenAtWindowEnd ?? seen),
        consumedPerSecond: Array.from(consumedPerSecond, (count) => count ?? 0),
        persisted,
        persistedMeasured,
        task: { ...task.stats(), ...(alertsProducer ? { alertsPublished } : {}) },
        ...(firstError ? { firstError } : {}),
      };
    },
  };
}
