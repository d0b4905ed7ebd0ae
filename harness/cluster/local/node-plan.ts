import path from 'node:path';
import { isKafka4OrLater } from './kafka-jars.ts';
import type { ClusterShape, NodeRole } from '../types.ts';

/** Controllers get ids from here up so that broker ids read 1..N, as users count them. */
export const firstControllerId = 101;

/** One node as the local provider will run it. */
export interface PlannedNode {
  id: number;
  roles: NodeRole[];
  /** Client listener (brokers and combined nodes). */
  clientPort?: number;
  /** Quorum listener (controllers and combined nodes). */
  controllerPort?: number;
  /** Where the JMX exporter agent serves the node's metrics (127.0.0.1). */
  metricsPort: number;
  dir: string;
}

/** Ports handed out by the caller, one per listener and one per node for its metrics, in the order planNodes consumes them. */
export function portsNeeded(shape: ClusterShape): number {
  return shape.controllers === 0 ? 3 : 2 * (shape.brokers + shape.controllers);
}

/** Lays out node ids, roles, ports and dirs for a shape. Pure: no ports are bound here. */
export function planNodes(shape: ClusterShape, ports: number[], clusterDir: string): PlannedNode[] {
  const take = (() => {
    let next = 0;
    return () => {
      const port = ports[next++];
      if (port === undefined) throw new Error(`planNodes needs ${portsNeeded(shape)} ports, got ${ports.length}`);
      return port;
    };
  })();
  const nodeDir = (id: number) => path.join(clusterDir, `node-${id}`);
  if (shape.controllers === 0) {
    return [{ id: 1, roles: ['broker', 'controller'], clientPort: take(), controllerPort: take(), metricsPort: take(), dir: nodeDir(1) }];
  }
  // Listener ports first, in the order earlier plans took them; then a metrics port per node.
  const controllers = Array.from({ length: shape.controllers }, (_, i) => {
    const id = firstControllerId + i;
    return { id, roles: ['controller' as NodeRole], controllerPort: take(), dir: nodeDir(id) };
  });
  const brokers = Array.from({ length: shape.brokers }, (_, i) => {
    const id = i + 1;
    return { id, roles: ['broker' as NodeRole], clientPort: take(), dir: nodeDir(id) };
  });
  return [...controllers, ...brokers].map((node): PlannedNode => ({ ...node, metricsPort: take() }));
}

export function quorumVoters(nodes: PlannedNode[]): string {
  return nodes
    .filter((node) => node.roles.includes('controller'))
    .map((node) => `${node.id}@127.0.0.1:${node.controllerPort}`)
    .join(',');
}

/**
 * The server.properties of one node. Only what a small KRaft cluster needs differs from Kafka's
 * defaults; the user's brokerConfig is applied last, untouched, to brokers and combined nodes.
 */
export function nodeProperties(node: PlannedNode, all: PlannedNode[], shape: ClusterShape): Map<string, string> {
  const props = new Map<string, string>();
  const isBroker = node.roles.includes('broker');
  const isController = node.roles.includes('controller');
  props.set('process.roles', node.roles.join(','));
  props.set('node.id', String(node.id));
  props.set('controller.quorum.voters', quorumVoters(all));
  props.set('controller.listener.names', 'CONTROLLER');
  props.set('listener.security.protocol.map', 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT');
  const listeners: string[] = [];
  if (isBroker) listeners.push(`PLAINTEXT://127.0.0.1:${node.clientPort}`);
  if (isController) listeners.push(`CONTROLLER://127.0.0.1:${node.controllerPort}`);
  props.set('listeners', listeners.join(','));
  if (isBroker) {
    props.set('advertised.listeners', `PLAINTEXT://127.0.0.1:${node.clientPort}`);
    props.set('inter.broker.listener.name', 'PLAINTEXT');
  }
  props.set('log.dirs', path.join(node.dir, 'data'));
  // Internal topics default to RF 3 / min ISR 2; on fewer brokers consumer groups would never start.
  const rf = String(Math.min(3, shape.brokers));
  const minIsr = String(Math.min(2, shape.brokers));
  props.set('offsets.topic.replication.factor', rf);
  props.set('transaction.state.log.replication.factor', rf);
  props.set('transaction.state.log.min.isr', minIsr);
  if (isKafka4OrLater(shape.kafkaVersion)) {
    props.set('share.coordinator.state.topic.replication.factor', rf);
    props.set('share.coordinator.state.topic.min.isr', minIsr);
  }
  // Kafka waits 3 s for more members before the first rebalance; a benchmark's group is complete at once.
  props.set('group.initial.rebalance.delay.ms', '0');
  if (isBroker) {
    for (const [key, value] of Object.entries(shape.brokerConfig)) props.set(key, String(value));
  }
  return props;
}

export function renderProperties(props: Map<string, string>): string {
  return `${[...props].map(([key, value]) => `${key}=${value}`).join('\n')}\n`;
}
