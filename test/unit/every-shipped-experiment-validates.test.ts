import { describe, expect, it } from 'vitest';
import { listExperimentNames, loadExperiment } from '../../harness/spec/load-experiment.ts';
import { estimateSeconds } from '../../harness/spec/plan-estimate.ts';
import { cli, temporaryHome } from '../support/cli.ts';

describe('experiments/', () => {
  const suite = ['quickstart', 'serializers', 'persistence-batching', 'csv-vs-db', 'partitions', 'replication-factor', 'brokers', 'clients', 'compression', 'limits', 'baseline', 'broker-failure', 'aa-check'];

  it('ships the suite', async () => {
    expect(await listExperimentNames()).toEqual([...suite].sort());
  });

  // baseline measures the instrument itself against Kafka's tools, both sides, two record sizes: a reference run,
  // not one to repeat while trying settings.
  const budgetMinutes: Record<string, number> = { baseline: 30 };

  it.each(suite)('%s validates, says what it asks, and plans within its budget (10 minutes unless named)', async (name) => {
    const experiment = await loadExperiment(name);
    expect(experiment.cells.length).toBeGreaterThan(0);
    expect(experiment.description).not.toBe('');
    expect(estimateSeconds(experiment)).toBeLessThan((budgetMinutes[name] ?? 10) * 60);
  });

  it.each(suite)('%s passes --dry-run', async (name) => {
    const plan = await cli(['experiment', name, '--dry-run'], await temporaryHome());
    expect(plan.exitCode, plan.stderr).toBe(0);
    expect(plan.stdout).toMatch(/^estimated duration: ~\d/m);
  });

  it('--dry-run prints the plan and starts nothing; a bad --set fails with exit code 2', async () => {
    const home = await temporaryHome();
    const plan = await cli(['experiment', 'quickstart', '--dry-run'], home);
    expect(plan.exitCode).toBe(0);
    expect(plan.stdout).toMatch(/^runs: 2 variant\(s\) × 2 repetition\(s\) = 4 cells/m);
    expect(plan.stdout).toMatch(/^estimated duration: ~\d/m);
    expect(plan.stdout).toMatch(/^protobuf\s+serializer=protobuf$/m);
    const bad = await cli(['experiment', 'quickstart', '--dry-run', '--set', 'topic.replicationFactor=2'], home);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('Error: experiments/quickstart.yaml:10: topic.replicationFactor: 2 exceeds cluster.brokers: 1 (lower it or add brokers)');
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });
});
