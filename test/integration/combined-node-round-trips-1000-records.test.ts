import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { startLocalCluster } from '../../harness/cluster/local/local-provider.ts';
import type { LocalCluster } from '../../harness/cluster/local/local-cluster.ts';
import { resolveShape } from '../../harness/cluster/shape.ts';
import { isAlive } from '../../harness/util/process-group.ts';
import { consume, createTopic, numbered, produce } from '../support/kafka-roundtrip.ts';

let cluster: LocalCluster | undefined;
afterEach(async () => {
  await cluster?.stop();
  cluster = undefined;
});

describe('one combined node (Kafka 4.1.1)', () => {
  it('creates a topic, round-trips 1,000 records with kafkajs, and stops without leftovers', async () => {
    cluster = await startLocalCluster(resolveShape({}));
    expect(cluster.nodes).toHaveLength(1);
    expect(cluster.nodes[0]!.roles).toEqual(['broker', 'controller']);
    expect(cluster.connection.bootstrapServers).toEqual([expect.stringMatching(/^127\.0\.0\.1:\d+$/)]);

    await createTopic(cluster.connection, 'roundtrip', { partitions: 3, replicationFactor: 1 });
    const sent = numbered('record', 1000);
    await produce(cluster.connection, 'roundtrip', sent, 1);
    const received = await consume(cluster.connection, 'roundtrip', sent.length);
    expect(new Set(received).size).toBe(1000);
    expect(new Set(received)).toEqual(new Set(sent));

    const pid = cluster.nodes[0]!.pid!;
    const dir = cluster.clusterDir;
    await cluster.stop();
    cluster = undefined;
    expect(isAlive(pid)).toBe(false);
    expect(existsSync(dir)).toBe(false);
  });
});
