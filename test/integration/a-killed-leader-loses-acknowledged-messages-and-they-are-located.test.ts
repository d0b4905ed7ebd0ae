import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeRunReport } from '../../harness/report/write-run-report.ts';
import { runInline } from '../support/run-inline-experiment.ts';

describe('a real loss on real brokers', () => {
  // acks=1 acknowledges a message once its leader has written it. Followers that fetch lazily (every 3 s at most,
  // since they wait for 100 MB that never comes) lag their leader by up to 3 s of messages: when the leader is
  // SIGKILLed, the follower that takes over never had them, and the restarted broker truncates them away. Kafka
  // really loses what it acknowledged; no hook in the harness drops anything.
  it('is counted and located: producer, partition, the offsets it was acknowledged at, and its send times against the kill', async () => {
    const { runDir, record } = await runInline(
      'durability-loss',
      [
        'duration: 10s',
        'warmup: 2s',
        'cluster: { provider: local, brokers: 3, controllers: 1, brokerConfig: { replica.fetch.wait.max.ms: 3000, replica.fetch.min.bytes: 100000000 } }',
        'topic: { partitions: 6, replicationFactor: 2 }',
        'workload: { message: cpu, rate: 2000 }',
        // The rdkafka API of @confluentinc/kafka-javascript reports each message's delivery: its partition and offset.
        'producer: { client: confluent-rdkafka, config: { acks: 1, linger.ms: 5 } }',
        'fault: { killBroker: 2, at: 4s, restartAfter: 4s }',
      ].join('\n'),
    );
    const [cell] = record.cells;
    expect(cell!.status, cell!.reason).toBe('completed');
    const killedAt = cell!.fault!.killedAtSecond!;
    expect(cell!.lost).toBeGreaterThan(0);
    const groups = cell!.lossLocation!;
    expect(groups.reduce((sum, group) => sum + group.count, 0)).toBe(cell!.lost);
    for (const group of groups) {
      expect(group.producer).toBe(1);
      expect(group.partition).toBeGreaterThanOrEqual(0);
      expect(group.partition).toBeLessThan(6);
      expect(group.offsets![0]).toBeLessThanOrEqual(group.offsets![1]);
      // Lost messages were written to the leader that died, after its follower's last fetch: sent before the kill
      // (or a little after, while the client still held the old leader's metadata). How long before depends on how
      // far the follower lagged, more than its 3-s fetch wait on a cold, loaded cluster: the cell's start bounds it.
      expect(group.sentSeconds![0]).toBeGreaterThanOrEqual(0);
      expect(group.sentSeconds![1]).toBeLessThan(killedAt + 2);
      // The send times located are the messages' own: at 2,000 msg/s message i is due at i ÷ 2,000 s, and the
      // generator sends on that schedule, so the group's first lost sequence number dates its first send.
      expect(Math.abs(group.sentSeconds![0] - group.seqRuns[0]![0] / 2000)).toBeLessThan(1);
    }
    await writeRunReport(runDir);
    const summary = await readFile(path.join(runDir, 'summary.md'), 'utf8');
    expect(summary).toContain('## Where acknowledged messages were lost');
    expect(summary).toMatch(/producer 1 lost [\d,]+ on partition \d, acknowledged at offsets/);
  }, 240_000);
});
