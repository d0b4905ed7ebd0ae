import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isCompleted, type CellResult } from '../../harness/results/cell-result.ts';
import type { RunRecord } from '../../harness/results/run-record.ts';
import { summarizeVariants } from '../../harness/analysis/run-to-summary.ts';
import { modelToCsv } from '../../harness/report/model-to-csv.ts';
import { modelToMarkdown } from '../../harness/report/model-to-markdown.ts';
import { runToModel } from '../../harness/report/report-model.ts';
import { verdicts } from '../../harness/analysis/verdicts.ts';

const recorded = JSON.parse(readFileSync(path.join(import.meta.dirname, '..', 'fixtures', 'runs', 'quickstart', 'run.json'), 'utf8')) as RunRecord;
const template = recorded.cells.find(isCompleted)!;

/** A run whose cells carry only what the summary reads. */
function runWith(cells: Array<{ variant: string; msgs: number; p99: number }>, baseline = 'base'): RunRecord {
  return {
    ...recorded,
    baseline,
    cells: cells.map(
      (c, index): CellResult => ({
        ...template,
        index,
        variant: c.variant,
        repetition: index + 1,
        status: 'completed',
        throughput: { producedPerSec: c.msgs, consumedPerSec: c.msgs, mbPerSec: 1 },
        latency: {
          ...template.latency!,
          endToEnd: { ...template.latency!.endToEnd!, p99: c.p99 },
          endToEndCorrected: { ...template.latency!.endToEndCorrected!, p99: c.p99 },
        },
      }),
    ),
  };
}

const reps = (variant: string, msgs: number[], p99: number[]) => msgs.map((m, i) => ({ variant, msgs: m, p99: p99[i]! }));

describe('summary of a recorded run', () => {
  it('has a row per variant with mean ± CI msgs/s, end-to-end percentiles, loss and persistence', () => {
    const rows = summarizeVariants(recorded);
    expect(rows.map((r) => r.variant)).toEqual(['json', 'protobuf']);
    for (const row of rows) {
      expect(row.completed).toBe(2);
      expect(row.msgsPerSec.n).toBe(2);
      // Two repetitions: the mean alone, no interval (a t-interval on two values is wider than the figure).
      expect(row.msgsPerSec.low).toBeUndefined();
      expect(row.figures['latency.p50']!).toBeLessThanOrEqual(row.figures['latency.p99']!);
      expect(row.figures['latency.p99']!).toBeLessThanOrEqual(row.figures['latency.p999']!);
      expect(row.figures.lost).toBe(0);
      // Recorded before the sink counted the measured window apart: no figure rather than warm-up and drain mixed in.
      expect(row.figures.persisted).toBeUndefined();
      expect(row.figures.harnessCpu).toBeGreaterThan(0);
    }
  });

  it('counts persisted rows of the measured window, a median over repetitions, and gives each CPU figure its range', () => {
    const run = runWith(reps('base', [100, 100, 100], [1, 1, 1]));
    run.cells.forEach((cell, i) => {
      cell.sink = { persisted: 5000 + i, measured: [900, 1000, 950][i]! };
    });
    const [row] = summarizeVariants(run);
    expect(row!.figures.persisted).toBe(950);
    const cpu = row!.cpuRanges.generator!;
    expect(cpu.low).toBeLessThanOrEqual(row!.figures.generatorCpu!);
    expect(cpu.high).toBeGreaterThanOrEqual(row!.figures.generatorCpu!);
  });

  it('renders Markdown and CSV from the record alone', () => {
    const model = runToModel(recorded);
    const markdown = modelToMarkdown(model);
    expect(markdown).toContain('| json | 2/2 |');
    expect(markdown).toContain('## Verdicts');
    const csv = modelToCsv(model).trim().split('\n');
    expect(csv[0]).toMatch(/^variant,completed,cells,msgs_per_sec_mean/);
    expect(csv).toHaveLength(3);
  });

  it('escapes what the experiment file named: a pipe cannot break the table, a comma or quote cannot break the CSV', () => {
    const hostile = '<img src=x onerror=alert(1)> | "a, b"';
    const run = runWith([...reps('base', [100, 101], [10, 11]), ...reps(hostile, [100, 99], [10, 10])]);
    const model = runToModel(run);
    expect(modelToMarkdown(model)).toContain('<img src=x onerror=alert(1)> \\| "a, b"');
    expect(modelToCsv(model)).toContain('"<img src=x onerror=alert(1)> | ""a, b"""');
  });
});

describe('verdicts against the baseline', () => {
  it('calls a clear, repeated difference significant, with the ratio, its interval and the Holm-adjusted p', () => {
    const run = runWith([...reps('base', [1000, 1010, 990, 1005], [20, 21, 19, 20]), ...reps('fast', [1900, 2000, 2050, 1950], [10, 11, 9, 10])]);
    const [throughput, latency] = verdicts(run);
    expect(throughput!.significant).toBe(true);
    expect(throughput!.ratio).toBeCloseTo(1.97, 2);
    expect(throughput!.text).toMatch(
      /^fast: 1\.97× the msgs\/s of base \(ratio of geometric means, 95 % CI 1\.\d\d–2\.\d\d\) — significant \(Welch t on logs p < 0\.0001, needed ≤ 0\.025, Holm-adjusted p < 0\.0001\)$/,
    );
    expect(throughput!.pAdjusted).toBeGreaterThanOrEqual(throughput!.p!);
    expect(latency!.significant).toBe(true);
    expect(latency!.ratio!).toBeLessThan(1);
  });

  it('judges a p99 on logs, so one wild repetition cannot hide a 14× difference — and adjusts for the family', () => {
    // The p99s of a real run whose first cell ran on a cold cluster (linger.ms 0 against 5, 3 brokers, RF 3).
    const four = runWith(
      [...reps('linger-5', [5000, 5000, 5000, 5000], [1611, 123, 97, 126]), ...reps('linger-0', [5000, 5000, 5000, 5000], [27689, 1713, 1559, 1702])],
      'linger-5',
    );
    const latency = verdicts(four).find((verdict) => verdict.metric === 'p99 latency')!;
    expect(latency.p).toBeCloseTo(0.031, 3);
    // Two verdicts (msgs/s and p99) make a family of two: Holm doubles the smallest p, and 0.062 does not decide.
    expect(latency.pAdjusted).toBeCloseTo(0.062, 3);
    expect(latency.significant).toBe(false);
    // A fifth repetition like the others does.
    const five = runWith(
      [
        ...reps('linger-5', [5000, 5000, 5000, 5000, 5000], [1611, 123, 97, 126, 110]),
        ...reps('linger-0', [5000, 5000, 5000, 5000, 5000], [27689, 1713, 1559, 1702, 1650]),
      ],
      'linger-5',
    );
    const decided = verdicts(five).find((verdict) => verdict.metric === 'p99 latency')!;
    expect(decided.significant).toBe(true);
    expect(decided.low!).toBeGreaterThan(1);
    expect(decided.text).toMatch(/^linger-0: [\d.]+× the p99 latency of linger-5 \(ratio of geometric means, 95 % CI [\d.]+–[\d.]+\) — significant/);
  });

  it('finds no significant difference when the repetitions overlap', () => {
    const run = runWith([...reps('base', [1000, 1020, 980, 1010], [20, 22, 18, 21]), ...reps('same', [1005, 990, 1015, 1000], [21, 19, 20, 22])]);
    expect(verdicts(run).every((v) => v.significant === false)).toBe(true);
    expect(verdicts(run)[0]!.text).toMatch(/^same: no significant difference in msgs\/s from base/);
  });

  it('says when repetitions are too few to judge, instead of pretending', () => {
    const two = runWith([...reps('base', [1000, 1002], [20, 21]), ...reps('other', [2000, 2001], [10, 11])]);
    expect(verdicts(two)[0]!.significant).toBeUndefined();
    expect(verdicts(two)[0]!.text).toBe(
      'other vs base (msgs/s): 2 repetitions: no interval — it takes 3 completed repetitions of each to judge; set repetitions: 3 or more',
    );
    const three = runWith([...reps('base', [1000, 1010, 990], [20, 20, 20]), ...reps('other', [2000, 2010, 1990], [10, 10, 10])]);
    expect(verdicts(three)[0]!.significant).toBe(true);
  });
});

describe('the pilot round', () => {
  it('is shown but never counted: not in the summary, the verdicts or the noise floor, which says what it took out', () => {
    // A cold first cell of each variant at a third of the rate: counted, it alone would make the CV about 30 %.
    const run = runWith([
      ...reps('base', [350, 1000, 1010, 990, 1005], [90, 20, 21, 19, 20]),
      ...reps('same', [340, 1004, 996, 1002, 998], [95, 20, 21, 19, 20]),
    ]);
    for (const variant of ['base', 'same']) run.cells.find((cell) => cell.variant === variant)!.repetition = 0;
    run.pilot = true;
    const rows = summarizeVariants(run);
    expect(rows.map((row) => [row.completed, row.cells])).toEqual([
      [4, 4],
      [4, 4],
    ]);
    expect(rows[0]!.msgsPerSec.mean).toBeCloseTo(1001.25, 2);
    expect(verdicts(run).every((verdict) => verdict.significant === false)).toBe(true);
    const model = runToModel(run);
    expect(model.noiseFloor).toMatch(
      /^Noise floor: CV of msgs\/s over repetitions 0\.\d % \(median of 2 variants; [2-4]\d\.\d % with the uncounted pilot repetition counted\)\.$/,
    );
    expect(model.repetitions.filter((row) => row.repetition === 0)).toHaveLength(2);
  });
});
