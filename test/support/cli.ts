import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { repoRoot } from '../../harness/paths.ts';
import type { LocalClusterState } from '../../harness/cluster/state-file.ts';

const bin = path.join(repoRoot, 'bin', 'kafka-lab.mjs');

/** A throwaway KAFKA_LAB_HOME, so a test's cluster record never touches the developer's own. */
export async function temporaryHome(): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), 'kafka-lab-home-'));
}

export function cli(args: string[], home: string): ResultPromise<{ reject: false; env: Record<string, string> }> {
  return execa(process.execPath, [bin, ...args], { reject: false, env: { KAFKA_LAB_HOME: home } });
}

/** The cluster record `up` wrote under `home`; these tests only ever start local clusters. */
export async function stateIn(home: string): Promise<LocalClusterState | undefined> {
  const text = await readFile(path.join(home, 'cluster.json'), 'utf8').catch(() => undefined);
  if (!text) return undefined;
  const state = JSON.parse(text) as LocalClusterState;
  if (state.provider !== 'local') throw new Error(`expected a local cluster record, found ${state.provider}`);
  return state;
}
