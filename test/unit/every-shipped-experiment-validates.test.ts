import { describe, expect, it } from 'vitest';
import { listExperimentNames, loadExperiment } from '../../harness/experiment-file/load-experiment.ts';
import { estimateSeconds } from '../../harness/experiment-file/plan-estimate.ts';

/** Every experiment shipped in experiments/, by name. */
const suite = [
  'quickstart',
  'serializers',
  'persistence-batching',
  'csv-vs-db',
  'partitions',
  'replication-factor',
  'brokers',
  'clients',
  'compression',
  'limits',
  'baseline',
  'broker-failure',
  'durability',
  'aa-check',
  'noise-floor',
];

describe('experiments/', () => {
  it('ships the suite', async () => {
    expect(await listExperimentNames()).toEqual([...suite].sort());
  });

  // baseline measures the instrument itself against Kafka's tools, both sides, two record sizes, and noise-floor the
  // spread of its repetitions with cells long enough to average: reference runs, not ones to repeat while trying settings.
  const budgetMinutes: Record<string, number> = { baseline: 30, 'noise-floor': 15 };

  it.each(suite)('%s validates, says what it asks, and plans within its budget (10 minutes unless named)', async (name) => {
    const experiment = await loadExperiment(name);
    expect(experiment.cells.length).toBeGreaterThan(0);
    expect(experiment.description).not.toBe('');
    expect(estimateSeconds(experiment)).toBeLessThan((budgetMinutes[name] ?? 10) * 60);
  });
});

describe('test/fixtures/questions/', () => {
  it.each(['linger-on-three-brokers', 'processor-client'])('%s validates and plans 4 repetitions of each variant', async (name) => {
    const experiment = await loadExperiment(`test/fixtures/questions/${name}.yaml`);
    expect(experiment.repetitions).toBe(4);
    expect(experiment.description).not.toBe('');
    expect(estimateSeconds(experiment)).toBeLessThan(10 * 60);
  });
});
