import { EnvironmentError, UserError } from '../../errors.ts';
import { kafkajsFor } from '../../drivers/kafkajs/connect.ts';
import { describeConnection, externalConnection } from './external-connection.ts';
import type { Cluster, NodeInfo } from '../types.ts';
import type { KafkaConnection } from '../../drivers/connection.ts';

/** A cluster someone else runs: kafka-lab connects to it and never stops it. */
export class ExternalCluster implements Cluster {
  readonly provider = 'external' as const;
  readonly kafkaVersion = 'unknown';

  constructor(
    readonly connection: KafkaConnection,
    readonly nodes: NodeInfo[],
  ) {}

  async stop(): Promise<void> {}

  /** Results and state files hold this, so credentials never reach the disk. */
  toJSON(): Record<string, unknown> {
    return { provider: this.provider, connection: describeConnection(this.connection), nodes: this.nodes };
  }
}

/**
 * Each broker gets the metrics URL at its place in broker-id order; a count that does not match the brokers the
 * cluster has is refused before anything runs, since scraping one broker's page as another's would mislabel both.
 */
export function withMetricsUrls(nodes: NodeInfo[], metricsUrls: string[] | undefined): NodeInfo[] {
  if (!metricsUrls) return nodes;
  const byId = [...nodes].sort((a, b) => a.id - b.id);
  if (metricsUrls.length !== byId.length) {
    throw new UserError(
      `cluster.metricsUrls lists ${metricsUrls.length} URL(s), but the external cluster has ${byId.length} broker(s) (ids ${byId.map((node) => node.id).join(', ')})`,
      'list one metrics URL per broker, in broker-id order, or remove cluster.metricsUrls',
    );
  }
  return byId.map((node, i) => ({ ...node, metricsUrl: metricsUrls[i]! }));
}

/** Connects to an existing cluster and reads its brokers; fails with a clear error when it does not answer. */
export async function connectExternalCluster(
  bootstrapServers: string[],
  metricsUrls?: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<ExternalCluster> {
  const connection = externalConnection(bootstrapServers, env);
  const admin = kafkajsFor(connection, 'kafka-lab-external', { connectionTimeout: 5_000, retry: { retries: 2 } }).admin();
  try {
    await admin.connect();
    const described = await admin.describeCluster();
    const nodes: NodeInfo[] = described.brokers.map((broker) => ({ id: broker.nodeId, roles: ['broker'], host: broker.host, port: broker.port }));
    return new ExternalCluster(connection, withMetricsUrls(nodes, metricsUrls));
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new EnvironmentError(
      `the external cluster at ${bootstrapServers.join(',')} did not answer (${(error as Error).message})`,
      'check bootstrapServers and the KAFKA_LAB_SASL_* / KAFKA_LAB_SSL* variables',
    );
  } finally {
    await admin.disconnect().catch(() => {});
  }
}
