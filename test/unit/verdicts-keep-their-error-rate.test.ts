import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import { describe, expect, it } from 'vitest';
import { designOf, nominalLevels } from '../../harness/analysis/sequential-design.ts';
import { equivalenceP, holmAdjusted, welchLogRatio } from '../../harness/analysis/statistics.ts';
import { simulateScenario } from '../../harness/bench/statistics-simulation.ts';

/** Two-sided nominal levels as z boundaries, the form published tables give. */
const boundaries = (levels: number[]) => levels.map((level) => Number(normalQuantile(1 - level / 2, 0, 1).toFixed(3)));

describe('the sequential design', () => {
  it('reproduces the published Lan–DeMets boundaries (5 equally spaced looks, two-sided 5 %)', () => {
    const fractions = [0.2, 0.4, 0.6, 0.8, 1];
    // Jennison & Turnbull (2000), table 7.5 / gsDesign: O'Brien–Fleming-type and Pocock-type spending.
    expect(boundaries(nominalLevels(fractions, 0.05, 'obrien-fleming'))).toEqual([4.877, 3.357, 2.68, 2.29, 2.031]);
    expect(boundaries(nominalLevels(fractions, 0.05, 'pocock'))).toEqual([2.438, 2.427, 2.41, 2.397, 2.386]);
  });

  it('looks once at 5 % without repetitions: auto, and after every round from 4 to maxRepetitions with it', () => {
    expect(designOf(undefined)).toEqual({ kind: 'fixed', alpha: 0.05, looks: [], nominal: [0.05] });
    const design = designOf({ firstRepetitions: 4, maxRepetitions: 10 });
    expect(design.looks).toEqual([4, 5, 6, 7, 8, 9, 10]);
    // Every look tests below 5 %: that is what keeps the family at 5 % over seven looks.
    expect(design.nominal.every((level) => level > 0 && level < 0.05)).toBe(true);
  });
});

describe('one test and its own interval', () => {
  it('Holm multiplies the i-th smallest p by m − i + 1 and keeps the order', () => {
    expect(holmAdjusted([0.01, 0.04, 0.03, 0.5])).toEqual([0.04, 0.09, 0.09, 0.5]);
  });

  it('excludes 1 from its interval exactly when its p is below the level', () => {
    const a = [1010, 1030, 990, 1050];
    const b = [1000, 995, 1005, 1002];
    for (const level of [0.2, 0.05, 0.01]) {
      const ratio = welchLogRatio(a, b, level);
      expect(ratio.low > 1 || ratio.high < 1).toBe(ratio.p < level);
    }
    // Equivalence within ±5 % holds at a level exactly when the (1 − 2·level) interval lies within the bounds.
    const ratio = welchLogRatio(a, b, 0.1);
    expect(equivalenceP(welchLogRatio(a, b), 0.05) <= 0.05).toBe(ratio.low >= 0.95 && ratio.high <= 1.05);
  });
});

// The real verdict and stopping code on simulated repetitions: the claims `npm run bench statistics` prints.
// Monte-Carlo error of a 5 % rate over n runs is √(0.05·0.95/n): 2 of them are allowed (0.8 points at 3,000 runs).
describe('repetitions: auto keeps its error rates', () => {
  it.each([
    [2, 3000],
    [4, 1500],
  ])(
    'calls identical variants different in at most 5 %% of A/A runs with %i variants (family-wise, within Monte-Carlo error)',
    async (variants, runs) => {
      const result = await simulateScenario({ name: 'A/A', variants, cv: 0.05, difference: 0, repetitions: 'auto' }, runs, 1);
      expect(result.falsePositives).toBeLessThanOrEqual(0.05 + 2 * Math.sqrt((0.05 * 0.95) / runs));
    },
    120_000,
  );

  it('finds a true 10 % difference at CV 5 % in at least 80 % of runs', async () => {
    const result = await simulateScenario({ name: 'A/B', variants: 2, cv: 0.05, difference: 0.1, repetitions: 'auto' }, 400, 1);
    expect(result.power).toBeGreaterThanOrEqual(0.8);
    expect(result.meanRepetitions).toBeLessThanOrEqual(10);
  }, 60_000);
});
