import { randomUUID } from 'node:crypto';
import { kafkajsFor } from '../../harness/drivers/kafkajs/connect.ts';
import { createTopicsWithLeaders } from '../../harness/cluster/create-topics.ts';
import type { KafkaConnection } from '../../harness/drivers/connection.ts';

export async function createTopic(
  connection: KafkaConnection,
  topic: string,
  options: { partitions: number; replicationFactor: number; config?: Record<string, string> },
): Promise<void> {
  const admin = kafkajsFor(connection, 'test-admin').admin();
  await admin.connect();
  try {
    await createTopicsWithLeaders(admin, [
      {
        topic,
        numPartitions: options.partitions,
        replicationFactor: options.replicationFactor,
        configEntries: Object.entries(options.config ?? {}).map(([name, value]) => ({ name, value })),
      },
    ]);
  } finally {
    await admin.disconnect();
  }
}

/** In-sync replica count per partition of a topic. */
export async function isrSizes(connection: KafkaConnection, topic: string): Promise<number[]> {
  const admin = kafkajsFor(connection, 'test-admin').admin();
  await admin.connect();
  try {
    const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
    return metadata.topics[0]!.partitions.sort((a, b) => a.partitionId - b.partitionId).map((partition) => partition.isr.length);
  } finally {
    await admin.disconnect();
  }
}

/** Sends `values` with the given acks, in batches, each send awaited so a failure fails the test. */
export async function produce(connection: KafkaConnection, topic: string, values: string[], acks = -1): Promise<void> {
  const producer = kafkajsFor(connection, 'test-producer').producer({ allowAutoTopicCreation: false });
  await producer.connect();
  try {
    for (let i = 0; i < values.length; i += 100) {
      await producer.send({ topic, acks, messages: values.slice(i, i + 100).map((value, j) => ({ key: String((i + j) % 10), value })) });
    }
  } finally {
    await producer.disconnect();
  }
}

/**
 * Reads the topic from the beginning until `expected` distinct messages arrived or `timeoutMs` passed.
 * Consumption is at least once (a rebalance right after joining may deliver a batch again), so callers
 * compare sets; every value received is returned.
 */
export async function consume(connection: KafkaConnection, topic: string, expected: number, timeoutMs = 60_000): Promise<string[]> {
  const consumer = kafkajsFor(connection, 'test-consumer').consumer({ groupId: `test-${randomUUID()}` });
  const values: string[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`consumed ${values.length} of ${expected} within ${timeoutMs} ms`)), timeoutMs);
      consumer
        .run({
          eachBatch: async ({ batch }) => {
            for (const message of batch.messages) values.push(message.value?.toString() ?? '');
            if (new Set(values).size >= expected) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return values;
}

export function numbered(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}-${i}`);
}
