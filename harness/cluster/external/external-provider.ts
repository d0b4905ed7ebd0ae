import { EnvironmentError } from '../../errors.ts';
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

/** Connects to an existing cluster and reads its brokers; fails with a clear error when it does not answer. */
export async function connectExternalCluster(bootstrapServers: string[], env: NodeJS.ProcessEnv = process.env): Promise<ExternalCluster> {
  const connection = externalConnection(bootstrapServers, env);
  const admin = kafkajsFor(connection, 'kafka-lab-external', { connectionTimeout: 5_000, retry: { retries: 2 } }).admin();
  try {
    await admin.connect();
    const described = await admin.describeCluster();
    const nodes: NodeInfo[] = described.brokers.map((broker) => ({ id: broker.nodeId, roles: ['broker'], host: broker.host, port: broker.port }));
    return new ExternalCluster(connection, nodes);
  } catch (error) {
    throw new EnvironmentError(
      `the external cluster at ${bootstrapServers.join(',')} did not answer (${(error as Error).message})`,
      'check bootstrapServers and the KAFKA_LAB_SASL_* / KAFKA_LAB_SSL* variables',
    );
  } finally {
    await admin.disconnect().catch(() => {});
  }
}
