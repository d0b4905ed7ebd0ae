import { stringify } from 'yaml';
import { defaultShape } from '../shape.ts';
import { firstControllerId } from '../local/node-plan.ts';
import type { BrokerConfig, ClusterShape } from '../types.ts';

/** The shapes compose/ ships a file for: one combined node, and 1–5 brokers with 1 or 3 controllers. */
export function composeShapes(): ClusterShape[] {
  const base = { kafkaVersion: defaultShape.kafkaVersion, brokerConfig: {} };
  const shapes: ClusterShape[] = [{ ...base, brokers: 1, controllers: 0 }];
  for (const controllers of [1, 3] as const) {
    for (let brokers = 1; brokers <= 5; brokers++) shapes.push({ ...base, brokers, controllers });
  }
  return shapes;
}

export function composeFileName(shape: Pick<ClusterShape, 'brokers' | 'controllers'>): string {
  return shape.controllers === 0 ? 'combined.yaml' : `brokers-${shape.brokers}-controllers-${shape.controllers}.yaml`;
}

/** The service name of a node; broker ids read 1..N and controller ids start at 101, as in the local provider. */
export function serviceName(id: number, roles: 'broker' | 'controller' | 'combined'): string {
  return roles === 'combined' ? `kafka-${id}` : `${roles}-${id}`;
}

/** The host-port variable of broker `id`; the compose provider sets it to a free port, people get a default. */
export function portVariable(id: number): string {
  return `KAFKA_LAB_BROKER_${id}_PORT`;
}

export const defaultHostPort = (id: number) => 19091 + id;

/** apache/kafka reads KAFKA_<key> env vars: '.' becomes '_', '_' becomes '__', '-' becomes '___'. */
export function kafkaEnvName(key: string): string {
  return `KAFKA_${key.replace(/_/g, '__').replace(/-/g, '___').replace(/\./g, '_').toUpperCase()}`;
}

export function brokerConfigEnvironment(config: BrokerConfig): Record<string, string> {
  return Object.fromEntries(Object.entries(config).map(([key, value]) => [kafkaEnvName(key), String(value)]));
}

const internalPort = 19092;
const externalPort = 9092;
const controllerPort = 9093;
const dataDir = '/var/lib/kafka/data';

interface ComposeNode {
  id: number;
  kind: 'broker' | 'controller' | 'combined';
}

function nodesOf(shape: ClusterShape): ComposeNode[] {
  if (shape.controllers === 0) return [{ id: 1, kind: 'combined' }];
  return [
    ...Array.from({ length: shape.controllers }, (_, i) => ({ id: firstControllerId + i, kind: 'controller' as const })),
    ...Array.from({ length: shape.brokers }, (_, i) => ({ id: i + 1, kind: 'broker' as const })),
  ];
}

function healthcheck(kind: ComposeNode['kind']) {
  // Real requests, not an open port: a broker must answer ApiVersions, a controller must report quorum status.
  const command =
    kind === 'controller'
      ? `/opt/kafka/bin/kafka-metadata-quorum.sh --bootstrap-controller localhost:${controllerPort} describe --status > /dev/null 2>&1`
      : `/opt/kafka/bin/kafka-broker-api-versions.sh --bootstrap-server localhost:${internalPort} > /dev/null 2>&1`;
  return { test: ['CMD-SHELL', command], interval: '5s', timeout: '30s', retries: 30, start_period: '15s' };
}

function service(node: ComposeNode, all: ComposeNode[], shape: ClusterShape) {
  const name = serviceName(node.id, node.kind);
  const isBroker = node.kind !== 'controller';
  const isController = node.kind !== 'broker';
  const voters = all
    .filter((n) => n.kind !== 'broker')
    .map((n) => `${n.id}@${serviceName(n.id, n.kind)}:${controllerPort}`)
    .join(',');
  const hostPort = `\${${portVariable(node.id)}:-${defaultHostPort(node.id)}}`;
  const listeners = [
    ...(isBroker ? [`INTERNAL://:${internalPort}`, `EXTERNAL://:${externalPort}`] : []),
    ...(isController ? [`CONTROLLER://:${controllerPort}`] : []),
  ];
  const rf = String(Math.min(3, shape.brokers));
  const minIsr = String(Math.min(2, shape.brokers));
  const environment: Record<string, string> = {
    KAFKA_NODE_ID: String(node.id),
    KAFKA_PROCESS_ROLES: node.kind === 'combined' ? 'broker,controller' : node.kind,
    KAFKA_CONTROLLER_QUORUM_VOTERS: voters,
    KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
    KAFKA_LISTENERS: listeners.join(','),
    KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'CONTROLLER:PLAINTEXT,INTERNAL:PLAINTEXT,EXTERNAL:PLAINTEXT',
    ...(isBroker
      ? {
          KAFKA_ADVERTISED_LISTENERS: `INTERNAL://${name}:${internalPort},EXTERNAL://127.0.0.1:${hostPort}`,
          KAFKA_INTER_BROKER_LISTENER_NAME: 'INTERNAL',
        }
      : {}),
    CLUSTER_ID: '${KAFKA_LAB_CLUSTER_ID:-RCCTuTZ_5i3pRcGLCgr2og}',
    KAFKA_LOG_DIRS: dataDir,
    KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: rf,
    KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: rf,
    KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: minIsr,
    KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR: rf,
    KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR: minIsr,
    KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
    KAFKA_HEAP_OPTS: node.kind === 'controller' ? '-Xms384m -Xmx384m' : '-Xms1g -Xmx1g',
  };
  const controllers = all.filter((n) => n.kind === 'controller');
  return [
    name,
    {
      image: `apache/kafka:\${KAFKA_VERSION:-${shape.kafkaVersion}}`,
      hostname: name,
      ...(isBroker ? { ports: [`127.0.0.1:${hostPort}:${externalPort}`] } : {}),
      environment,
      volumes: [`${name}-data:${dataDir}`],
      healthcheck: healthcheck(node.kind),
      ...(node.kind === 'broker'
        ? { depends_on: Object.fromEntries(controllers.map((c) => [serviceName(c.id, c.kind), { condition: 'service_healthy' }])) }
        : {}),
    },
  ] as const;
}

/** The Docker Compose file of a shape. Pure, so the committed files in compose/ can be checked against it. */
export function composeFile(shape: ClusterShape): string {
  const nodes = nodesOf(shape);
  const services = Object.fromEntries(nodes.map((node) => service(node, nodes, shape)));
  const volumes = Object.fromEntries(nodes.map((node) => [`${serviceName(node.id, node.kind)}-data`, {}]));
  const ports = nodes.filter((n) => n.kind !== 'controller').map((n) => `${portVariable(n.id)} (default ${defaultHostPort(n.id)})`);
  const header = [
    `# Apache Kafka in KRaft mode: ${shape.controllers === 0 ? 'one combined broker+controller node' : `${shape.brokers} broker(s) + ${shape.controllers} controller(s)`}.`,
    '# Generated by `npm run cluster -- compose-files`; edit harness/cluster/compose/compose-file.ts instead.',
    `# Host ports on 127.0.0.1: ${ports.join(', ')}. Image version: KAFKA_VERSION (default ${shape.kafkaVersion}).`,
    `# Use: docker compose -f compose/${composeFileName(shape)} up -d --wait   ...   down -v`,
  ];
  return `${header.join('\n')}\n${stringify({ services, volumes }, { lineWidth: 0 })}`;
}
