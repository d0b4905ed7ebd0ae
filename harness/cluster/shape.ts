import { z } from 'zod';
import { UserError } from '../errors.ts';
import { defaultKafkaVersion } from '../kafka-release.ts';
import type { ClusterShape } from './types.ts';

/** Defaults for a cluster shape, applied once before validation. */
export const defaultShape: Readonly<ClusterShape> = Object.freeze({
  brokers: 1,
  controllers: 0,
  kafkaVersion: defaultKafkaVersion,
  brokerConfig: Object.freeze({}),
});

export const maxBrokers = 5;

const shapeSchema = z
  .object({
    brokers: z.number().int().min(1).max(maxBrokers),
    controllers: z.union([z.literal(0), z.literal(1), z.literal(3)]),
    kafkaVersion: z.string().regex(/^\d+\.\d+\.\d+$/, 'a release number such as 4.1.1'),
    brokerConfig: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  })
  .strict();

/**
 * Completes and validates a requested shape. Without `controllers`, one broker runs combined
 * (broker+controller in one JVM) and several brokers get one dedicated controller.
 */
export function resolveShape(requested: Partial<ClusterShape>, where: (key: string) => string = (key) => `cluster.${key}`): ClusterShape {
  const brokers = requested.brokers ?? defaultShape.brokers;
  const candidate = {
    ...defaultShape,
    ...requested,
    brokers,
    controllers: requested.controllers ?? (brokers === 1 ? 0 : 1),
    brokerConfig: { ...(requested.brokerConfig ?? {}) },
  };
  const parsed = shapeSchema.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    if (issue.code === 'unrecognized_keys') {
      throw new UserError(`${where(issue.keys[0] ?? '')}: unknown key`, shapeHint(''));
    }
    const [key = '', ...rest] = issue.path.map(String);
    throw new UserError(`${[where(key), ...rest].join('.')}: ${issue.message}`, shapeHint(key));
  }
  const shape = parsed.data as ClusterShape;
  if (shape.controllers === 0 && shape.brokers > 1) {
    throw new UserError(
      `${where('controllers')}: 0 (combined mode) runs a single node, but brokers is ${shape.brokers}`,
      'use controllers 1 or 3 for several brokers, or brokers 1',
    );
  }
  return shape;
}

function shapeHint(key: string): string {
  switch (key) {
    case 'brokers':
      return `brokers is a whole number from 1 to ${maxBrokers}`;
    case 'controllers':
      return 'controllers is 0 (one combined node), 1 or 3';
    case 'kafkaVersion':
      return 'kafkaVersion is a released Apache Kafka version such as 4.1.1 or 3.9.1';
    case 'brokerConfig':
      return 'brokerConfig maps server.properties keys to strings, numbers or booleans';
    default:
      return 'known keys: brokers, controllers, kafkaVersion, brokerConfig';
  }
}

/** A short label such as `1 combined node` or `3 brokers + 1 controller`. */
export function describeShape(shape: ClusterShape): string {
  if (shape.controllers === 0) return '1 combined node';
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return `${plural(shape.brokers, 'broker')} + ${plural(shape.controllers, 'controller')}`;
}
