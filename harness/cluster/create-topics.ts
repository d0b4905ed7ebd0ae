import { setTimeout as sleep } from 'node:timers/promises';
import type { Admin, ITopicConfig } from 'kafkajs';
import { EnvironmentError } from '../errors.ts';
import { errorMessage } from '../util/error-message.ts';

/**
 * Creates topics and waits until every partition has a leader. kafkajs' own `waitForLeaders` gives up on
 * "This server does not host this topic-partition", which a multi-broker cluster answers while the new
 * topic's metadata is still spreading; here that answer just means "ask again".
 */
export async function createTopicsWithLeaders(admin: Admin, topics: ITopicConfig[], timeoutMs = 60_000): Promise<void> {
  await admin.createTopics({ topics, waitForLeaders: false, timeout: timeoutMs });
  const names = topics.map((topic) => topic.topic);
  const deadline = Date.now() + timeoutMs;
  let last = 'no metadata yet';
  while (Date.now() < deadline) {
    try {
      const { topics: found } = await admin.fetchTopicMetadata({ topics: names });
      const missing = found.filter((topic) => topic.partitions.length === 0 || topic.partitions.some((partition) => partition.leader < 0));
      if (found.length === names.length && missing.length === 0) return;
      last = `no leader yet for ${missing.map((topic) => topic.name).join(', ')}`;
    } catch (error) {
      last = errorMessage(error);
    }
    await sleep(200);
  }
  throw new EnvironmentError(`topics ${names.join(', ')} had no leaders within ${timeoutMs / 1000} s (${last})`, 'see the broker logs in the cluster dir');
}
