import { drivers } from '../drivers/registry.ts';
import { encodeHistogram, newLatencyHistogram, recordMs } from '../metrics/latency-histogram.ts';
import { SequenceSet } from '../metrics/sequence-set.ts';
import { nowMs } from './messages/envelope.ts';
import { valueOf } from './messages/message-types.ts';
import { serializers } from './serializers/registry.ts';
import { sinks } from './sinks/registry.ts';
import { tasks } from './tasks/registry.ts';
import type { ConsumerHandle, OutgoingMessage, ProducerHandle } from '../drivers/driver.ts';
import type { MeasureWindow, ProcessorConfig, ProcessorReport } from './ipc.ts';
import type { SinkRow } from './sinks/sink.ts';

/** A running processor: consume → deserialize → task → sink, measuring as it goes. */
export interface RunningProcessor {
  setWindow(window: MeasureWindow): void;
  finish(): Promise<ProcessorReport>;
}

/** Starts one member of the cell's consumer group. Resolves once its consumer runs. */
export async function startProcessor(config: ProcessorConfig, onProgress: (unique: number) => void): Promise<RunningProcessor> {
  const { setup } = config;
  const driver = drivers[setup.consumer.client ?? setup.producer.client];
  const serializer = serializers[setup.serializer](setup.workload.message);
  const task = tasks[setup.processor.task](setup.processor);
  const sink = await sinks[setup.sink.type]({ cellDir: config.cellDir, processorId: config.processorId, table: config.table, ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}) });
  const counting = setup.sink.type !== 'none';

  const endToEnd = newLatencyHistogram();
  const corrected = newLatencyHistogram();
  const seen = new Map<number, SequenceSet>();
  const consumedPerSecond: number[] = [];
  const measured = { received: 0, bytes: 0 };
  let window: MeasureWindow | undefined;
  let received = 0;
  let unique = 0;
  let duplicates = 0;
  let persisted = 0;
  let firstError: string | undefined;
  let pending: SinkRow[] = [];
  let alertsProducer: ProducerHandle | undefined;
  let alertsPublished = 0;
  const alertSends = new Set<Promise<void>>();

  const persist = async (rows: SinkRow[]) => {
    await sink.write(rows);
    if (counting) persisted += rows.length;
  };

  const publishAlerts = async (alerts: OutgoingMessage[]) => {
    alertsProducer ??= await driver.producer({ connection: config.connection, clientId: `kafka-lab-alerts-${config.processorId}`, topic: config.alertsTopic, config: setup.producer.config });
    const sending = alertsProducer.send(alerts).then(() => {
      alertsPublished += alerts.length;
    }, (error: unknown) => {
      firstError ??= `alerts: ${error instanceof Error ? error.message : String(error)}`;
    }).finally(() => alertSends.delete(sending));
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
      for (const incoming of messages) {
        received++;
        if (config.dropEvery && received % config.dropEvery === 0) continue;
        const now = nowMs();
        const message = serializer.decode(incoming.value);
        const { meta } = message;
        let producerSeqs = seen.get(meta.producerId);
        if (!producerSeqs) seen.set(meta.producerId, (producerSeqs = new SequenceSet()));
        if (!producerSeqs.add(meta.seq)) {
          duplicates++;
          continue;
        }
        unique++;
        if (window) {
          const second = Math.floor((now - window.startAt) / 1000);
          if (second >= 0) consumedPerSecond[second] = (consumedPerSecond[second] ?? 0) + 1;
          if (now >= window.measureStart && now < window.measureEnd) {
            measured.received++;
            measured.bytes += incoming.value.length;
          }
          if (meta.intendedAt >= window.measureStart && meta.intendedAt < window.measureEnd) {
            recordMs(endToEnd, now - meta.sentAt);
            recordMs(corrected, now - meta.intendedAt);
          }
        }
        const key = incoming.key?.toString() ?? '';
        const value = valueOf(setup.workload.message, message);
        const alert = task.process(key, message, value);
        if (alert) alerts.push(alert);
        pending.push({ producerId: meta.producerId, seq: meta.seq, key, sentAt: meta.sentAt, receivedAt: now, value });
        if (pending.length >= setup.sink.batchSize) {
          const batch = pending;
          pending = [];
          await persist(batch);
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
    async finish() {
      await consumer.close().catch(() => {});
      if (pending.length) await persist(pending).catch((error: unknown) => {
        firstError ??= `sink: ${error instanceof Error ? error.message : String(error)}`;
      });
      await Promise.allSettled([...alertSends]);
      await alertsProducer?.close().catch(() => {});
      await sink.close().catch(() => {});
      return {
        processorId: config.processorId,
        received,
        unique,
        duplicates,
        measured,
        endToEnd: encodeHistogram(endToEnd),
        endToEndCorrected: encodeHistogram(corrected),
        receivedSeqs: Object.fromEntries([...seen].map(([producer, seqs]) => [String(producer), seqs.toBase64()])),
        consumedPerSecond: Array.from(consumedPerSecond, (count) => count ?? 0),
        persisted,
        task: { ...task.stats(), ...(alertsProducer ? { alertsPublished } : {}) },
        ...(firstError ? { firstError } : {}),
      };
    },
  };
}
