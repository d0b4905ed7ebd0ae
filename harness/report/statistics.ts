import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import { cumulativeStdNormalProbability, mean, quantileSorted, sampleStandardDeviation } from 'simple-statistics';
import { seededRandom } from '../util/seeded-random.ts';

/** A mean with its 95 % confidence interval (t-distribution); no interval from a single value. */
export interface MeanWithCi {
  n: number;
  mean: number;
  low?: number;
  high?: number;
}

export function meanWithCi(values: number[]): MeanWithCi {
  if (values.length === 0) return { n: 0, mean: Number.NaN };
  const m = mean(values);
  if (values.length < 2) return { n: values.length, mean: m };
  const half = (tQuantile(0.975, values.length - 1) * sampleStandardDeviation(values)) / Math.sqrt(values.length);
  return { n: values.length, mean: m, low: m - half, high: m + half };
}

/**
 * 95 % percentile-bootstrap interval of mean(variant) / mean(baseline), resampling each group's
 * repetitions with replacement. Seeded, so a report rendered twice says the same thing.
 */
export function bootstrapRatioCi(variant: number[], baseline: number[], resamples = 10_000, seed = 42): { ratio: number; low: number; high: number } {
  const random = seededRandom(seed);
  const resampledMean = (values: number[]) => {
    let sum = 0;
    for (let i = 0; i < values.length; i++) sum += values[Math.floor(random() * values.length)]!;
    return sum / values.length;
  };
  const ratios = new Float64Array(resamples);
  for (let i = 0; i < resamples; i++) ratios[i] = resampledMean(variant) / resampledMean(baseline);
  const sorted = Array.from(ratios).sort((a, b) => a - b);
  return { ratio: mean(variant) / mean(baseline), low: quantileSorted(sorted, 0.025), high: quantileSorted(sorted, 0.975) };
}

/**
 * Exact two-sided Mann–Whitney U p-value by enumerating every split of the pooled ranks (ties get mid-ranks).
 * Benchmark repetitions are few, where the normal approximation is wrong; beyond 20 values it is used instead.
 */
export function mannWhitneyU(a: number[], b: number[]): { u: number; p: number } {
  const pooled = [...a.map((value) => ({ value, group: 0 })), ...b.map((value) => ({ value, group: 1 }))].sort((x, y) => x.value - y.value);
  const ranks = new Array<number>(pooled.length);
  for (let i = 0; i < pooled.length; ) {
    let j = i;
    while (j + 1 < pooled.length && pooled[j + 1]!.value === pooled[i]!.value) j++;
    for (let k = i; k <= j; k++) ranks[k] = (i + j) / 2 + 1;
    i = j + 1;
  }
  const rankSumA = pooled.reduce((sum, item, i) => sum + (item.group === 0 ? ranks[i]! : 0), 0);
  const n1 = a.length;
  const n2 = b.length;
  const u = rankSumA - (n1 * (n1 + 1)) / 2;
  const expected = (n1 * n2) / 2;
  const observed = Math.abs(u - expected);
  if (n1 + n2 > 20) {
    const sd = Math.sqrt((n1 * n2 * (n1 + n2 + 1)) / 12);
    const z = (observed - 0.5) / sd;
    return { u, p: Math.min(1, 2 * (1 - cumulativeStdNormalProbability(z))) };
  }
  let extreme = 0;
  let total = 0;
  const choose = (start: number, left: number, sum: number) => {
    if (left === 0) {
      total++;
      if (Math.abs(sum - (n1 * (n1 + 1)) / 2 - expected) >= observed - 1e-9) extreme++;
      return;
    }
    for (let i = start; i <= ranks.length - left; i++) choose(i + 1, left - 1, sum + ranks[i]!);
  };
  choose(0, n1, 0);
  return { u, p: extreme / total };
}

/** The smallest two-sided p an exact Mann–Whitney test can give for these group sizes. */
export function smallestMannWhitneyP(n1: number, n2: number): number {
  let combinations = 1;
  for (let i = 1; i <= n1; i++) combinations = (combinations * (n2 + i)) / i;
  return Math.min(1, 2 / combinations);
}
