import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CellResult } from '../../harness/results/cell-result.ts';
import type { RunRecord } from '../../harness/results/run-record.ts';
import { repeatUntilDecided } from '../../harness/runner/adaptive-repetitions.ts';
import { adaptiveText, verdicts } from '../../harness/analysis/verdicts.ts';
import { summarizeVariants } from '../../harness/analysis/run-to-summary.ts';
import { parseExperiment, type Cell } from '../../harness/experiment-file/load-experiment.ts';

const recorded = JSON.parse(readFileSync(path.join(import.meta.dirname, '..', 'fixtures', 'runs', 'quickstart', 'run.json'), 'utf8')) as RunRecord;

const experimentFile = (variants: string[], extra = '') =>
  parseExperiment(
    'auto.yaml',
    [
      'repetitions: auto',
      'maxRepetitions: 8',
      'precision: 0.05',
      // The pilot round and the shuffled order are parseExperiment's (tested there); here the rounds are counted.
      'pilot: false',
      'order: as-written',
      extra,
      'cluster: { provider: local }',
      'workload: { message: cpu, rate: 1000 }',
      'variants:',
      ...variants.map((name) => `  - { name: ${name} }`),
    ].join('\n'),
  );

/** A deterministic stand-in for cells: each variant's msgs/s and p99 follow its own sequence, repetition by repetition. */
function simulate(values: Record<string, (repetition: number) => number>) {
  const experiment = experimentFile(Object.keys(values));
  const record: RunRecord = { ...recorded, baseline: experiment.baseline, cells: [], adaptive: { ...experiment.adaptive! } };
  const ran: string[] = [];
  const runCells = async (cells: Cell[]) => {
    for (const cell of cells) {
      ran.push(`${cell.variant}#${cell.repetition}`);
      const msgs = values[cell.variant]!(cell.repetition);
      record.cells.push({
        ...recorded.cells[0]!,
        index: cell.index,
        variant: cell.variant,
        repetition: cell.repetition,
        status: 'completed',
        throughput: { producedPerSec: msgs, consumedPerSec: msgs, mbPerSec: 1 },
        latency: {
          ...recorded.cells[0]!.latency!,
          endToEnd: { ...recorded.cells[0]!.latency!.endToEnd!, p99: 10 + (cell.repetition % 2) * 0.1 },
          endToEndCorrected: { ...recorded.cells[0]!.latency!.endToEndCorrected!, p99: 10 + (cell.repetition % 2) * 0.1 },
        },
      } as CellResult);
    }
  };
  return { experiment, record, ran, runCells };
}

/** Values that swing around `mean` by ±spread, alternating, so every variant has the same noise. */
const noisy =
  (mean: number, spread: number, phase = 0) =>
  (repetition: number) =>
    mean * (1 + spread * Math.sin(repetition * 1.7 + phase));

describe('repetitions: auto', () => {
  it('plans 4 rounds first and refuses maxRepetitions without it', () => {
    const experiment = experimentFile(['a', 'b']);
    expect(experiment.repetitions).toBe(4);
    expect(experiment.cells.map((c) => `${c.variant}#${c.repetition}`).slice(0, 4)).toEqual(['a#1', 'b#1', 'a#2', 'b#2']);
    expect(experiment.adaptive).toEqual({ maxRepetitions: 8, precision: 0.05, p99Precision: 0.25 });
    expect(() => parseExperiment('x.yaml', 'repetitions: 3\nmaxRepetitions: 6\ncluster: { provider: local }')).toThrow(
      /maxRepetitions: applies to repetitions: auto only/,
    );
  });

  it('stops at once when the first rounds decide every verdict (a clear difference)', async () => {
    const { experiment, record, runCells } = simulate({ a: noisy(1000, 0.01), b: noisy(2000, 0.01, 1) });
    await runCells(experiment.cells);
    const stop = await repeatUntilDecided(experiment, record, new AbortController().signal, runCells);
    expect(stop).toBe('every verdict decided');
    expect(record.cells).toHaveLength(8);
    expect(verdicts(record).find((v) => v.metric === 'msgs/s')!.significant).toBe(true);
  });

  it('calls an A/A pair "no difference" once the interval is within the precision', async () => {
    const { experiment, record, ran, runCells } = simulate({ a: noisy(1000, 0.045), b: noisy(1000, 0.045, 0.5) });
    await runCells(experiment.cells);
    const stop = await repeatUntilDecided(experiment, record, new AbortController().signal, runCells);
    record.adaptive!.stoppedBy = stop;
    const msgs = verdicts(record).find((v) => v.metric === 'msgs/s')!;
    expect(msgs.significant).toBe(false);
    expect(msgs.text).toMatch(
      /^b: no difference in msgs\/s from a beyond ±5 % .*two one-sided tests p = [\d.]+, needed ≤ [\d.]+, Holm-adjusted p = [\d.]+; O'Brien–Fleming alpha spending, look \d of 5, \d repetitions each\)$/,
    );
    expect(stop).toBe('every verdict decided');
    // ±4.5 % noise needs more than the first 4 rounds to bring the interval within ±5 % at the design's level.
    expect(record.cells.length).toBeGreaterThan(8);
    // Round-robin: both variants are repeated in every extra round.
    expect(ran.filter((r) => r.startsWith('a#'))).toHaveLength(ran.filter((r) => r.startsWith('b#')).length);
  });

  it('spends the budget on a pair too noisy to decide, and says so', async () => {
    const { experiment, record, runCells } = simulate({ a: noisy(1000, 0.4), b: noisy(1030, 0.4, 2) });
    await runCells(experiment.cells);
    const stop = await repeatUntilDecided(experiment, record, new AbortController().signal, runCells);
    record.adaptive!.stoppedBy = stop;
    record.repetitions = 8;
    expect(stop).toBe('maxRepetitions reached');
    expect(record.cells.filter((c) => c.variant === 'a')).toHaveLength(8);
    expect(record.adaptive!.undecided).toContain('b vs a (msgs/s)');
    expect(adaptiveText(record)).toMatch(/the budget spent; undecided: b vs a \(msgs\/s\)/);
    // The noise floor shows in the summary: CV % of msgs/s over repetitions.
    expect(summarizeVariants(record)[0]!.figures.msgsPerSecCv).toBeGreaterThan(10);
  });

  it('stops repeating when interrupted', async () => {
    const { experiment, record, runCells } = simulate({ a: noisy(1000, 0.4), b: noisy(1030, 0.4, 2) });
    await runCells(experiment.cells);
    const stop = new AbortController();
    stop.abort();
    expect(await repeatUntilDecided(experiment, record, stop.signal, runCells)).toBe('interrupted');
    expect(record.cells).toHaveLength(8);
  });
});
