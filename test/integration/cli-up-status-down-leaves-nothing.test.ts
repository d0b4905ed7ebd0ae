import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { stopRecordedCluster } from '../../harness/cluster/recorded-cluster.ts';
import { isAlive } from '../../harness/util/process-group.ts';
import { cli, stateIn, temporaryHome } from '../support/cli.ts';

let home: string | undefined;
afterEach(async () => {
  // Whatever the test left, stop it: a failing assertion must not leave JVMs behind.
  const state = home ? await stateIn(home) : undefined;
  if (state) await stopRecordedCluster(state);
  home = undefined;
});

describe('npm run cluster -- up / status / down', () => {
  it('starts 3 brokers + 1 controller, refuses a second different cluster, and down leaves no process or dir', async () => {
    home = await temporaryHome();
    const up = await cli(['cluster', 'up', '--brokers', '3', '--controllers', '1', '--provider', 'local'], home);
    expect(up.stderr).toContain('provider: local');
    expect(up.exitCode).toBe(0);
    expect(up.stdout).toMatch(/^bootstrap: 127\.0\.0\.1:\d+,127\.0\.0\.1:\d+,127\.0\.0\.1:\d+$/m);

    const state = (await stateIn(home))!;
    expect(state.status).toBe('ready');
    expect(state.nodes).toHaveLength(4);
    const pids = state.nodes.map((node) => node.pid!);
    expect(pids.every(isAlive)).toBe(true);

    const status = await cli(['cluster', 'status'], home);
    expect(status.exitCode).toBe(0);
    const rows = status.stdout.split('\n').filter((line) => /^\d+\s/.test(line));
    expect(rows).toHaveLength(4);
    expect(rows.every((row) => /\byes\s+yes$/.test(row))).toBe(true);
    expect(rows.map((row) => row.split(/\s+/)[1])).toEqual(['controller', 'broker', 'broker', 'broker']);

    const again = await cli(['cluster', 'up', '--brokers', '3', '--controllers', '1', '--provider', 'local'], home);
    expect(again.exitCode).toBe(0);
    expect(again.stderr).toContain('a cluster is already up');
    const different = await cli(['cluster', 'up', '--provider', 'local'], home);
    expect(different.exitCode).toBe(2);
    expect(different.stderr).toMatch(/Error: a cluster is already up .*run `npm run cluster -- down` first/);

    const down = await cli(['cluster', 'down'], home);
    expect(down.exitCode).toBe(0);
    expect(pids.filter(isAlive)).toEqual([]);
    expect(existsSync(state.clusterDir)).toBe(false);
    expect(await stateIn(home)).toBeUndefined();

    const downAgain = await cli(['cluster', 'down'], home);
    expect(downAgain.exitCode).toBe(0);
    expect(downAgain.stderr).toContain('no cluster is up');
  });
});
