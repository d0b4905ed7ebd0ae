import type { Admin } from 'kafkajs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Setup } from '../experiment-file/experiment-schema.ts';
import { createTopicsWithLeaders } from '../cluster/create-topics.ts';

/** Creates the cell's topic (and alerts topic) as the setup says, waiting for partition leaders. */
export async function createCellTopics(admin: Admin, setup: Setup, topic: string, alertsTopic?: string): Promise<void> {
  const configEntries = Object.entries(setup.topic.config).map(([name, value]) => ({ name, value: String(value) }));
  const topics = [{ topic, numPartitions: setup.topic.partitions, replicationFactor: setup.topic.replicationFactor, configEntries }];
  if (alertsTopic) topics.push({ topic: alertsTopic, numPartitions: 1, replicationFactor: setup.topic.replicationFactor, configEntries: [] });
  await createTopicsWithLeaders(admin, topics);
}

/** Waits until the group is Stable with every processor a member, so no rebalance lands in the measured phase. */
export async function waitForStableGroup(admin: Admin, groupId: string, members: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'unknown';
  while (Date.now() < deadline) {
    const { groups } = await admin.describeGroups([groupId]);
    const group = groups[0];
    if (group && group.state === 'Stable' && group.members.length === members) return;
    last = `${group?.state ?? 'no group'} with ${group?.members.length ?? 0} of ${members} members`;
    await sleep(200);
  }
  throw new Error(`consumer group ${groupId} did not become stable within ${timeoutMs / 1000} s (${last})`);
}
