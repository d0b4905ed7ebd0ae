import { describe, expect, it } from 'vitest';
import { resolveShape } from '../../harness/cluster/shape.ts';
import { nodeProperties, planNodes, portsNeeded, renderProperties } from '../../harness/cluster/local/node-plan.ts';

describe('planNodes and nodeProperties', () => {
  it('runs one combined node with both listeners and itself as the only voter', () => {
    const shape = resolveShape({});
    const plan = planNodes(shape, [9101, 9102, 9103], '/c');
    expect(portsNeeded(shape)).toBe(3);
    expect(plan).toEqual([{ id: 1, roles: ['broker', 'controller'], clientPort: 9101, controllerPort: 9102, metricsPort: 9103, dir: '/c/node-1' }]);
    const props = nodeProperties(plan[0]!, plan, shape);
    expect(props.get('process.roles')).toBe('broker,controller');
    expect(props.get('listeners')).toBe('PLAINTEXT://127.0.0.1:9101,CONTROLLER://127.0.0.1:9102');
    expect(props.get('advertised.listeners')).toBe('PLAINTEXT://127.0.0.1:9101');
    expect(props.get('controller.quorum.voters')).toBe('1@127.0.0.1:9102');
    expect(props.get('offsets.topic.replication.factor')).toBe('1');
    expect(props.get('log.dirs')).toBe('/c/node-1/data');
  });

  it('gives 3 brokers + 3 controllers distinct ids, brokers 1..3 and a shared voter list', () => {
    const shape = resolveShape({ brokers: 3, controllers: 3 });
    const ports = Array.from({ length: portsNeeded(shape) }, (_, i) => 9200 + i);
    const plan = planNodes(shape, ports, '/c');
    expect(plan.map((node) => node.id)).toEqual([101, 102, 103, 1, 2, 3]);
    // Listener ports first, then a metrics port per node: every port distinct.
    expect(plan.map((node) => node.metricsPort)).toEqual([9206, 9207, 9208, 9209, 9210, 9211]);
    const voters = '101@127.0.0.1:9200,102@127.0.0.1:9201,103@127.0.0.1:9202';
    for (const node of plan) expect(nodeProperties(node, plan, shape).get('controller.quorum.voters')).toBe(voters);
    const controller = nodeProperties(plan[0]!, plan, shape);
    expect(controller.get('listeners')).toBe('CONTROLLER://127.0.0.1:9200');
    expect(controller.has('advertised.listeners')).toBe(false);
    const broker = nodeProperties(plan[3]!, plan, shape);
    expect(broker.get('process.roles')).toBe('broker');
    expect(broker.get('listeners')).toBe('PLAINTEXT://127.0.0.1:9203');
    expect(broker.get('offsets.topic.replication.factor')).toBe('3');
    expect(broker.get('transaction.state.log.min.isr')).toBe('2');
  });

  it('passes brokerConfig through untouched to brokers only, after the defaults', () => {
    const shape = resolveShape({ brokers: 2, brokerConfig: { 'num.io.threads': 2, 'group.initial.rebalance.delay.ms': 100 } });
    const plan = planNodes(shape, [1, 2, 3, 4, 5, 6], '/c');
    const broker = nodeProperties(plan[1]!, plan, shape);
    expect(broker.get('num.io.threads')).toBe('2');
    expect(broker.get('group.initial.rebalance.delay.ms')).toBe('100');
    expect(nodeProperties(plan[0]!, plan, shape).has('num.io.threads')).toBe(false);
  });

  it('writes share-coordinator settings only for Kafka 4', () => {
    const plan39 = planNodes(resolveShape({ kafkaVersion: '3.9.1' }), [1, 2, 3], '/c');
    expect(nodeProperties(plan39[0]!, plan39, resolveShape({ kafkaVersion: '3.9.1' })).has('share.coordinator.state.topic.replication.factor')).toBe(false);
    const plan41 = planNodes(resolveShape({}), [1, 2, 3], '/c');
    expect(nodeProperties(plan41[0]!, plan41, resolveShape({})).get('share.coordinator.state.topic.replication.factor')).toBe('1');
  });

  it('renders java properties one key per line', () => {
    expect(
      renderProperties(
        new Map([
          ['a.b', '1'],
          ['c', 'x'],
        ]),
      ),
    ).toBe('a.b=1\nc=x\n');
  });

  it('refuses to plan with too few ports', () => {
    expect(() => planNodes(resolveShape({ brokers: 3 }), [1, 2], '/c')).toThrowError(/needs 8 ports, got 2/);
  });
});
