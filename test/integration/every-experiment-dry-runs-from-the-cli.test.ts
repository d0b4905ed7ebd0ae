import { describe, expect, it } from 'vitest';
import { listExperimentNames } from '../../harness/experiment-file/load-experiment.ts';
import { cli, temporaryHome } from '../support/cli.ts';

describe('kafka-lab experiment --dry-run', async () => {
  const suite = await listExperimentNames();

  it.each(suite)('%s passes --dry-run', async (name) => {
    const plan = await cli(['experiment', name, '--dry-run'], await temporaryHome());
    expect(plan.exitCode, plan.stderr).toBe(0);
    expect(plan.stdout).toMatch(/^estimated duration: ~\d/m);
  });

  it('--dry-run prints the plan and starts nothing; a bad --set fails with exit code 2', async () => {
    const home = await temporaryHome();
    const plan = await cli(['experiment', 'quickstart', '--dry-run'], home);
    expect(plan.exitCode).toBe(0);
    expect(plan.stdout).toMatch(/^runs: 2 variant\(s\) × 3 repetition\(s\) = 6 cells/m);
    expect(plan.stdout).toMatch(/^order: each round shuffled, seed \d+$/m);
    expect(plan.stdout).toMatch(/^estimated duration: ~\d/m);
    expect(plan.stdout).toMatch(/^protobuf\s+serializer=protobuf$/m);
    const bad = await cli(['experiment', 'quickstart', '--dry-run', '--set', 'topic.replicationFactor=2'], home);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('Error: experiments/quickstart.yaml:14: topic.replicationFactor: 2 exceeds cluster.brokers: 1 (lower it or add brokers)');
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });
});
