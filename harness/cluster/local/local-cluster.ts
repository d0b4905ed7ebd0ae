import { rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../../errors.ts';
import { isAlive, killProcessGroup, signalGroup, stopProcessGroup } from '../../util/process-group.ts';
import { waitForBrokers } from '../readiness.ts';
import { launchNode, waitForNodeStarted, type NodeLaunch } from './node-process.ts';
import type { PlannedNode } from './node-plan.ts';
import type { Cluster, LocalLogDirs, NodeControl, NodeInfo } from '../types.ts';
import type { KafkaConnection } from '../../drivers/connection.ts';

/** A node the local provider launched, with the PID of its current incarnation. */
export interface LaunchedNode {
  plan: PlannedNode;
  launch: NodeLaunch;
  pid: number;
}

/** What the CLI's state file records about a local cluster, enough to stop it from another process. */
export interface LocalClusterRecord {
  provider: 'local';
  kafkaVersion: string;
  clusterDir: string;
  bootstrapServers: string[];
  nodes: Array<NodeInfo & { pid: number; logFile: string; propertiesFile: string }>;
}

/** Seconds a node gets to shut down cleanly after SIGTERM before it is killed. */
export const stopGraceMs = 20_000;

/** A cluster of Kafka JVMs on this machine. Each node is its own process group. */
export class LocalCluster implements Cluster, NodeControl, LocalLogDirs {
  readonly provider = 'local' as const;
  readonly connection: KafkaConnection;
  private readonly paused = new Set<number>();

  constructor(
    readonly kafkaVersion: string,
    readonly clusterDir: string,
    plan: PlannedNode[],
    private readonly launched: LaunchedNode[],
    private readonly startTimeoutMs: number,
    /** Whether every node runs the JMX exporter agent on its metrics port. */
    private readonly metricsServed = false,
  ) {
    const brokers = plan.filter((node) => node.clientPort !== undefined);
    this.connection = { bootstrapServers: brokers.map((node) => `127.0.0.1:${node.clientPort}`) };
  }

  /** Where each broker keeps its partitions (`log.dirs`, see node-plan.ts). */
  logDirs(): string[] {
    return this.launched.filter((node) => node.plan.clientPort !== undefined).map((node) => path.join(node.plan.dir, 'data'));
  }

  get nodes(): NodeInfo[] {
    return this.launched.map(({ plan, pid }) => ({
      id: plan.id,
      roles: plan.roles,
      host: '127.0.0.1',
      port: plan.clientPort ?? plan.controllerPort!,
      ...(plan.controllerPort !== undefined ? { controllerPort: plan.controllerPort } : {}),
      ...(this.metricsServed ? { metricsUrl: `http://127.0.0.1:${plan.metricsPort}/metrics` } : {}),
      pid,
    }));
  }

  record(): LocalClusterRecord {
    return {
      provider: 'local',
      kafkaVersion: this.kafkaVersion,
      clusterDir: this.clusterDir,
      bootstrapServers: this.connection.bootstrapServers,
      nodes: this.nodes.map((info, i) => ({
        ...info,
        pid: info.pid!,
        logFile: this.launched[i]!.launch.logFile,
        propertiesFile: this.launched[i]!.launch.propertiesFile,
      })),
    };
  }

  async stopNode(id: number): Promise<void> {
    const node = this.node(id);
    this.paused.delete(id);
    await stopProcessGroup(node.pid, stopGraceMs);
  }

  async killNode(id: number): Promise<void> {
    const node = this.node(id);
    this.paused.delete(id);
    await killProcessGroup(node.pid);
  }

  async pauseNode(id: number): Promise<void> {
    const node = this.node(id);
    if (!signalGroup(node.pid, 'SIGSTOP')) throw new UserError(`node ${id} is not running`, 'restart it first');
    this.paused.add(id);
  }

  async resumeNode(id: number): Promise<void> {
    const node = this.node(id);
    if (!signalGroup(node.pid, 'SIGCONT')) throw new UserError(`node ${id} is not running`, 'restart it first');
    this.paused.delete(id);
  }

  /** Stops the node if it still runs, starts it again on the same ports and data, and waits until it serves. */
  async restartNode(id: number): Promise<void> {
    const node = this.node(id);
    if (isAlive(node.pid)) await this.stopNode(id);
    const fromOffset = await stat(node.launch.logFile).then(
      (s) => s.size,
      () => 0,
    );
    node.pid = await launchNode(node.launch);
    await waitForNodeStarted({ id, pid: node.pid, logFile: node.launch.logFile, fromOffset, timeoutMs: this.startTimeoutMs });
    if (node.plan.clientPort !== undefined) {
      const serving = this.launched.filter((other) => other.plan.clientPort !== undefined && isAlive(other.pid) && !this.paused.has(other.plan.id));
      await waitForBrokers({
        connection: this.connection,
        brokerAddresses: [`127.0.0.1:${node.plan.clientPort}`],
        brokerCount: serving.length,
        timeoutMs: this.startTimeoutMs,
      });
    }
  }

  /** Stops every node, then removes the cluster dir unless asked to keep it (its logs, for a post-mortem). */
  async stop(options: { keepDir?: boolean } = {}): Promise<void> {
    await stopNodesInOrder(this.nodes.map((node) => ({ roles: node.roles, pid: node.pid! })));
    if (!options.keepDir) await rm(this.clusterDir, { recursive: true, force: true });
  }

  /** Kills every node at once; for failed start-ups and emergencies. */
  async kill(): Promise<void> {
    await Promise.all(this.launched.map((node) => killProcessGroup(node.pid)));
  }

  private node(id: number): LaunchedNode {
    const node = this.launched.find((candidate) => candidate.plan.id === id);
    if (!node) {
      const ids = this.launched.map((candidate) => candidate.plan.id).join(', ');
      throw new UserError(`this cluster has no node ${id}`, `its node ids are ${ids}`);
    }
    return node;
  }
}

/** Brokers first, since their controlled shutdown needs the controllers; then the controllers. */
export async function stopNodesInOrder(nodes: Array<Pick<NodeInfo, 'roles'> & { pid: number }>): Promise<void> {
  const isBroker = (node: Pick<NodeInfo, 'roles'>) => node.roles.includes('broker');
  await Promise.all(nodes.filter(isBroker).map((node) => stopProcessGroup(node.pid, stopGraceMs)));
  await Promise.all(nodes.filter((node) => !isBroker(node)).map((node) => stopProcessGroup(node.pid, stopGraceMs)));
}
