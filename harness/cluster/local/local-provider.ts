import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { execa } from '../../util/exec.ts';
import getPort, { portNumbers } from 'get-port';
import { EnvironmentError } from '../../errors.ts';
import { clustersDir } from '../../paths.ts';
import { claimClusterDir } from './dead-cluster-dirs.ts';
import { waitForBrokers } from '../readiness.ts';
import { ensureKafkaJars } from './kafka-jars.ts';
import { ensureJmxExporter, metricsAgentFlag } from './broker-metrics-agent.ts';
import { errorMessage } from '../../util/error-message.ts';
import { defaultHeaps, heapFor, javaBinary, jvmFlags, loggingConfig, loggingConfigName, loggingFlag, type HeapSizes } from './jvm-options.ts';
import { LocalCluster, type LaunchedNode } from './local-cluster.ts';
import { launchNode, waitForNodeStarted, type NodeLaunch } from './node-process.ts';
import { nodeProperties, planNodes, portsNeeded, renderProperties, type PlannedNode } from './node-plan.ts';
import type { ClusterShape } from '../types.ts';

/** Options of the local provider; every one has a default. */
export interface LocalStartOptions {
  /** Where node dirs go; a fresh dir under .kafka-lab/clusters/ by default. */
  clusterDir?: string;
  /** Prefer ports from here upwards (any free port when none in the next 1000 is); random free ports by default. */
  portBase?: number;
  /** How long the whole start may take before it fails with the nodes' log tails. */
  timeoutMs?: number;
  /** JVMs die with the process that started them; the CLI's `up` turns this off so the cluster outlives it. */
  dieWithParent?: boolean;
  /** The CPUs every node runs on (a taskset list, cluster.cpus); any CPU when absent. */
  cpus?: string;
  heaps?: HeapSizes;
  /** Extra JVM flags per node, e.g. Java Flight Recorder. */
  extraJvmArgs?: (node: PlannedNode) => string[];
  signal?: AbortSignal;
  onProgress?: (line: string) => void;
  /** Called after each node is launched, before it is ready, so a caller can record PIDs early. */
  onNodeLaunched?: (cluster: LocalCluster) => Promise<void> | void;
}

export const defaultStartTimeoutMs = 90_000;

async function pickPorts(count: number, portBase?: number): Promise<number[]> {
  const ports: number[] = [];
  for (let i = 0; i < count; i++) {
    const preferred = portBase === undefined ? undefined : portNumbers(portBase, Math.min(portBase + 999, 65535));
    ports.push(await getPort({ host: '127.0.0.1', ...(preferred ? { port: preferred } : {}), exclude: ports }));
  }
  return ports;
}

/** Kafka's cluster ids are 16 random bytes in URL-safe base64; one starting with '-' would read as a flag. */
function newClusterId(): string {
  for (let attempt = 0; attempt < 100; attempt++) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
  throw new Error('could not draw a cluster id');
}

async function formatNode(options: {
  javaBin: string;
  classpath: string;
  loggingFile: string;
  kafkaVersion: string;
  clusterId: string;
  propertiesFile: string;
  nodeId: number;
}): Promise<void> {
  // A short-lived tool: a small heap and the C1 compiler only start it faster.
  const args = [
    '-Xmx256m',
    '-XX:TieredStopAtLevel=1',
    loggingFlag(options.kafkaVersion, options.loggingFile),
    '-cp',
    options.classpath,
    'kafka.tools.StorageTool',
    'format',
    '-t',
    options.clusterId,
    '-c',
    options.propertiesFile,
  ];
  const result = await execa(options.javaBin, args, { reject: false, all: true });
  if (result.exitCode !== 0) {
    throw new EnvironmentError(
      `formatting the storage of Kafka node ${options.nodeId} failed`,
      'see the output below',
      (result.all ?? '').split('\n').slice(-20).join('\n'),
    );
  }
}

/** Starts a real Kafka cluster of the given shape as JVM processes and waits until every broker serves. */
export async function startLocalCluster(shape: ClusterShape, options: LocalStartOptions = {}): Promise<LocalCluster> {
  const progress = options.onProgress ?? (() => {});
  const timeoutMs = options.timeoutMs ?? defaultStartTimeoutMs;
  const classpath = await ensureKafkaJars(shape.kafkaVersion, progress);
  // Broker metrics are worth a run without them, never a failed start: a cache without the agent says so and goes on.
  const metricsAgent = await ensureJmxExporter(progress).catch((error: unknown) => {
    progress(`broker metrics off: ${errorMessage(error)}`);
    return undefined;
  });
  const clusterDir = options.clusterDir ?? path.join(clustersDir, `${Date.now()}-${randomBytes(3).toString('hex')}`);
  const plan = planNodes(shape, await pickPorts(portsNeeded(shape), options.portBase), clusterDir);
  const javaBin = javaBinary();
  const loggingFile = path.join(clusterDir, loggingConfigName(shape.kafkaVersion));
  await mkdir(clusterDir, { recursive: true });
  // Nodes that die with this process leave a dir nobody needs once it is gone: say whose it is, for the sweep.
  if (options.dieWithParent ?? true) await claimClusterDir(clusterDir);
  await writeFile(loggingFile, loggingConfig(shape.kafkaVersion));

  const launches: NodeLaunch[] = await Promise.all(
    plan.map(async (node) => {
      await mkdir(node.dir, { recursive: true });
      const propertiesFile = path.join(node.dir, 'server.properties');
      await writeFile(propertiesFile, renderProperties(nodeProperties(node, plan, shape)));
      const heap = heapFor(node.roles, options.heaps ?? defaultHeaps);
      const extra = [...(metricsAgent ? [metricsAgentFlag(metricsAgent, node.metricsPort)] : []), ...(options.extraJvmArgs?.(node) ?? [])];
      return {
        id: node.id,
        javaBin,
        classpath,
        propertiesFile,
        logFile: path.join(node.dir, 'node.log'),
        jvmArgs: jvmFlags({ heap, kafkaVersion: shape.kafkaVersion, loggingConfigFile: loggingFile, extra }),
        dieWithParent: options.dieWithParent ?? true,
        ...(options.cpus ? { cpus: options.cpus } : {}),
      };
    }),
  );

  progress(`formatting ${plan.length} node${plan.length === 1 ? '' : 's'} in ${clusterDir}`);
  const clusterId = newClusterId();
  await Promise.all(
    launches.map((launch) =>
      formatNode({ javaBin, classpath, loggingFile, kafkaVersion: shape.kafkaVersion, clusterId, propertiesFile: launch.propertiesFile, nodeId: launch.id }),
    ),
  );

  const launched: LaunchedNode[] = [];
  const cluster = new LocalCluster(shape.kafkaVersion, clusterDir, plan, launched, timeoutMs, metricsAgent !== undefined);
  try {
    // Controllers are planned first; brokers retry the quorum until it answers, so nobody waits here.
    for (const [i, node] of plan.entries()) {
      options.signal?.throwIfAborted();
      launched.push({ plan: node, launch: launches[i]!, pid: await launchNode(launches[i]!) });
      await options.onNodeLaunched?.(cluster);
    }
    progress(`waiting for ${plan.length} node${plan.length === 1 ? '' : 's'} to start`);
    await Promise.all(
      launched.map((node) =>
        waitForNodeStarted({ id: node.plan.id, pid: node.pid, logFile: node.launch.logFile, fromOffset: 0, timeoutMs, signal: options.signal }),
      ),
    );
    await waitForBrokers({
      connection: cluster.connection,
      brokerAddresses: cluster.connection.bootstrapServers,
      brokerCount: shape.brokers,
      timeoutMs,
      signal: options.signal,
    });
    return cluster;
  } catch (error) {
    await cluster.kill();
    // Keep the logs of a failed start for the user to read; an interrupted one leaves nothing.
    if (options.signal?.aborted) await rm(clusterDir, { recursive: true, force: true });
    throw error;
  }
}
