import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { externalConnection } from '../../harness/cluster/external/external-connection.ts';
import { ExternalCluster } from '../../harness/cluster/external/external-provider.ts';

describe('externalConnection', () => {
  it('is plain bootstrap servers when no security variables are set', () => {
    expect(externalConnection(['kafka-1:9092', 'kafka-2:9092'], {})).toEqual({ bootstrapServers: ['kafka-1:9092', 'kafka-2:9092'] });
  });

  it('reads SASL and TLS settings from the environment', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'kafka-lab-ca-'));
    const ca = path.join(dir, 'ca.pem');
    await writeFile(ca, '-----BEGIN CERTIFICATE-----\nabc\n-----END CERTIFICATE-----\n');
    const connection = externalConnection(['broker:9093'], {
      KAFKA_LAB_SASL_MECHANISM: 'SCRAM-SHA-512',
      KAFKA_LAB_SASL_USERNAME: 'bench',
      KAFKA_LAB_SASL_PASSWORD: 's3cret',
      KAFKA_LAB_SSL_CA_FILE: ca,
    });
    expect(connection.sasl).toEqual({ mechanism: 'scram-sha-512', username: 'bench', password: 's3cret' });
    expect(connection.ssl).toEqual({ rejectUnauthorized: true, ca: expect.stringContaining('BEGIN CERTIFICATE') });
  });

  it.each([
    [{ KAFKA_LAB_SASL_MECHANISM: 'gssapi' }, /KAFKA_LAB_SASL_MECHANISM=gssapi is not supported/],
    [{ KAFKA_LAB_SASL_MECHANISM: 'plain', KAFKA_LAB_SASL_USERNAME: 'u' }, /set KAFKA_LAB_SASL_USERNAME and KAFKA_LAB_SASL_PASSWORD/],
    [{ KAFKA_LAB_SSL: 'maybe' }, /KAFKA_LAB_SSL=maybe is not a boolean/],
    [{ KAFKA_LAB_SSL_CA_FILE: '/nonexistent/ca.pem' }, /KAFKA_LAB_SSL_CA_FILE=\/nonexistent\/ca.pem cannot be read/],
  ])('rejects %j with an error naming the variable', (env, message) => {
    expect(() => externalConnection(['b:9092'], env)).toThrowError(message);
  });

  it('rejects bootstrap servers that are not host:port', () => {
    expect(() => externalConnection(['kafka-1'], {})).toThrowError(/cluster\.bootstrapServers must list host:port pairs/);
    expect(() => externalConnection([], {})).toThrowError(/bootstrapServers/);
  });

  it('never serialises credentials', () => {
    const connection = externalConnection(['b:9092'], {
      KAFKA_LAB_SASL_MECHANISM: 'plain',
      KAFKA_LAB_SASL_USERNAME: 'user-x',
      KAFKA_LAB_SASL_PASSWORD: 'password-y',
    });
    const json = JSON.stringify(new ExternalCluster(connection, [{ id: 1, roles: ['broker'], host: 'b', port: 9092 }]));
    expect(json).toContain('"saslMechanism":"plain"');
    expect(json).not.toContain('password-y');
    expect(json).not.toContain('user-x');
  });
});
