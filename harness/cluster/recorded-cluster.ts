import { rm } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { commandLineOf, isAlive, processesMentioning, stopProcessGroup } from '../util/process-group.ts';
import { composeCommand } from './compose/docker.ts';
import { ComposeCluster } from './compose/compose-provider.ts';
import { stopGraceMs, stopNodesInOrder } from './local/local-cluster.ts';
import type { ClusterState } from './state-file.ts';
import type { NodeInfo } from './types.ts';

/** One node of a recorded cluster as `status` shows it. */
export interface NodeStatus {
  node: NodeInfo;
  /** The recorded process still runs (and is the same JVM, not a reused PID). Undefined where there is no PID. */
  alive?: boolean;
  /** Its port accepts a TCP connection. */
  answers: boolean;
}

/** Whether the recorded PID is still our JVM: a PID can be reused by an unrelated process. */
export function isRecordedNodeAlive(node: { pid: number; propertiesFile: string }): boolean {
  return isAlive(node.pid) && (commandLineOf(node.pid) ?? '').includes(node.propertiesFile);
}

function portAnswers(host: string, port: number, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port, timeout: timeoutMs });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('timeout', () => done(false));
    socket.once('error', () => done(false));
  });
}

export async function nodeStatuses(state: ClusterState): Promise<NodeStatus[]> {
  const answers = (node: NodeInfo) => (node.host === '127.0.0.1' ? portAnswers(node.host, node.port) : Promise.resolve(false));
  if (state.provider === 'local') {
    return Promise.all(state.nodes.map(async (node) => ({ node, alive: isRecordedNodeAlive(node), answers: await answers(node) })));
  }
  return Promise.all(state.nodes.map(async (node) => ({ node, answers: await answers(node) })));
}

/** True when any recorded local node still runs; compose and external clusters count as up while recorded. */
export function isAnyNodeUp(state: ClusterState): boolean {
  if (state.provider !== 'local') return true;
  return state.nodes.some((node) => isRecordedNodeAlive(node));
}

/** Stops what the record describes; never signals a process that is not the recorded JVM. */
export async function stopRecordedCluster(state: ClusterState): Promise<void> {
  switch (state.provider) {
    case 'local': {
      await stopNodesInOrder(state.nodes.filter((node) => isRecordedNodeAlive(node)));
      // A node `up` launched just before it was killed is in no record, and a JVM that is still shutting down writes
      // into the cluster dir: stop whatever runs from that dir before removing it.
      await Promise.all(processesMentioning(`${state.clusterDir}/`).map((pid) => stopProcessGroup(pid, stopGraceMs)));
      await rm(state.clusterDir, { recursive: true, force: true });
      return;
    }
    case 'compose': {
      const compose = await composeCommand();
      if (compose) await new ComposeCluster(state, compose).stop();
      return;
    }
    case 'external':
      return;
  }
}
