import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { execa } from '../../util/exec.ts';
import getPort from 'get-port';
import { stringify } from 'yaml';
import { EnvironmentError } from '../../errors.ts';
import { composeDir, localStateDir } from '../../paths.ts';
import { writeFileAtomic } from '../../util/atomic-write.ts';
import { waitForBrokers } from '../readiness.ts';
import { brokerConfigEnvironment, composeFile, composeFileName, portVariable, serviceName } from './compose-file.ts';
import { composeCommand, dockerEngineAnswers } from './docker.ts';
import { firstControllerId } from '../local/node-plan.ts';
import type { Cluster, ClusterShape, NodeControl, NodeInfo } from '../types.ts';
import type { KafkaConnection } from '../../drivers/connection.ts';

/** What the CLI's state file records about a compose cluster. */
export interface ComposeClusterRecord {
  provider: 'compose';
  kafkaVersion: string;
  project: string;
  files: string[];
  env: Record<string, string>;
  bootstrapServers: string[];
  nodes: NodeInfo[];
}

/** A cluster of apache/kafka containers run by Docker Compose. */
export class ComposeCluster implements Cluster, NodeControl {
  readonly provider = 'compose' as const;
  readonly connection: KafkaConnection;

  constructor(
    private readonly state: ComposeClusterRecord,
    private readonly compose: string[],
  ) {
    this.connection = { bootstrapServers: state.bootstrapServers };
  }

  get kafkaVersion(): string {
    return this.state.kafkaVersion;
  }

  get nodes(): NodeInfo[] {
    return this.state.nodes;
  }

  record(): ComposeClusterRecord {
    return this.state;
  }

  async run(...args: string[]): Promise<void> {
    const [command, ...prefix] = this.compose;
    const files = this.state.files.flatMap((file) => ['-f', file]);
    const result = await execa(command!, [...prefix, '-p', this.state.project, ...files, ...args], {
      env: this.state.env,
      reject: false,
      all: true,
    });
    if (result.exitCode !== 0) {
      throw new EnvironmentError(
        `docker compose ${args.join(' ')} failed (exit ${result.exitCode})`,
        'see its output below',
        (result.all ?? '').split('\n').slice(-20).join('\n'),
      );
    }
  }

  private service(id: number): string {
    const node = this.state.nodes.find((candidate) => candidate.id === id);
    if (!node) throw new EnvironmentError(`this cluster has no node ${id}`, `its node ids are ${this.state.nodes.map((n) => n.id).join(', ')}`);
    return serviceName(id, node.roles.length === 2 ? 'combined' : node.roles[0]!);
  }

  stopNode = (id: number) => this.run('stop', this.service(id));
  killNode = (id: number) => this.run('kill', '-s', 'SIGKILL', this.service(id));
  pauseNode = (id: number) => this.run('pause', this.service(id));
  resumeNode = (id: number) => this.run('unpause', this.service(id));
  restartNode = async (id: number) => {
    await this.run('up', '-d', '--wait', this.service(id));
  };

  async stop(): Promise<void> {
    await this.run('down', '-v', '--remove-orphans');
  }
}

function nodesOf(shape: ClusterShape, ports: Map<number, number>): NodeInfo[] {
  if (shape.controllers === 0) return [{ id: 1, roles: ['broker', 'controller'], host: '127.0.0.1', port: ports.get(1)! }];
  const controllers: NodeInfo[] = Array.from({ length: shape.controllers }, (_, i) => ({
    id: firstControllerId + i,
    roles: ['controller'],
    host: 'container',
    port: 9093,
  }));
  const brokers: NodeInfo[] = Array.from({ length: shape.brokers }, (_, i) => ({ id: i + 1, roles: ['broker'], host: '127.0.0.1', port: ports.get(i + 1)! }));
  return [...controllers, ...brokers];
}

/** Brings a cluster up with `docker compose up -d --wait` from the shape's file in compose/. */
export async function startComposeCluster(
  shape: ClusterShape,
  options: { timeoutMs?: number; onProgress?: (line: string) => void } = {},
): Promise<ComposeCluster> {
  if (!(await dockerEngineAnswers())) {
    throw new EnvironmentError('no Docker engine answers on this machine', 'use provider local (the default when Docker is missing) or start Docker');
  }
  const compose = await composeCommand();
  if (!compose) throw new EnvironmentError('Docker Compose is not installed', 'install the docker compose plugin, or use provider local');
  const project = `kafka-lab-${randomBytes(3).toString('hex')}`;
  const ports = new Map<number, number>();
  for (let id = 1; id <= shape.brokers; id++) ports.set(id, await getPort({ host: '127.0.0.1', exclude: [...ports.values()] }));
  const env: Record<string, string> = { KAFKA_VERSION: shape.kafkaVersion, KAFKA_LAB_CLUSTER_ID: randomBytes(16).toString('base64url').replace(/^-/, 'A') };
  for (const [id, port] of ports) env[portVariable(id)] = String(port);
  // The committed file is the shape; this run's broker overrides go in a file of their own, merged by Compose.
  const files = [path.join(composeDir, composeFileName(shape))];
  if (Object.keys(shape.brokerConfig).length > 0) {
    const override = path.join(localStateDir, 'compose', `${project}.override.yaml`);
    const brokers = nodesOf(shape, ports).filter((node) => node.roles.includes('broker'));
    const services = Object.fromEntries(
      brokers.map((node) => [
        serviceName(node.id, node.roles.length === 2 ? 'combined' : 'broker'),
        { environment: brokerConfigEnvironment(shape.brokerConfig) },
      ]),
    );
    await writeFileAtomic(override, stringify({ services }));
    files.push(override);
  }
  const record: ComposeClusterRecord = {
    provider: 'compose',
    kafkaVersion: shape.kafkaVersion,
    project,
    files,
    env,
    bootstrapServers: [...ports.values()].map((port) => `127.0.0.1:${port}`),
    nodes: nodesOf(shape, ports),
  };
  const cluster = new ComposeCluster(record, compose);
  options.onProgress?.(`docker compose up (${project}) from ${files[0]}`);
  try {
    await cluster.run('up', '-d', '--wait');
    await waitForBrokers({
      connection: cluster.connection,
      brokerAddresses: record.bootstrapServers,
      brokerCount: shape.brokers,
      timeoutMs: options.timeoutMs ?? 120_000,
    });
    return cluster;
  } catch (error) {
    await cluster.stop().catch(() => {});
    throw error;
  }
}

/** Writes every shape's compose file into compose/; returns the paths written. */
export async function writeComposeFiles(shapes: ClusterShape[]): Promise<string[]> {
  const written: string[] = [];
  for (const shape of shapes) {
    const file = path.join(composeDir, composeFileName(shape));
    await writeFileAtomic(file, composeFile(shape));
    written.push(file);
  }
  return written;
}
