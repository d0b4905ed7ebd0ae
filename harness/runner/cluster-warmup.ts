import type { Admin } from 'kafkajs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Cluster } from '../cluster/types.ts';
import { kafkajsFor } from '../drivers/kafkajs/connect.ts';
import type { Setup } from '../experiment-file/experiment-schema.ts';
import { errorMessage } from '../util/error-message.ts';
import { createCellTopics } from './cell-topics.ts';
import { acksOf } from '../drivers/client-properties.ts';
import { makeMessage } from '../messages/make-message.ts';
import { serializers } from '../serializers/registry.ts';
import { seededRandom } from '../util/seeded-random.ts';

/** What a warm-up burst did, for the progress line. */
export interface WarmupOutcome {
  produced: number;
  consumed: number;
  error?: string;
}

/** Records per send and sends in flight: enough to keep the brokers' produce and fetch paths busy from one process. */
const batchRecords = 500;
const sendsInFlight = 4;
/** How long the consumer may take to read what was sent once sending stops. */
const catchUpMs = 5_000;

/**
 * A produce/consume burst through a freshly started cluster before its first measured cell, on a throwaway topic of
 * the first cell's layout (partitions, replication factor), with the first cell's own message (its kind and
 * serializer, so its size and compressibility) and acks, at its offered rate (as fast as it goes at rate: max). A new
 * cluster pays once for things no later cell pays for — the brokers' JIT compiling the produce, fetch and
 * replication paths at the sizes the run will send, the creation of `__consumer_offsets` on the first group, cold
 * page cache — and without this the first cell carried it (its p99 16× the other repetitions' in one run). Never
 * fails the run: a burst that fails says why and the run goes on.
 */
export async function warmUpCluster(cluster: Cluster, admin: Admin, setup: Setup, runId: string, ms: number, signal: AbortSignal): Promise<WarmupOutcome> {
  const topic = `kafka-lab-warmup-${runId}`;
  const kafka = kafkajsFor(cluster.connection, 'kafka-lab-warmup');
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  const consumer = kafka.consumer({ groupId: topic, allowAutoTopicCreation: false });
  const outcome: WarmupOutcome = { produced: 0, consumed: 0 };
  try {
    await createCellTopics(admin, setup, topic);
    await Promise.all([producer.connect(), consumer.connect()]);
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachBatch: async ({ batch }) => {
        outcome.consumed += batch.messages.length;
      },
    });
    const encode = serializers[setup.serializer](setup.workload.message);
    const random = seededRandom(1);
    const messages = Array.from({ length: batchRecords }, (_, i) => {
      const now = Date.now();
      const message = makeMessage(
        setup.workload.message,
        i % setup.workload.keys,
        { producerId: 0, seq: i, sentAt: now, intendedAt: now },
        random,
        setup.workload.messageSize,
      );
      return { key: String(i % setup.workload.keys), value: encode.encode(message) };
    });
    const acks = acksOf(setup.producer.config);
    const started = Date.now();
    const until = started + ms;
    // At a fixed rate, no faster than the cells will send: a batch may leave once the schedule has reached it.
    const perMs = setup.workload.rate === 'max' ? undefined : setup.workload.rate / 1000;
    const sender = async () => {
      while (Date.now() < until && !signal.aborted) {
        if (perMs !== undefined && outcome.produced >= (Date.now() - started) * perMs) {
          await sleep(Math.max(1, Math.ceil((outcome.produced - (Date.now() - started) * perMs) / perMs)));
          continue;
        }
        outcome.produced += messages.length;
        await producer.send({ topic, acks, messages });
      }
    };
    await Promise.all(Array.from({ length: sendsInFlight }, sender));
    const caughtUpBy = Date.now() + catchUpMs;
    while (outcome.consumed < outcome.produced && Date.now() < caughtUpBy && !signal.aborted) await sleep(100);
  } catch (error) {
    outcome.error = errorMessage(error);
  } finally {
    await Promise.allSettled([producer.disconnect(), consumer.disconnect()]);
    await admin.deleteTopics({ topics: [topic] }).catch(() => {});
    await admin.deleteGroups([topic]).catch(() => {});
  }
  return outcome;
}
