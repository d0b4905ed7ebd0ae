import { readdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startLocalCluster } from '../../harness/cluster/local/local-provider.ts';
import type { LocalCluster } from '../../harness/cluster/local/local-cluster.ts';
import { resolveShape } from '../../harness/cluster/shape.ts';
import { UserError } from '../../harness/errors.ts';
import { clustersDir } from '../../harness/paths.ts';
import { consume, createTopic, numbered, produce } from '../support/kafka-roundtrip.ts';

let cluster: LocalCluster | undefined;
let blocker: Server | undefined;
afterEach(async () => {
  await cluster?.stop();
  cluster = undefined;
  await new Promise((resolve) => (blocker ? blocker.close(resolve) : resolve(undefined)));
  blocker = undefined;
});

function listen(): Promise<number> {
  return new Promise((resolve) => {
    blocker = createServer().listen(0, '127.0.0.1', () => resolve((blocker!.address() as { port: number }).port));
  });
}

describe('ports and versions', () => {
  it('skips a port that is taken and uses the next free one', async () => {
    const taken = await listen();
    cluster = await startLocalCluster(resolveShape({}), { portBase: taken });
    const ports = cluster.nodes.flatMap((node) => [node.port, node.controllerPort]);
    expect(ports).not.toContain(taken);
    expect(ports.every((port) => port! > taken && port! < taken + 1000)).toBe(true);
    await createTopic(cluster.connection, 'ports', { partitions: 1, replicationFactor: 1 });
    await produce(cluster.connection, 'ports', numbered('p', 10), 1);
    expect(new Set(await consume(cluster.connection, 'ports', 10))).toEqual(new Set(numbered('p', 10)));
  });

  it('runs Kafka 3.9.1 too', async () => {
    cluster = await startLocalCluster(resolveShape({ kafkaVersion: '3.9.1' }));
    await createTopic(cluster.connection, 'old', { partitions: 2, replicationFactor: 1 });
    await produce(cluster.connection, 'old', numbered('o', 100), 1);
    expect(new Set(await consume(cluster.connection, 'old', 100))).toEqual(new Set(numbered('o', 100)));
  });

  it('names an unknown Kafka version in a clear error and starts nothing', async () => {
    const before = await readdir(clustersDir).catch(() => []);
    const attempt = startLocalCluster(resolveShape({ kafkaVersion: '9.9.9' }));
    await expect(attempt).rejects.toThrowError(UserError);
    await expect(attempt).rejects.toThrowError(/Kafka version 9\.9\.9 is not on Maven Central/);
    expect(await readdir(clustersDir).catch(() => [])).toEqual(before);
  });

  it('refuses versions older than the provider supports before fetching anything', async () => {
    await expect(startLocalCluster(resolveShape({ kafkaVersion: '2.8.2' }))).rejects.toThrowError(/older than 3\.7\.0/);
  });
});
