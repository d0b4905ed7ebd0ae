import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCluster } from '../../harness/cluster/local/local-cluster.ts';
import { startLocalCluster } from '../../harness/cluster/local/local-provider.ts';
import { resolveShape } from '../../harness/cluster/shape.ts';
import { runInline } from '../support/run-inline-experiment.ts';

// A cluster "someone else runs": a local one started here, whose brokers serve the JMX exporter's page, reached only
// through bootstrapServers and the metrics URLs an experiment file would name.
describe('provider external with cluster.metricsUrls', () => {
  let cluster: LocalCluster;
  beforeAll(async () => {
    cluster = await startLocalCluster(resolveShape({}));
  }, 120_000);
  afterAll(async () => {
    await cluster?.stop();
  });

  const external = (metricsUrls: string[]) =>
    [
      'duration: 4s',
      'warmup: 1s',
      `cluster: { provider: external, bootstrapServers: ["${cluster.connection.bootstrapServers.join('","')}"], metricsUrls: ${JSON.stringify(metricsUrls)} }`,
      'workload: { message: cpu, rate: 500 }',
    ].join('\n');

  it("scrapes each broker's named page once a second into the cell's broker metrics", async () => {
    const urls = cluster.nodes.filter((node) => node.roles.includes('broker')).map((node) => node.metricsUrl!);
    expect(urls).toHaveLength(1);
    const { record } = await runInline('external-metrics', external(urls));
    const cell = record.cells[0]!;
    expect(cell.status).toBe('completed');
    expect(cell.brokerMetrics?.map((series) => series.name)).toEqual([`broker-${cluster.nodes[0]!.id}`]);
    const figures = cell.brokerMetrics![0]!.figures;
    expect(figures.length).toBeGreaterThanOrEqual(3);
    expect(Math.max(...figures.map((second) => second.messagesInPerSec ?? 0))).toBeGreaterThan(100);
  }, 180_000);

  it('refuses a list that does not name one page per broker: its cells fail with the fix, nothing is scraped', async () => {
    const { record } = await runInline('external-metrics-miscounted', external(['http://127.0.0.1:1/metrics', 'http://127.0.0.1:2/metrics']));
    expect(record.cells.map((cell) => cell.status)).toEqual(['failed']);
    expect(record.cells[0]!.reason).toMatch(
      /^cluster did not start: cluster\.metricsUrls lists 2 URL\(s\), but the external cluster has 1 broker\(s\) \(ids \d+\)/,
    );
    expect(record.cells[0]!.brokerMetrics).toBeUndefined();
  }, 120_000);
});
