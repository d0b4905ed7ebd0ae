import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { claimClusterDir, removeDeadClusterDirs } from '../../harness/cluster/local/dead-cluster-dirs.ts';
import { markCrashedRuns } from '../../harness/runner/crashed-runs.ts';

/** The PID of a process that has exited (and been reaped). */
const deadPid = () => spawnSync(process.execPath, ['-e', '0']).pid!;

async function runFolder(root: string, name: string, record: object): Promise<string> {
  const dir = path.join(root, 'exp', name);
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'run.json'), JSON.stringify(record));
  return dir;
}

describe('what a killed runner leaves behind', () => {
  it('marks a run left running by a dead process crashed, and leaves live, finished and foreign runs alone', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'kafka-lab-crashed-'));
    const dead = await runFolder(root, 'dead', { status: 'running', runnerPid: deadPid(), cells: [] });
    const live = await runFolder(root, 'live', { status: 'running', runnerPid: process.pid, cells: [] });
    const done = await runFolder(root, 'done', { status: 'completed', runnerPid: deadPid(), cells: [] });
    const old = await runFolder(root, 'old', { status: 'running', cells: [] });
    await runFolder(root, 'corrupt', {}).then((dir) => writeFile(path.join(dir, 'run.json'), '{"status": "runn'));
    expect(await markCrashedRuns(root)).toEqual([dead]);
    const status = async (dir: string) => (JSON.parse(await readFile(path.join(dir, 'run.json'), 'utf8')) as { status: string }).status;
    expect(await status(dead)).toBe('crashed');
    expect(await status(live)).toBe('running');
    expect(await status(done)).toBe('completed');
    expect(await status(old)).toBe('running');
  });

  it('removes the cluster dirs of dead owners only, never a live, unclaimed or kept one', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'kafka-lab-clusters-'));
    const dir = async (name: string, owner?: number) => {
      const full = path.join(root, name);
      await mkdir(full);
      if (owner !== undefined) await claimClusterDir(full, owner);
      return full;
    };
    const dead = await dir('dead', deadPid());
    const live = await dir('live', process.pid);
    const unclaimed = await dir('unclaimed');
    const kept = await dir('kept', deadPid());
    expect(await removeDeadClusterDirs([kept], root)).toEqual([dead]);
    expect([dead, live, unclaimed, kept].map(existsSync)).toEqual([false, true, true, true]);
  });
});
