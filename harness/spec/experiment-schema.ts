import { z } from 'zod';
import { parseDuration } from './duration.ts';

const duration = z.string().refine((text) => parseDuration(text) !== undefined, { message: 'expected a duration such as 30s, 500ms or 2m' });
const clientProperties = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]));

/** The names users pick from; each list is the registry of what the engine implements. */
export const choices = {
  provider: ['auto', 'local', 'compose', 'external'],
  message: ['cpu', 'bus', 'bytes'],
  generator: ['harness', 'bare', 'producer-performance'],
  client: ['kafkajs', 'confluent', 'confluent-rdkafka'],
  serializer: ['json', 'protobuf', 'avro', 'msgpack'],
  task: ['passthrough', 'window-average', 'threshold-alert'],
  sink: ['none', 'csv', 'postgres', 'sqlite'],
  clinic: ['doctor', 'flame', 'bubbleprof'],
} as const;

const oneOf = <T extends readonly [string, ...string[]]>(values: T) => z.enum(values);

/** One fully resolved setup: the base with defaults, or a variant merged onto it. Unknown keys are errors. */
export const setupSchema = z.strictObject({
  cluster: z.strictObject({
    provider: oneOf(choices.provider),
    kafkaVersion: z.string().regex(/^\d+\.\d+\.\d+$/, 'expected a release number such as 4.1.1'),
    brokers: z.number().int().min(1).max(5),
    controllers: z.union([z.literal(0), z.literal(1), z.literal(3)]).optional(),
    brokerConfig: clientProperties,
    bootstrapServers: z.array(z.string()).optional(),
  }),
  topic: z.strictObject({
    partitions: z.number().int().min(1).max(10_000),
    replicationFactor: z.number().int().min(1),
    config: clientProperties,
  }),
  workload: z.strictObject({
    generator: oneOf(choices.generator),
    message: oneOf(choices.message),
    messageSize: z.number().int().min(1).max(10 * 1024 * 1024).optional(),
    rate: z.union([z.number().positive(), z.literal('max')]),
    producers: z.number().int().min(1).max(16),
    keys: z.number().int().min(1),
  }),
  producer: z.strictObject({ client: oneOf(choices.client), config: clientProperties }),
  consumer: z.strictObject({ client: oneOf(choices.client).optional(), config: clientProperties }),
  serializer: oneOf(choices.serializer),
  processor: z.strictObject({
    consumers: z.number().int().min(0).max(16),
    task: oneOf(choices.task),
    window: duration,
    alertThreshold: z.number().gt(0).max(1),
  }),
  sink: z.strictObject({ type: oneOf(choices.sink), batchSize: z.number().int().min(1) }),
  fault: z.strictObject({
    killBroker: z.number().int().min(1),
    at: duration,
    restartAfter: duration.optional(),
  }).optional(),
  profile: z.strictObject({
    cpu: z.boolean(),
    flamegraph: z.boolean(),
    clinic: oneOf(choices.clinic).optional(),
    broker: z.boolean(),
  }),
});

/** A resolved setup: everything one cell needs to know about what to run. */
export type Setup = z.infer<typeof setupSchema>;

/** The keys an experiment file has besides the setup keys. */
export const fileSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, ".", "_" and "-" only').optional(),
  description: z.string().optional(),
  repetitions: z.number().int().min(1).max(100).optional(),
  duration: duration.optional(),
  warmup: duration.optional(),
  baseline: z.string().optional(),
  ramp: z.strictObject({
    from: z.number().positive(),
    factor: z.number().gt(1).max(10).optional(),
    maxSteps: z.number().int().min(2).max(30).optional(),
    p99Ms: z.number().positive(),
    precision: z.number().gt(0).max(1).optional(),
  }).optional(),
  variants: z.array(z.record(z.string(), z.unknown())).optional(),
  matrix: z.record(z.string(), z.array(z.unknown()).min(1, 'a matrix key needs at least one value')).optional(),
  ...Object.fromEntries(Object.keys(setupSchema.shape).map((key) => [key, z.unknown().optional()])),
});

export const setupKeys = Object.keys(setupSchema.shape);
