import { describe, expect, it } from 'vitest';
import { bootstrapRatioCi, mannWhitneyU, meanWithCi, smallestMannWhitneyP, welchLogTest } from '../../harness/analysis/statistics.ts';

describe('report statistics', () => {
  it('gives the t-based 95 % interval of a mean', () => {
    // n = 2 would give t(0.975, 1) · √2 / √2 = 12.706, wider than the spread of the values: no interval below 3.
    expect(meanWithCi([9, 11])).toEqual({ n: 2, mean: 10 });
    // n = 3, sd = 1: half-width = t(0.975, 2) · 1 / √3 = 4.3027 / 1.7321 = 2.4841
    expect(meanWithCi([9, 10, 11]).high! - 10).toBeCloseTo(2.4841, 3);
    // n = 5, sd = 1.5811: half-width = 2.7764 · 1.5811 / 2.2361 = 1.9632
    expect(meanWithCi([1, 2, 3, 4, 5]).low).toBeCloseTo(3 - 1.9632, 3);
    expect(meanWithCi([5])).toEqual({ n: 1, mean: 5 });
  });

  it('computes exact Mann–Whitney p-values (checked against published tables)', () => {
    // Completely separated groups of 3: the smallest two-sided p is 2/20.
    expect(mannWhitneyU([1, 2, 3], [4, 5, 6]).p).toBeCloseTo(0.1, 10);
    expect(smallestMannWhitneyP(3, 3)).toBeCloseTo(0.1, 10);
    // Separated groups of 5: 2/252.
    expect(mannWhitneyU([1, 2, 3, 4, 5], [6, 7, 8, 9, 10]).p).toBeCloseTo(2 / 252, 10);
    expect(mannWhitneyU([1, 2, 3, 4, 5], [6, 7, 8, 9, 10]).u).toBe(0);
    // Interleaved groups: no evidence at all.
    expect(mannWhitneyU([1, 3, 5], [2, 4, 6]).p).toBeGreaterThan(0.5);
  });

  it("computes Welch's t-test on logs (checked against scipy.stats.ttest_ind(log a, log b, equal_var=False))", () => {
    const result = welchLogTest([27689, 1713, 1559, 1702], [1611, 123, 97, 126]);
    expect(result.t).toBeCloseTo(2.805185653599306, 10);
    expect(result.df).toBeCloseTo(5.9786654693060655, 10);
    expect(result.p).toBeCloseTo(0.03107003501368878, 10);
    expect(welchLogTest([10, 11, 12], [10.5, 11, 11.5]).p).toBeGreaterThan(0.9);
  });

  it('bootstraps a ratio of medians that one wild value does not move', () => {
    const { ratio } = bootstrapRatioCi([10, 11, 9, 1000], [5, 5.5, 4.5, 5], { centre: 'median' });
    expect(ratio).toBeCloseTo(10.5 / 5, 10);
  });

  it('bootstraps a ratio interval that contains the ratio and is deterministic', () => {
    const a = [1900, 2000, 2100];
    const b = [1000, 1010, 990];
    const first = bootstrapRatioCi(a, b);
    expect(first.ratio).toBeCloseTo(2, 2);
    expect(first.low).toBeLessThan(first.ratio);
    expect(first.high).toBeGreaterThan(first.ratio);
    expect(first.low).toBeGreaterThan(1.8);
    expect(bootstrapRatioCi(a, b)).toEqual(first);
    const overlapping = bootstrapRatioCi([990, 1010, 1005], [1000, 995, 1012]);
    expect(overlapping.low).toBeLessThan(1);
    expect(overlapping.high).toBeGreaterThan(1);
  });
});
