import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { composeFile, composeFileName, composeShapes, defaultHostPort, kafkaEnvName, portVariable } from '../../harness/cluster/compose/compose-file.ts';
import { describeShape } from '../../harness/cluster/shape.ts';
import { composeDir } from '../../harness/paths.ts';

interface Service {
  image: string;
  ports?: string[];
  environment: Record<string, string>;
  volumes: string[];
  healthcheck: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
}

const shapes = composeShapes();

describe('compose/', () => {
  it('ships a file for one combined node and for 1-5 brokers with 1 or 3 controllers', () => {
    expect(shapes.map(describeShape)).toContain('1 combined node');
    expect(shapes.map(composeFileName)).toEqual(expect.arrayContaining(['combined.yaml', 'brokers-1-controllers-1.yaml', 'brokers-5-controllers-3.yaml']));
    expect(shapes).toHaveLength(11);
  });

  it.each(shapes.map((shape) => [composeFileName(shape), shape] as const))('%s is what the generator writes', async (name, shape) => {
    const committed = await readFile(path.join(composeDir, name), 'utf8');
    expect(committed, 'run `npm run cluster -- compose-files` to regenerate').toBe(composeFile(shape));
  });

  it.each(shapes.map((shape) => [composeFileName(shape), shape] as const))(
    '%s has consistent services, listeners, voters, volumes and health checks',
    (_name, shape) => {
      const file = parse(composeFile(shape)) as { services: Record<string, Service>; volumes: Record<string, unknown> };
      const services = Object.entries(file.services);
      const brokers = services.filter(([, s]) => s.environment.KAFKA_PROCESS_ROLES!.includes('broker'));
      const controllers = services.filter(([, s]) => s.environment.KAFKA_PROCESS_ROLES!.includes('controller'));
      expect(brokers).toHaveLength(shape.brokers);
      expect(controllers).toHaveLength(Math.max(1, shape.controllers));
      const voters = controllers.map(([name, s]) => `${s.environment.KAFKA_NODE_ID}@${name}:9093`).join(',');
      const ids = services.map(([, s]) => s.environment.KAFKA_NODE_ID);
      expect(new Set(ids).size).toBe(ids.length);
      for (const [name, service] of services) {
        expect(service.image).toBe('apache/kafka:${KAFKA_VERSION:-4.1.1}');
        expect(service.environment.KAFKA_CONTROLLER_QUORUM_VOTERS).toBe(voters);
        expect(service.environment.CLUSTER_ID).toMatch(/^\$\{KAFKA_LAB_CLUSTER_ID:-[A-Za-z0-9_-]{22}\}$/);
        expect(service.volumes).toEqual([`${name}-data:/var/lib/kafka/data`]);
        expect(file.volumes).toHaveProperty(`${name}-data`);
        expect(service.healthcheck.test[0]).toBe('CMD-SHELL');
      }
      for (const [name, service] of brokers) {
        const id = Number(service.environment.KAFKA_NODE_ID);
        const hostPort = `\${${portVariable(id)}:-${defaultHostPort(id)}}`;
        expect(service.ports).toEqual([`127.0.0.1:${hostPort}:9092`]);
        expect(service.environment.KAFKA_ADVERTISED_LISTENERS).toBe(`INTERNAL://${name}:19092,EXTERNAL://127.0.0.1:${hostPort}`);
        expect(service.environment.KAFKA_INTER_BROKER_LISTENER_NAME).toBe('INTERNAL');
        expect(service.healthcheck.test[1]).toContain('kafka-broker-api-versions.sh --bootstrap-server localhost:19092');
        expect(service.environment.KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR).toBe(String(Math.min(3, shape.brokers)));
        if (shape.controllers > 0) {
          expect(Object.keys(service.depends_on ?? {})).toEqual(controllers.map(([n]) => n));
          expect(Object.values(service.depends_on ?? {}).every((d) => d.condition === 'service_healthy')).toBe(true);
        }
      }
      for (const [, service] of controllers.filter(([, s]) => s.environment.KAFKA_PROCESS_ROLES === 'controller')) {
        expect(service.ports).toBeUndefined();
        expect(service.environment.KAFKA_LISTENERS).toBe('CONTROLLER://:9093');
        expect(service.healthcheck.test[1]).toContain('kafka-metadata-quorum.sh --bootstrap-controller localhost:9093');
      }
    },
  );

  it('maps server.properties keys to the env names apache/kafka reads', () => {
    expect(kafkaEnvName('num.io.threads')).toBe('KAFKA_NUM_IO_THREADS');
    expect(kafkaEnvName('some_key.x')).toBe('KAFKA_SOME__KEY_X');
    expect(kafkaEnvName('a-b.c')).toBe('KAFKA_A___B_C');
  });
});
