import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { stopRecordedCluster } from '../../harness/cluster/recorded-cluster.ts';
import type { LocalClusterState } from '../../harness/cluster/state-file.ts';
import { repoRoot } from '../../harness/paths.ts';
import { isAlive, killProcessGroup, waitForExit } from '../../harness/util/process-group.ts';
import { cli, stateIn, temporaryHome } from '../support/cli.ts';

let home: string | undefined;
const strayPids: number[] = [];
afterEach(async () => {
  const state = home ? await stateIn(home) : undefined;
  if (state) await stopRecordedCluster(state);
  for (const pid of strayPids.splice(0)) await killProcessGroup(pid);
  home = undefined;
});

/** Polls the state file until `up` has launched at least one JVM; bounded by `timeoutMs`. */
async function waitForLaunchedNode(dir: string, timeoutMs = 60_000): Promise<LocalClusterState> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const state = await stateIn(dir);
    if (state?.nodes.length) return state;
    await sleep(50);
  }
  throw new Error('up never recorded a launched node');
}

describe('no JVM outlives an interrupted or crashed harness', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)('%s during `cluster up` stops every node it launched and removes its dir', async (signal) => {
    home = await temporaryHome();
    const up = cli(['cluster', 'up', '--brokers', '2', '--provider', 'local'], home);
    const state = await waitForLaunchedNode(home);
    expect(state.status).toBe('starting');
    up.kill(signal);
    const result = await up;
    expect(result.exitCode).toBe(130);
    expect(result.stderr).toContain('Interrupted');
    // Every node launched up to the signal was recorded; none may still run.
    const final = (await stateIn(home)) ?? state;
    expect(final.nodes.map((node) => node.pid!).filter(isAlive)).toEqual([]);
    expect(state.nodes.map((node) => node.pid!).filter(isAlive)).toEqual([]);
    expect(await stateIn(home)).toBeUndefined();
    expect(existsSync(state.clusterDir)).toBe(false);
  });

  it('after `cluster up` is SIGKILLed mid-start, `cluster down` stops what it had launched', async () => {
    home = await temporaryHome();
    const up = cli(['cluster', 'up', '--brokers', '3', '--controllers', '1', '--provider', 'local'], home);
    await waitForLaunchedNode(home);
    up.kill('SIGKILL');
    await up;
    const state = (await stateIn(home))!;
    const pids = state.nodes.map((node) => node.pid!);
    expect(pids.length).toBeGreaterThan(0);
    const down = await cli(['cluster', 'down'], home);
    expect(down.exitCode).toBe(0);
    expect(pids.filter(isAlive)).toEqual([]);
    expect(existsSync(state.clusterDir)).toBe(false);
  });

  it('a library user killed with SIGKILL takes its JVMs with it', async () => {
    const script = path.join(repoRoot, 'test', 'support', 'start-cluster-then-wait.ts');
    const child = execa(process.execPath, ['--import', 'tsx', script], { cwd: repoRoot, reject: false, buffer: false });
    const line = await new Promise<string>((resolve, reject) => {
      child.stdout!.once('data', (chunk: Buffer) => resolve(chunk.toString()));
      child.once('exit', () => reject(new Error('the script exited before its cluster was ready')));
    });
    const { pids, dir } = JSON.parse(line) as { pids: number[]; dir: string };
    strayPids.push(...pids);
    expect(pids.every(isAlive)).toBe(true);
    child.kill('SIGKILL');
    await child;
    for (const pid of pids) expect(await waitForExit(pid, 30_000)).toBe(true);
    // The dead process could not clean up its dir; the JVMs are gone, which is what matters here.
    await rm(dir, { recursive: true, force: true });
  });
});
