import { setTimeout as sleep } from 'node:timers/promises';
import { EnvironmentError } from '../errors.ts';
import { kafkajsFor } from '../drivers/kafkajs/connect.ts';
import type { KafkaConnection } from '../drivers/connection.ts';

/** What one broker said when asked for cluster metadata. */
interface BrokerAnswer {
  address: string;
  brokerIds: number[];
}

async function askBroker(connection: KafkaConnection, address: string): Promise<BrokerAnswer> {
  const kafka = kafkajsFor({ ...connection, bootstrapServers: [address] }, 'kafka-lab-readiness', {
    connectionTimeout: 1_000,
    requestTimeout: 2_000,
    retry: { retries: 0 },
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    return { address, brokerIds: cluster.brokers.map((broker) => broker.nodeId).sort((a, b) => a - b) };
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

/**
 * Waits until every broker address answers a metadata request and each lists all `brokerCount`
 * brokers as registered. Only then can a topic with RF = brokerCount be created.
 */
export async function waitForBrokers(options: {
  connection: KafkaConnection;
  brokerAddresses: string[];
  brokerCount: number;
  timeoutMs: number;
  signal?: AbortSignal;
}): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  let lastProblem = 'no answer yet';
  while (Date.now() < deadline) {
    options.signal?.throwIfAborted();
    const answers = await Promise.allSettled(options.brokerAddresses.map((address) => askBroker(options.connection, address)));
    const problems = answers.flatMap((answer, i) => {
      const address = options.brokerAddresses[i];
      if (answer.status === 'rejected') return [`${address}: ${(answer.reason as Error).message}`];
      const seen = answer.value.brokerIds.length;
      return seen === options.brokerCount ? [] : [`${address} sees ${seen} of ${options.brokerCount} brokers`];
    });
    if (problems.length === 0) return;
    lastProblem = problems.join('; ');
    await sleep(250);
  }
  throw new EnvironmentError(
    `the cluster's brokers were not all registered within ${Math.round(options.timeoutMs / 1000)} s (${lastProblem})`,
    'see the node logs in the cluster dir',
  );
}
