import { describe, expect, it } from 'vitest';
import { parseExperiment } from '../../harness/experiment-file/load-experiment.ts';
import { setupDefaults } from '../../harness/experiment-file/defaults.ts';

describe('parseExperiment', () => {
  it('gives a file with no variants one variant, "base", with every default', () => {
    const experiment = parseExperiment('experiments/min.yaml', 'description: smallest\n');
    expect(experiment.name).toBe('min');
    expect(experiment.variants).toHaveLength(1);
    expect(experiment.variants[0]!.name).toBe('base');
    expect(experiment.variants[0]!.setup).toEqual(setupDefaults);
    expect(experiment).toMatchObject({ repetitions: 1, duration: '30s', durationMs: 30_000, warmupMs: 5_000, baseline: 'base' });
  });

  it('deep-merges each variant onto the base, keeping sibling keys', () => {
    const experiment = parseExperiment(
      'x.yaml',
      [
        'topic: { partitions: 6, config: { retention.ms: 60000 } }',
        'variants:',
        '  - { name: a }',
        '  - { name: b, topic: { config: { min.insync.replicas: 1 } } }',
      ].join('\n'),
    );
    const [a, b] = experiment.variants;
    expect(a!.setup.topic).toEqual({ partitions: 6, replicationFactor: 1, config: { 'retention.ms': 60000 } });
    expect(b!.setup.topic).toEqual({ partitions: 6, replicationFactor: 1, config: { 'retention.ms': 60000, 'min.insync.replicas': 1 } });
    expect(b!.overrides).toEqual({ topic: { config: { 'min.insync.replicas': 1 } } });
  });

  it('crosses the matrix with itself in file order, naming each combination', () => {
    const experiment = parseExperiment('x.yaml', 'matrix:\n  serializer: [json, protobuf]\n  topic.partitions: [1, 100]\n');
    expect(experiment.variants.map((v) => v.name)).toEqual([
      'serializer=json,topic.partitions=1',
      'serializer=json,topic.partitions=100',
      'serializer=protobuf,topic.partitions=1',
      'serializer=protobuf,topic.partitions=100',
    ]);
    expect(experiment.variants[3]!.setup).toMatchObject({ serializer: 'protobuf', topic: { partitions: 100 } });
  });

  it('crosses variants with the matrix when both are given', () => {
    const experiment = parseExperiment(
      'x.yaml',
      [
        'variants: [{ name: kjs, producer: { client: kafkajs, config: {} } }, { name: ckjs, producer: { client: confluent, config: {} } }]',
        'matrix: { workload.producers: [1, 3] }',
      ].join('\n'),
    );
    expect(experiment.variants.map((v) => v.name)).toEqual([
      'kjs/workload.producers=1',
      'kjs/workload.producers=3',
      'ckjs/workload.producers=1',
      'ckjs/workload.producers=3',
    ]);
    expect(experiment.variants[2]!.setup.producer.client).toBe('confluent');
    // Each variant knows what it is as data: the name is formatted from it, never parsed back.
    expect(experiment.variants[2]!.key).toEqual({ variant: 'ckjs', matrix: [['workload.producers', '1']] });
  });

  it('takes a variant’s short name as the baseline of a matrix: every combination against its own', () => {
    const experiment = parseExperiment(
      'x.yaml',
      [
        'baseline: kjs',
        'variants: [{ name: kjs }, { name: ckjs, producer: { client: confluent, config: {} } }]',
        'matrix: { workload.producers: [1, 3] }',
      ].join('\n'),
    );
    expect(experiment.baseline).toBe('kjs');
    expect(() => parseExperiment('x.yaml', ['baseline: nope', 'variants: [{ name: kjs }]', 'matrix: { workload.producers: [1, 3] }'].join('\n'))).toThrow(
      /"nope" names no variant/,
    );
  });

  it('interleaves repetitions so every variant runs once before any runs twice', () => {
    const experiment = parseExperiment('x.yaml', 'repetitions: 3\norder: as-written\npilot: false\nvariants: [{ name: a }, { name: b }]\n');
    expect(experiment.cells.map((c) => `${c.variant}${c.repetition}`)).toEqual(['a1', 'b1', 'a2', 'b2', 'a3', 'b3']);
  });

  it('runs an uncounted pilot round first, then shuffles each round by a seed it can repeat', () => {
    const text = 'repetitions: 6\nseed: 42\nvariants: [{ name: a }, { name: b }, { name: c }, { name: d }]\n';
    const experiment = parseExperiment('x.yaml', text);
    expect(experiment.pilot).toBe(true);
    expect(experiment.order).toEqual({ shuffled: true, seed: 42 });
    const rounds = [0, 1, 2, 3, 4, 5, 6].map((round) => experiment.cells.filter((c) => c.repetition === round).map((c) => c.variant));
    // Every round holds every variant once, and the cells run round by round, the pilot round first.
    for (const round of rounds) expect([...round].sort()).toEqual(['a', 'b', 'c', 'd']);
    expect(experiment.cells.map((c) => c.repetition)).toEqual(rounds.flatMap((round, i) => round.map(() => i)));
    // Shuffled: not every round in the written order; the same seed gives the same plan.
    expect(rounds.some((round) => round.join() !== 'a,b,c,d')).toBe(true);
    expect(parseExperiment('x.yaml', text).cells).toEqual(experiment.cells);
    // Fewer than 3 repetitions make no interval, so they get no pilot unless asked.
    expect(parseExperiment('x.yaml', 'repetitions: 2\nvariants: [{ name: a }]\n').pilot).toBe(false);
  });

  it('applies --set overrides, read as YAML values, before validation', () => {
    const experiment = parseExperiment('x.yaml', 'topic: { partitions: 3 }\n', {
      set: ['topic.partitions=6', 'workload.rate=max', 'producer.config.linger.ms=20'],
    });
    expect(experiment.variants[0]!.setup.topic.partitions).toBe(6);
    expect(experiment.variants[0]!.setup.workload.rate).toBe('max');
    expect(experiment.variants[0]!.setup.producer.config['linger.ms']).toBe(20);
    expect(() => parseExperiment('x.yaml', 'description: x\n', { set: ['topic.partitons=6'] })).toThrowError(/--set topic.partitons: unknown key/);
  });

  it('sizes a bytes message at 1 KiB unless told otherwise', () => {
    const experiment = parseExperiment('x.yaml', 'workload: { message: bytes }\n');
    expect(experiment.variants[0]!.setup.workload.messageSize).toBe(1024);
  });

  it('accepts the example from the issue', () => {
    const experiment = parseExperiment(
      'serializers.yaml',
      [
        'name: serializers',
        'description: JSON vs Protobuf on the bus telemetry stream',
        'repetitions: 3',
        'duration: 30s',
        'warmup: 5s',
        'cluster: { provider: auto, kafkaVersion: 4.1.1, brokers: 3, controllers: 1, brokerConfig: {} }',
        'topic:   { partitions: 3, replicationFactor: 3, config: { min.insync.replicas: 2 } }',
        'workload: { message: bus, rate: 1000, producers: 1, keys: 50 }',
        'producer: { client: confluent, config: { acks: all, linger.ms: 5, compression.type: none } }',
        'serializer: json',
        'processor: { consumers: 1, task: window-average, window: 20s }',
        'sink: { type: csv, batchSize: 100 }',
        'profile: { cpu: false, flamegraph: false }',
        'variants:',
        '  - { name: json, serializer: json }',
        '  - { name: protobuf, serializer: protobuf }',
        'matrix:',
        '  topic.partitions: [1, 100]',
      ].join('\n'),
    );
    // A pilot round and 3 repetitions of 4 variants.
    expect(experiment.cells).toHaveLength((1 + 3) * 4);
    expect(experiment.variants.map((v) => v.name)).toEqual([
      'json/topic.partitions=1',
      'json/topic.partitions=100',
      'protobuf/topic.partitions=1',
      'protobuf/topic.partitions=100',
    ]);
  });
});
