import { z } from 'zod';
import { parseDuration } from './duration.ts';
import { cpuListPattern } from '../util/cpu-placement.ts';
import { drivers } from '../drivers/registry.ts';
import { serializers } from '../serializers/registry.ts';
import { sinks } from '../sinks/registry.ts';
import { tasks } from '../tasks/registry.ts';

const duration = z.string().refine((text) => parseDuration(text) !== undefined, { message: 'expected a duration such as 30s, 500ms or 2m' });
const cpuList = z.union([z.literal('any'), z.string().regex(cpuListPattern, 'expected a CPU list as taskset takes it, such as "1", "0-1" or "0,2", or any')]);
const clientProperties = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]));

/**
 * `repetitions: auto` starts with this many repetitions of each variant before its first look: one more than the
 * fewest an interval needs, so the first look's Welch t has a few degrees of freedom to stand on.
 */
export const minAutoRepetitions = 4;
/** repetitions: auto's precision for p99 latency when the file gives none: a tail spreads far more than a rate. */
export const defaultP99Precision = 0.25;

/** A registry's names as a tuple zod's enum takes: a plug-in is chosen by the key it is registered under. */
function namesOf<T extends object>(registry: T): [keyof T & string, ...Array<keyof T & string>] {
  return Object.keys(registry) as [keyof T & string, ...Array<keyof T & string>];
}

/** The names users pick from: plug-ins' from their registries, the engine's own kinds listed here. */
export const choices = {
  provider: ['auto', 'local', 'compose', 'external'],
  message: ['cpu', 'bus', 'bytes'],
  generator: ['harness', 'bare', 'producer-performance'],
  processorKind: ['harness', 'bare', 'consumer-performance'],
  client: namesOf(drivers),
  serializer: namesOf(serializers),
  task: namesOf(tasks),
  sink: namesOf(sinks),
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
    /** External clusters: each broker's Prometheus metrics page (the JMX exporter with our rules), in broker-id order. */
    metricsUrls: z.array(z.string().regex(/^https?:\/\/[^/\s]+(\/\S*)?$/, 'expected a URL such as http://broker-1:7071/metrics')).optional(),
    cpus: cpuList.optional(),
  }),
  topic: z.strictObject({
    partitions: z.number().int().min(1).max(10_000),
    replicationFactor: z.number().int().min(1),
    config: clientProperties,
  }),
  workload: z.strictObject({
    generator: oneOf(choices.generator),
    message: oneOf(choices.message),
    messageSize: z
      .number()
      .int()
      .min(1)
      .max(10 * 1024 * 1024)
      .optional(),
    rate: z.union([z.number().positive(), z.literal('max')]),
    producers: z.number().int().min(1).max(16),
    keys: z.number().int().min(1),
    cpus: cpuList.optional(),
  }),
  producer: z.strictObject({ client: oneOf(choices.client), config: clientProperties }),
  consumer: z.strictObject({ client: oneOf(choices.client).optional(), config: clientProperties }),
  serializer: oneOf(choices.serializer),
  processor: z.strictObject({
    kind: oneOf(choices.processorKind),
    consumers: z.number().int().min(0).max(16),
    task: oneOf(choices.task),
    window: duration,
    alertThreshold: z.number().gt(0).max(1),
  }),
  sink: z.strictObject({ type: oneOf(choices.sink), batchSize: z.number().int().min(1) }),
  fault: z
    .strictObject({
      killBroker: z.number().int().min(1),
      at: duration,
      restartAfter: duration.optional(),
    })
    .optional(),
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
  name: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, ".", "_" and "-" only')
    .optional(),
  description: z.string().optional(),
  /** Where a run folder's resolved experiment.yaml was resolved from: a note, so that file runs again as it is. */
  source: z.string().optional(),
  repetitions: z.union([z.number().int().min(1).max(100), z.literal('auto')]).optional(),
  maxRepetitions: z.number().int().min(minAutoRepetitions).max(100).optional(),
  precision: z.number().gt(0).max(0.5).optional(),
  p99Precision: z.number().gt(0).max(2).optional(),
  pilot: z.boolean().optional(),
  order: z.enum(['shuffled', 'as-written']).optional(),
  seed: z.number().int().min(0).max(2_147_483_647).optional(),
  duration: duration.optional(),
  warmup: duration.optional(),
  clusterWarmup: duration.optional(),
  baseline: z.string().optional(),
  ramp: z
    .strictObject({
      from: z.number().positive(),
      factor: z.number().gt(1).max(10).optional(),
      maxSteps: z.number().int().min(2).max(30).optional(),
      p99Ms: z.number().positive(),
      precision: z.number().gt(0).max(1).optional(),
    })
    .optional(),
  /** Metric name → condition; checked in detail by parseThresholds, which names unknown metrics. */
  thresholds: z.record(z.string(), z.unknown()).optional(),
  variants: z.array(z.record(z.string(), z.unknown())).optional(),
  matrix: z.record(z.string(), z.array(z.unknown()).min(1, 'a matrix key needs at least one value')).optional(),
  ...Object.fromEntries(Object.keys(setupSchema.shape).map((key) => [key, z.unknown().optional()])),
});

export const setupKeys = Object.keys(setupSchema.shape);
