import { describe, expect, it } from 'vitest';
import { UserError } from '../../harness/errors.ts';
import { describeShape, resolveShape } from '../../harness/cluster/shape.ts';

describe('resolveShape', () => {
  it('defaults to one combined node of Kafka 4.1.1', () => {
    expect(resolveShape({})).toEqual({ brokers: 1, controllers: 0, kafkaVersion: '4.1.1', brokerConfig: {} });
  });

  it('gives several brokers one dedicated controller unless told otherwise', () => {
    expect(resolveShape({ brokers: 3 }).controllers).toBe(1);
    expect(resolveShape({ brokers: 3, controllers: 3 }).controllers).toBe(3);
    expect(describeShape(resolveShape({ brokers: 3, controllers: 1 }))).toBe('3 brokers + 1 controller');
  });

  it.each([
    [{ brokers: 0 }, /cluster\.brokers: .*1/],
    [{ brokers: 6 }, /cluster\.brokers: .*5/],
    [{ brokers: 2.5 }, /cluster\.brokers/],
    [{ controllers: 2 as never }, /cluster\.controllers/],
    [{ brokers: 3, controllers: 0 as const }, /combined mode\) runs a single node, but brokers is 3/],
    [{ kafkaVersion: '4.1' }, /cluster\.kafkaVersion: a release number/],
    [{ kafkaVersion: 'latest' }, /cluster\.kafkaVersion/],
    [{ brokerConfig: { 'num.io.threads': [1] as never } }, /cluster\.brokerConfig\.num\.io\.threads/],
  ])('rejects %j with an error naming the key', (shape, message) => {
    expect(() => resolveShape(shape)).toThrowError(UserError);
    expect(() => resolveShape(shape)).toThrowError(message);
  });

  it('names keys the way the caller spells them', () => {
    const flag = (key: string) => `--${key}`;
    expect(() => resolveShape({ brokers: 9 }, flag)).toThrowError(/^--brokers: /);
  });

  it('rejects unknown keys', () => {
    expect(() => resolveShape({ brokerz: 3 } as never)).toThrowError(
      /^cluster\.brokerz: unknown key \(known keys: brokers, controllers, kafkaVersion, brokerConfig\)/,
    );
  });
});
