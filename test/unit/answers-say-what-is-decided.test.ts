import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isCompleted, type CellResult } from '../../harness/results/cell-result.ts';
import type { RunRecord } from '../../harness/results/run-record.ts';
import { answers, repetitionsToDecide } from '../../harness/analysis/answers.ts';
import { summarizeVariants } from '../../harness/analysis/run-to-summary.ts';

const recorded = JSON.parse(readFileSync(path.join(import.meta.dirname, '..', 'fixtures', 'runs', 'quickstart', 'run.json'), 'utf8')) as RunRecord;
const template = recorded.cells.find(isCompleted)!;

function runWith(cells: Array<{ variant: string; msgs: number; p99: number; offered?: number }>): RunRecord {
  return {
    ...recorded,
    baseline: cells[0]!.variant,
    cells: cells.map(
      (c, index): CellResult => ({
        ...template,
        index,
        variant: c.variant,
        repetition: index + 1,
        throughput: { producedPerSec: c.msgs, consumedPerSec: c.msgs, mbPerSec: 1, ...(c.offered ? { offeredPerSec: c.offered } : {}) },
        latency: {
          ...template.latency!,
          endToEnd: { ...template.latency!.endToEnd!, p99: c.p99 },
          endToEndCorrected: { ...template.latency!.endToEndCorrected!, p99: c.p99 },
        },
      }),
    ),
  };
}
const reps = (variant: string, msgs: number[], p99: number[], offered?: number) =>
  msgs.map((m, i) => ({ variant, msgs: m, p99: p99[i]!, ...(offered ? { offered } : {}) }));
const answersOf = (record: RunRecord) => answers(record, summarizeVariants(record));

describe('the answer block', () => {
  it('names the fastest and the lowest-p99 variant, decided when each difference is significant', () => {
    const run = runWith([...reps('a', [1000, 1010, 990, 1005], [20, 21, 19, 20]), ...reps('b', [1900, 2000, 2050, 1950], [10, 11, 9, 10])]);
    const [fastest, lowest] = answersOf(run);
    expect(fastest).toMatchObject({ best: 'b', decided: true });
    expect(fastest!.text).toMatch(/^b, 1,975 msgs\/s \(mean of 4\) — ahead of every other variant/);
    expect(lowest).toMatchObject({ best: 'b', decided: true });
    expect(lowest!.text).toMatch(/^b, 10 ms \(median of 4\)/);
  });

  it('says what it cannot tell apart, and about how many repetitions would', () => {
    const run = runWith([...reps('a', [1000, 1100, 900, 1050], [20, 21, 19, 20]), ...reps('b', [1050, 950, 1150, 1000], [20, 19, 21, 20])]);
    const [fastest] = answersOf(run);
    expect(fastest!.decided).toBe(false);
    expect(fastest!.text).toMatch(/leads, but this run cannot tell it from a \(.*: (about \d+|more than 50) repetitions of each would tell\)/);
  });

  it('at a fixed rate every variant carried, says throughput does not separate them', () => {
    const run = runWith([...reps('a', [1000, 999, 1000], [5, 5, 5], 1000), ...reps('b', [1000, 1001, 1000], [6, 6, 6], 1000)]);
    expect(answersOf(run)[0]).toMatchObject({ decided: true, text: expect.stringMatching(/^Every variant carried its offered rate/) });
    // Two repetitions have no interval to decide with.
    const two = runWith([...reps('a', [1000, 999], [5, 5], 1000), ...reps('b', [1000, 1001], [6, 6], 1000)]);
    expect(answersOf(two)[0]).toMatchObject({ decided: false, text: expect.stringMatching(/means only \(2 repetitions: no interval\): not decided\.$/) });
    const tight = runWith([...reps('a', [1000, 999, 1001, 1000], [5, 5, 5, 5], 1000), ...reps('b', [1000, 1001, 999, 1000], [6, 6, 6, 6], 1000)]);
    expect(answersOf(tight)[0]).toMatchObject({ question: 'Which variants carry the offered rate?', decided: true });
  });

  it('at a fixed rate, names the variants that fell short and by how much', () => {
    const run = runWith([...reps('a', [5000, 4990, 5010, 5000], [5, 5, 5, 5], 5000), ...reps('b', [1400, 1300, 1500, 1400], [60, 70, 50, 60], 5000)]);
    expect(answersOf(run)[0]).toMatchObject({
      decided: true,
      text: 'a carried the offered rate; short of it: b 1,400 msgs/s of 5,000 offered (28 %).',
    });
  });

  it('with one repetition each, leaves every question open instead of failing', () => {
    const run = runWith([...reps('a', [1000], [5]), ...reps('b', [2000], [9])]);
    const found = answersOf(run);
    expect(found.map((a) => a.decided)).toEqual([false, false, false]);
    expect(found[0]!.best).toBe('b');
  });

  it('has nothing to answer for one variant', () => {
    expect(answersOf(runWith(reps('a', [1000, 1001], [5, 5])))).toEqual([]);
  });

  it('estimates repetitions with the normal approximation, never below 3', () => {
    // CV 10 %, a 10 % difference: 2 · (1.96 + 0.84)² ≈ 15.7 → 16.
    expect(repetitionsToDecide(0.1, 0.1)).toBe(16);
    expect(repetitionsToDecide(0.01, 0.5)).toBe(3);
    expect(repetitionsToDecide(0.1, 0)).toBe(Number.POSITIVE_INFINITY);
  });
});
