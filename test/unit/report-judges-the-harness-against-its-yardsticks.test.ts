import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { harnessCosts } from '../../harness/analysis/harness-costs.ts';
import { type CellKey, cellName, keyOfLegacyName } from '../../harness/experiment-file/cell-key.ts';
import { baselineFor, verdicts } from '../../harness/analysis/verdicts.ts';
import { isCompleted, type CellResult } from '../../harness/results/cell-result.ts';
import type { RunRecord } from '../../harness/results/run-record.ts';

const recorded = JSON.parse(readFileSync(path.join(import.meta.dirname, '..', 'fixtures', 'runs', 'quickstart', 'run.json'), 'utf8')) as RunRecord;
const template = recorded.cells.find(isCompleted)!;

/** A producer-only cell of `variant` at `msgsPerSec`, its setup changed by `change`. */
function cell(variant: string, repetition: number, msgsPerSec: number, change: (params: CellResult['params']) => CellResult['params']): CellResult {
  const params = change({
    ...template.params,
    processor: { ...template.params.processor, consumers: 0 },
    workload: { ...template.params.workload, message: 'bytes', rate: 'max' },
  });
  return {
    ...template,
    variant,
    key: keyOfLegacyName(variant),
    repetition,
    status: 'completed',
    params,
    throughput: { producedPerSec: msgsPerSec, mbPerSec: 0 },
  };
}
const generator =
  (kind: 'harness' | 'bare' | 'producer-performance', client: CellResult['params']['producer']['client'], size: number) =>
  (params: CellResult['params']): CellResult['params'] => ({
    ...params,
    workload: { ...params.workload, generator: kind, messageSize: size },
    producer: { ...params.producer, client },
  });

/** Two sizes; at each, ProducerPerformance, a bare kafkajs loop and the harness's kafkajs generator, 3 repetitions. */
function baselineRun(): RunRecord {
  const cells: CellResult[] = [];
  for (const size of [100, 512]) {
    for (let r = 1; r <= 3; r++) {
      cells.push(cell(`pp/workload.messageSize=${size}`, r, 700_000 / (size / 100) + r, generator('producer-performance', 'kafkajs', size)));
      cells.push(cell(`bare/workload.messageSize=${size}`, r, 100_000 + r * 10, generator('bare', 'kafkajs', size)));
      cells.push(cell(`harness/workload.messageSize=${size}`, r, 80_000 + r * 10, generator('harness', 'kafkajs', size)));
    }
  }
  return { ...recorded, baseline: 'pp/workload.messageSize=100', cells };
}

describe('the harness against its yardsticks', () => {
  it('reads each harness generator against the bare loop of its own size and client, with an interval', () => {
    const costs = harnessCosts(baselineRun());
    const bare = costs.filter((cost) => cost.yardstick.startsWith('bare/'));
    expect(bare.map((cost) => [cost.variant, cost.yardstick])).toEqual([
      ['harness/workload.messageSize=100', 'bare/workload.messageSize=100'],
      ['harness/workload.messageSize=512', 'bare/workload.messageSize=512'],
    ]);
    expect(bare[0]!.ratio).toBeCloseTo(0.8, 2);
    expect(bare[0]!.text).toMatch(/^harness generator \(harness\/workload.messageSize=100\) = 0\.80× \(95 % CI 0\.80–0\.80\) bare kafkajs loop/);
  });

  it('reads every Node producer against ProducerPerformance of the same size', () => {
    const tool = harnessCosts(baselineRun()).filter((cost) => cost.yardstick.startsWith('pp/'));
    expect(tool.map((cost) => [cost.variant, cost.yardstick])).toEqual([
      ['bare/workload.messageSize=100', 'pp/workload.messageSize=100'],
      ['harness/workload.messageSize=100', 'pp/workload.messageSize=100'],
      ['bare/workload.messageSize=512', 'pp/workload.messageSize=512'],
      ['harness/workload.messageSize=512', 'pp/workload.messageSize=512'],
    ]);
    expect(tool[3]!.ratio).toBeCloseTo(80_020 / (700_000 / 5.12 + 2), 3);
  });

  it('has nothing to say about a run without such twins', () => {
    expect(harnessCosts(recorded)).toEqual([]);
  });
});

describe('verdicts over a matrix', () => {
  it('judge each matrix combination against the baseline variant of the same combination', () => {
    const k = (value: string) => ({ matrix: [['k', value]] as Array<[string, string]> });
    const present = [{ variant: 'pp', ...k('1') }, { variant: 'pp', ...k('2') }, { variant: 'x', ...k('1') }, { variant: 'x', ...k('2') }, { variant: 'y' }];
    const judge = (variant: CellKey, baseline: CellKey) => cellName(baselineFor(variant, baseline, present));
    expect(judge({ variant: 'x', ...k('2') }, { variant: 'pp', ...k('1') })).toBe('pp/k=2');
    expect(judge({ variant: 'x', ...k('1') }, { variant: 'pp', ...k('1') })).toBe('pp/k=1');
    expect(judge({ variant: 'y' }, { variant: 'pp', ...k('1') })).toBe('pp/k=1');
    expect(judge({ variant: 'x', ...k('3') }, { variant: 'pp', ...k('1') })).toBe('pp/k=1');
    expect(judge({ variant: 'x', ...k('2') }, { variant: 'base' })).toBe('base');
    // A short name: each combination against its own pp.
    expect(judge({ variant: 'x', ...k('2') }, { variant: 'pp' })).toBe('pp/k=2');
    expect(judge({ variant: 'x', ...k('1') }, { variant: 'pp' })).toBe('pp/k=1');
    const judged = verdicts(baselineRun());
    expect(judged.some((v) => v.variant === 'pp/workload.messageSize=512')).toBe(false);
    expect(judged.filter((v) => v.variant.endsWith('=512')).every((v) => v.baseline === 'pp/workload.messageSize=512')).toBe(true);
  });
});

describe('a variant that did not carry its offered rate', () => {
  it('is marked in the summary and in its verdicts, never shown at the offered rate', async () => {
    const { summarizeVariants } = await import('../../harness/analysis/run-to-summary.ts');
    const { shownColumns } = await import('../../harness/report/summary-columns.ts');
    const fixed = (variant: string, r: number, carried: number) => ({
      ...cell(variant, r, carried, (params) => ({ ...params, workload: { ...params.workload, rate: 1000 } })),
      throughput: { producedPerSec: carried, offeredPerSec: 1000, mbPerSec: 0 },
    });
    const record = {
      ...recorded,
      baseline: 'keeps-up',
      cells: [1, 2, 3, 4].flatMap((r) => [fixed('keeps-up', r, 1000 - r), fixed('falls-behind', r, 400 + r)]),
    };
    const rows = summarizeVariants(record);
    const show = (variant: string, header: string) => shownColumns.find((c) => c.header === header)!.show(rows.find((row) => row.variant === variant)!);
    expect(show('falls-behind', 'msgs/s (mean ± 95 % CI)')).toMatch(/^40\d ± \d+ \(short of offered\)$/);
    expect(show('falls-behind', 'offered msgs/s')).toBe('1000');
    expect(show('keeps-up', 'msgs/s (mean ± 95 % CI)')).not.toMatch(/short/);
    const judged = verdicts(record);
    expect(judged.length).toBe(2);
    for (const verdict of judged) expect(verdict.text).toMatch(/\[falls-behind carried less than 95 % of the offered rate\]$/);
  });
});
