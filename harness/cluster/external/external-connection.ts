import { readFileSync } from 'node:fs';
import { UserError } from '../../errors.ts';
import type { KafkaConnection } from '../../drivers/connection.ts';

/** The environment variables the external provider reads; their values are never written anywhere. */
export const externalEnv = {
  saslMechanism: 'KAFKA_LAB_SASL_MECHANISM',
  saslUsername: 'KAFKA_LAB_SASL_USERNAME',
  saslPassword: 'KAFKA_LAB_SASL_PASSWORD',
  ssl: 'KAFKA_LAB_SSL',
  sslCaFile: 'KAFKA_LAB_SSL_CA_FILE',
  sslRejectUnauthorized: 'KAFKA_LAB_SSL_REJECT_UNAUTHORIZED',
} as const;

const mechanisms = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;
type Mechanism = (typeof mechanisms)[number];

function flag(value: string | undefined, name: string): boolean | undefined {
  if (value === undefined || value === '') return undefined;
  if (/^(true|1|yes)$/i.test(value)) return true;
  if (/^(false|0|no)$/i.test(value)) return false;
  throw new UserError(`${name}=${value} is not a boolean`, `set ${name} to true or false`);
}

/** Builds the connection to an existing cluster from bootstrap servers plus SASL/TLS settings in `env`. */
export function externalConnection(bootstrapServers: string[], env: NodeJS.ProcessEnv = process.env): KafkaConnection {
  if (bootstrapServers.length === 0 || bootstrapServers.some((server) => !/^[^\s:]+:\d+$/.test(server))) {
    throw new UserError(
      `cluster.bootstrapServers must list host:port pairs, got "${bootstrapServers.join(',')}"`,
      'e.g. bootstrapServers: [broker1.example.com:9092, broker2.example.com:9092]',
    );
  }
  const connection: KafkaConnection = { bootstrapServers };
  const mechanism = env[externalEnv.saslMechanism]?.toLowerCase();
  if (mechanism) {
    if (!mechanisms.includes(mechanism as Mechanism)) {
      throw new UserError(`${externalEnv.saslMechanism}=${mechanism} is not supported`, `use one of ${mechanisms.join(', ')}`);
    }
    const username = env[externalEnv.saslUsername];
    const password = env[externalEnv.saslPassword];
    if (!username || !password) {
      throw new UserError(
        `${externalEnv.saslMechanism} is set but the credentials are missing`,
        `set ${externalEnv.saslUsername} and ${externalEnv.saslPassword}`,
      );
    }
    connection.sasl = { mechanism: mechanism as Mechanism, username, password };
  }
  const caFile = env[externalEnv.sslCaFile];
  const ssl = flag(env[externalEnv.ssl], externalEnv.ssl) ?? Boolean(caFile);
  if (ssl) {
    let ca: string | undefined;
    if (caFile) {
      try {
        ca = readFileSync(caFile, 'utf8');
      } catch (error) {
        throw new UserError(`${externalEnv.sslCaFile}=${caFile} cannot be read (${(error as Error).message})`, 'point it at a PEM file');
      }
    }
    const rejectUnauthorized = flag(env[externalEnv.sslRejectUnauthorized], externalEnv.sslRejectUnauthorized) ?? true;
    connection.ssl = { rejectUnauthorized, ...(ca ? { ca } : {}) };
  }
  return connection;
}

/** The connection as it may appear in results and logs: which security is in use, never a secret. */
export function describeConnection(connection: KafkaConnection): Record<string, unknown> {
  return {
    bootstrapServers: connection.bootstrapServers,
    ssl: Boolean(connection.ssl),
    ...(connection.sasl ? { saslMechanism: connection.sasl.mechanism } : {}),
  };
}
