import { readFile, rm } from 'node:fs/promises';
import { clusterStateFile } from '../paths.ts';
import { writeJsonAtomic } from '../util/atomic-write.ts';
import type { ComposeClusterRecord } from './compose/compose-provider.ts';
import type { LocalClusterRecord } from './local/local-cluster.ts';
import type { ClusterShape, NodeInfo } from './types.ts';

/** An external cluster as recorded: where it is, never how to log in. */
export interface ExternalClusterRecord {
  provider: 'external';
  kafkaVersion: string;
  bootstrapServers: string[];
  nodes: NodeInfo[];
}

/** The CLI's memory of the cluster it brought up, so `status` and `down` work from another process. */
export type ClusterState = (LocalClusterRecord | ComposeClusterRecord | ExternalClusterRecord) & {
  shape: ClusterShape;
  status: 'starting' | 'ready';
  startedAt: string;
};

export async function readClusterState(file = clusterStateFile): Promise<ClusterState | undefined> {
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  return text === undefined ? undefined : (JSON.parse(text) as ClusterState);
}

export async function writeClusterState(state: ClusterState, file = clusterStateFile): Promise<void> {
  await writeJsonAtomic(file, state);
}

export async function removeClusterState(file = clusterStateFile): Promise<void> {
  await rm(file, { force: true });
}

export type LocalClusterState = Extract<ClusterState, { provider: 'local' }>;
