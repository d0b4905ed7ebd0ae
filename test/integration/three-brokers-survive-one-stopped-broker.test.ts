import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { startLocalCluster } from '../../harness/cluster/local/local-provider.ts';
import type { LocalCluster } from '../../harness/cluster/local/local-cluster.ts';
import { resolveShape } from '../../harness/cluster/shape.ts';
import { brokerNodes, canControlNodes } from '../../harness/cluster/types.ts';
import { isAlive } from '../../harness/util/process-group.ts';
import { consume, createTopic, isrSizes, numbered, produce } from '../support/kafka-roundtrip.ts';

let cluster: LocalCluster | undefined;
afterEach(async () => {
  await cluster?.stop();
  cluster = undefined;
});

async function waitForIsr(topic: string, size: number, timeoutMs = 60_000): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  let sizes: number[] = [];
  while (Date.now() < deadline) {
    // While leadership moves, a broker may briefly answer that it does not host a partition: ask again.
    sizes = await isrSizes(cluster!.connection, topic).catch(() => sizes);
    if (sizes.length > 0 && sizes.every((s) => s === size)) return sizes;
    await sleep(500);
  }
  return sizes;
}

describe('3 brokers + 1 controller', () => {
  it('keeps serving acks=all with min.insync.replicas=2 while one broker is stopped', async () => {
    cluster = await startLocalCluster(resolveShape({ brokers: 3, controllers: 1 }));
    expect(canControlNodes(cluster)).toBe(true);
    expect(brokerNodes(cluster).map((node) => node.id)).toEqual([1, 2, 3]);
    expect(cluster.connection.bootstrapServers).toHaveLength(3);

    await createTopic(cluster.connection, 'replicated', { partitions: 3, replicationFactor: 3, config: { 'min.insync.replicas': '2' } });
    expect(await waitForIsr('replicated', 3)).toEqual([3, 3, 3]);

    const before = numbered('before', 300);
    await produce(cluster.connection, 'replicated', before);
    const stoppedPid = brokerNodes(cluster)[1]!.pid!;
    await cluster.stopNode(2);
    expect(isAlive(stoppedPid)).toBe(false);
    expect(await waitForIsr('replicated', 2)).toEqual([2, 2, 2]);

    const during = numbered('during', 300);
    await produce(cluster.connection, 'replicated', during);
    const received = await consume(cluster.connection, 'replicated', before.length + during.length);
    expect(new Set(received)).toEqual(new Set([...before, ...during]));

    await cluster.restartNode(2);
    expect(await waitForIsr('replicated', 3)).toEqual([3, 3, 3]);

    const pids = cluster.nodes.map((node) => node.pid!);
    const dir = cluster.clusterDir;
    await cluster.stop();
    cluster = undefined;
    expect(pids.filter(isAlive)).toEqual([]);
    expect(existsSync(dir)).toBe(false);
  });
});
