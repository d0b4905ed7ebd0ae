/** How clients reach the cluster. Secrets live only in memory: `toJSON` of a Cluster never includes them. */
export interface KafkaConnection {
  bootstrapServers: string[];
  ssl?: { ca?: string; rejectUnauthorized: boolean };
  sasl?: { mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512'; username: string; password: string };
}
