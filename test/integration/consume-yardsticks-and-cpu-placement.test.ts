import { describe, expect, it } from 'vitest';
import { harnessCosts } from '../../harness/analysis/harness-costs.ts';
import { runInline } from '../support/run-inline-experiment.ts';

describe('consume-side yardsticks and CPU placement on a real broker', () => {
  // One run: a fixed-rate bare producer read by Kafka's ConsumerPerformance and by a bare kafkajs consumer, and a
  // harness pipeline beside the same client's bare consume loop; the bare variants run on CPU 1, the brokers on 0.
  it('counts what ConsumerPerformance and a bare consumer read, and pins processes where asked', async () => {
    const { record } = await runInline(
      'consume-yardsticks',
      [
        'duration: 6s',
        'warmup: 3s',
        'cluster: { provider: local, cpus: "0" }',
        'workload: { message: bytes, messageSize: 100, rate: 3000 }',
        'producer: { client: kafkajs, config: { acks: 1 } }',
        'processor: { consumers: 1, task: passthrough }',
        'variants:',
        '  - { name: bare-to-consumer-performance, workload: { generator: bare, cpus: "1" }, processor: { kind: consumer-performance } }',
        '  - { name: harness-kafkajs }',
        '  - { name: bare-kafkajs, processor: { kind: bare } }',
      ].join('\n'),
    );
    expect(record.status).toBe('completed');
    // The round ran in a shuffled order: each cell by its variant.
    const cellOf = (variant: string) => record.cells.find((cell) => cell.variant === variant);
    const [tool, harness, bare] = [cellOf('bare-to-consumer-performance'), cellOf('harness-kafkajs'), cellOf('bare-kafkajs')];
    for (const cell of [tool!, bare!]) {
      expect(cell.status, cell.reason).toBe('completed');
      // 3,000 records/s offered for 6 s: read at that rate, with no loss or end-to-end figure claimed.
      expect(cell.throughput!.consumedPerSec).toBeGreaterThan(2500);
      expect(cell.throughput!.consumedPerSec).toBeLessThan(3500);
      expect(cell.consumed!.unique).toBeUndefined();
      expect(cell.lost).toBeUndefined();
      expect(cell.latency!.endToEnd).toBeUndefined();
    }
    // The bare producer at a fixed rate carried it.
    expect(tool!.throughput!.producedPerSec).toBeGreaterThan(2700);
    expect(tool!.resources!.map((p) => p.name)).toContain('processor-1-consumer-performance');
    expect(harness!.lost).toBe(0);
    expect(record.environment.cpuPlacement).toEqual([
      { variant: 'bare-to-consumer-performance', cluster: '0', workload: '1' },
      { variant: 'harness-kafkajs', cluster: '0' },
      { variant: 'bare-kafkajs', cluster: '0' },
    ]);
    const costs = harnessCosts(record).map((cost) => cost.text);
    expect(costs.some((text) => /^harness processor \(harness-kafkajs\) = .* bare kafkajs consume loop \(bare-kafkajs\)/.test(text))).toBe(true);
  }, 240_000);
});
