import type { KafkaConnection } from '../drivers/connection.ts';

/** Which system brings the cluster up. `auto` picks compose when a Docker engine answers, else local. */
export type ProviderName = 'local' | 'compose' | 'external';
export type ProviderChoice = ProviderName | 'auto';

/** The roles of one KRaft node. */
export type NodeRole = 'broker' | 'controller';

/** Broker `server.properties` keys, passed through to every broker untouched. */
export type BrokerConfig = Record<string, string | number | boolean>;

/** What cluster to bring up: `controllers: 0` means one combined broker+controller node. */
export interface ClusterShape {
  brokers: number;
  controllers: 0 | 1 | 3;
  kafkaVersion: string;
  brokerConfig: BrokerConfig;
}

/** One node of a running cluster. `port` is the client port of a broker, the quorum port of a controller. */
export interface NodeInfo {
  id: number;
  roles: NodeRole[];
  host: string;
  port: number;
  controllerPort?: number;
  /** Process id where the provider runs the node as a local process. */
  pid?: number;
  /** Where the node's metrics can be scraped (Prometheus text), when the provider serves them. */
  metricsUrl?: string;
}

/** A running cluster, whatever provider started it. */
export interface Cluster {
  readonly provider: ProviderName;
  readonly kafkaVersion: string;
  readonly connection: KafkaConnection;
  readonly nodes: readonly NodeInfo[];
  /** Stops every node the provider started and removes their data; a no-op for external clusters. */
  stop(): Promise<void>;
}

/** Optional ability: act on a single node (fault injection). Local and compose clusters have it. */
export interface NodeControl {
  stopNode(id: number): Promise<void>;
  killNode(id: number): Promise<void>;
  pauseNode(id: number): Promise<void>;
  resumeNode(id: number): Promise<void>;
  restartNode(id: number): Promise<void>;
}

/** Optional ability: the brokers' log directories are on this machine (local clusters), so disk use can be read. */
export interface LocalLogDirs {
  logDirs(): string[];
}

export function hasLocalLogDirs(cluster: Cluster): cluster is Cluster & LocalLogDirs {
  return typeof (cluster as Partial<LocalLogDirs>).logDirs === 'function';
}

export function canControlNodes(cluster: Cluster): cluster is Cluster & NodeControl {
  const candidate = cluster as Partial<NodeControl>;
  return typeof candidate.killNode === 'function' && typeof candidate.restartNode === 'function';
}

/** Broker nodes of a cluster, in id order. */
export function brokerNodes(cluster: Pick<Cluster, 'nodes'>): NodeInfo[] {
  return cluster.nodes.filter((node) => node.roles.includes('broker')).sort((a, b) => a.id - b.id);
}
