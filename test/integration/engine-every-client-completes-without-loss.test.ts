import { readFile } from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { cellName } from '../../harness/experiment-file/cell-key.ts';
import { type RunRecord, runSchemaVersion } from '../../harness/results/run-record.ts';
import { runInline } from '../support/run-inline-experiment.ts';

let runDir: string;
let record: RunRecord;

beforeAll(async () => {
  ({ runDir, record } = await runInline(
    'every-client',
    [
      'duration: 4s',
      'warmup: 2s',
      'cluster: { provider: local, brokers: 1 }',
      'topic: { partitions: 3, replicationFactor: 1 }',
      'workload: { message: bus, rate: 500, producers: 1, keys: 20 }',
      'processor: { consumers: 1, task: window-average, window: 1s }',
      'variants:',
      '  - { name: kafkajs-csv, producer: { client: kafkajs, config: { acks: all } }, sink: { type: csv, batchSize: 50 } }',
      '  - { name: confluent-sqlite, producer: { client: confluent, config: { acks: all, linger.ms: 5 } }, serializer: protobuf, sink: { type: sqlite, batchSize: 50 } }',
      '  - { name: rdkafka-csv, producer: { client: confluent-rdkafka, config: { acks: all, linger.ms: 5 } }, serializer: avro, sink: { type: csv, batchSize: 50 } }',
      '  - { name: platformatic-csv, producer: { client: platformatic, config: { acks: all, linger.ms: 5 } }, serializer: msgpack, sink: { type: csv, batchSize: 50 } }',
    ].join('\n'),
  ));
}, 240_000);

describe('a run of four clients on a real broker', () => {
  it('completes every cell with no loss and every acknowledged message consumed once', () => {
    expect(record.status).toBe('completed');
    // Each round runs in a shuffled order (run.json's order.seed): which variant ran first is not the point here.
    expect(record.cells.map((c) => [c.variant, c.status]).sort()).toEqual([
      ['confluent-sqlite', 'completed'],
      ['kafkajs-csv', 'completed'],
      ['platformatic-csv', 'completed'],
      ['rdkafka-csv', 'completed'],
    ]);
    for (const cell of record.cells) {
      expect(cell.produced!.acked).toBeGreaterThan(2000);
      expect(cell.produced!.errors).toBe(0);
      expect(cell.lost).toBe(0);
      expect(cell.consumed!.unique).toBe(cell.produced!.acked);
      expect(cell.consumed!.duplicates).toBe(0);
      expect(cell.latency!.endToEnd!.count).toBeGreaterThan(0);
      expect(cell.latency!.endToEnd!.p99).toBeGreaterThanOrEqual(cell.latency!.endToEnd!.p50);
      expect(cell.latency!.endToEndCorrected).not.toBeNull();
      expect(cell.task!.windowsClosed).toBeGreaterThan(0);
      expect(cell.resources!.map((p) => p.role).sort()).toEqual(['broker', 'generator', 'processor']);
      // The broker's own view of the same cell: it took the messages in, and its produce requests have a p99.
      const [broker] = cell.brokerMetrics!;
      expect(broker!.name).toBe('broker-1');
      expect(Math.max(...broker!.figures.map((f) => f.messagesInPerSec ?? 0))).toBeGreaterThan(0);
      expect(broker!.figures.some((f) => (f.produceP99Ms ?? 0) > 0)).toBe(true);
      // … and a mean of the requests each second completed (Kafka rounds each to whole ms, so it may be 0 on a quiet broker).
      expect(broker!.figures.some((f) => f.produceMeanMs !== undefined && f.produceMeanMs >= 0)).toBe(true);
      // The bus message serializes to a few hundred bytes; Kafka's record batches add a little per record.
      expect(cell.disk!.bytesPerMessage).toBeGreaterThan(100);
      expect(cell.disk!.bytesPerMessage).toBeLessThan(1000);
    }
  });

  it('persists every consumed message to the CSV sink, counted in the sink', async () => {
    const cell = record.cells.find((c) => c.variant === 'kafkajs-csv')!;
    const csv = await readFile(path.join(runDir, cell.files!.logs, 'sink-processor-1.csv'), 'utf8');
    const rows = csv.trim().split('\n').slice(1);
    expect(rows).toHaveLength(cell.sink!.persisted);
    expect(cell.sink!.persisted).toBe(cell.consumed!.unique);
    expect(new Set(rows.map((row) => row.split(',')[1])).size).toBe(rows.length);
  });

  it('persists every consumed message to the SQLite sink', () => {
    const cell = record.cells.find((c) => c.variant === 'confluent-sqlite')!;
    const db = new Database(path.join(runDir, cell.files!.logs, 'sink.sqlite'), { readonly: true });
    const { rows } = db.prepare(`SELECT count(*) AS rows FROM cell_${cell.index + 1}`).get() as { rows: number };
    db.close();
    expect(rows).toBe(cell.sink!.persisted);
    expect(rows).toBe(cell.consumed!.unique);
  });

  it('writes the run folder: resolved experiment, run.json and raw histograms', async () => {
    const onDisk = JSON.parse(await readFile(path.join(runDir, 'run.json'), 'utf8')) as RunRecord;
    expect(onDisk.schemaVersion).toBe(runSchemaVersion);
    // Each cell says what it is a repetition of, as data: its name is formatted from it.
    for (const cell of onDisk.cells) expect(cellName(cell.key)).toBe(cell.variant);
    expect(onDisk.environment.clients).toHaveProperty('kafkajs');
    expect(onDisk.environment.kafkaVersions).toEqual(['4.1.1']);
    expect(await readFile(path.join(runDir, 'experiment.yaml'), 'utf8')).toContain('name: confluent-sqlite');
    const histograms = JSON.parse(await readFile(path.join(runDir, record.cells[0]!.files!.histograms), 'utf8'));
    expect(histograms.merged.endToEnd).toMatch(/^[A-Za-z0-9+/=]+$/);
  });
});
