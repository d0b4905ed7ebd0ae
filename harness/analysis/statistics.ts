import tCdf from '@stdlib/stats-base-dists-t-cdf';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import { cumulativeStdNormalProbability, mean, median, quantileSorted, sampleStandardDeviation } from 'simple-statistics';
import { seededRandom } from '../util/seeded-random.ts';

/** A mean with its 95 % confidence interval (t-distribution); no interval from a single value. */
export interface MeanWithCi {
  n: number;
  mean: number;
  low?: number;
  high?: number;
}

/**
 * The fewest repetitions an interval is printed for. A t-interval on two values is wider than the figure itself
 * (tQuantile(0.975, 1) = 12.7), and a bootstrap of two against two is only their min–max range: below this the
 * figure is shown alone, and said to have no interval.
 */
export const fewestForInterval = 3;

/** The words for a figure of too few repetitions to have an interval: "2 repetitions: no interval". */
export const noIntervalText = (...counts: number[]) =>
  `${counts.length > 1 && counts.some((n) => n !== counts[0]) ? counts.join(' and ') : counts[0]} repetition${counts.every((n) => n === 1) ? '' : 's'}: no interval`;

export function meanWithCi(values: number[]): MeanWithCi {
  if (values.length === 0) return { n: 0, mean: Number.NaN };
  const m = mean(values);
  if (values.length < fewestForInterval) return { n: values.length, mean: m };
  const half = (tQuantile(0.975, values.length - 1) * sampleStandardDeviation(values)) / Math.sqrt(values.length);
  return { n: values.length, mean: m, low: m - half, high: m + half };
}

/** Which centre of the repetitions a ratio compares: means for rates, medians for percentiles (see judgedMetrics). */
export type Centre = 'mean' | 'median';

const centreOf = (values: number[], centre: Centre) => (centre === 'mean' ? mean(values) : median(values));

/**
 * 95 % percentile-bootstrap interval of centre(variant) / centre(baseline), resampling each group's repetitions
 * with replacement. Seeded, so a report rendered twice says the same thing. With `median`, one wild repetition of
 * four moves neither the ratio nor most resamples, where it drags a mean and widens its interval across 1.
 */
export function bootstrapRatioCi(
  variant: number[],
  baseline: number[],
  { centre = 'mean', resamples = 10_000, seed = 42 }: { centre?: Centre; resamples?: number; seed?: number } = {},
): { ratio: number; low: number; high: number } {
  const random = seededRandom(seed);
  const resampled = (values: number[]) =>
    centreOf(
      Array.from(values, () => values[Math.floor(random() * values.length)]!),
      centre,
    );
  const ratios = new Float64Array(resamples);
  for (let i = 0; i < resamples; i++) ratios[i] = resampled(variant) / resampled(baseline);
  const sorted = Array.from(ratios).sort((a, b) => a - b);
  return { ratio: centreOf(variant, centre) / centreOf(baseline, centre), low: quantileSorted(sorted, 0.025), high: quantileSorted(sorted, 0.975) };
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

/**
 * Two-sided Welch t-test on the logarithms of two groups of positive values (Welch–Satterthwaite degrees of freedom):
 * for latency percentiles, which are skewed and differ by factors. On logs one wild repetition weighs as its order of
 * magnitude, not its value, and a clean 10× difference with one cold repetition on each side still shows, where a rank
 * test of 4 against 4 cannot go below p = 0.057 once a single pair of values crosses. Needs 2 values per group.
 */
export function welchLogTest(a: number[], b: number[]): { t: number; df: number; p: number } {
  const la = a.map(Math.log);
  const lb = b.map(Math.log);
  const va = sampleStandardDeviation(la) ** 2 / la.length;
  const vb = sampleStandardDeviation(lb) ** 2 / lb.length;
  const difference = mean(la) - mean(lb);
  if (va + vb === 0)
    return { t: difference === 0 ? 0 : Math.sign(difference) * Number.POSITIVE_INFINITY, df: la.length + lb.length - 2, p: difference === 0 ? 1 : 0 };
  const t = difference / Math.sqrt(va + vb);
  const df = (va + vb) ** 2 / (va ** 2 / (la.length - 1) + vb ** 2 / (lb.length - 1));
  return { t, df, p: Math.min(1, 2 * (1 - tCdf(Math.abs(t), df))) };
}

/** `95 % CI`, `99.92 % CI`: how an interval at two-sided level `level` is named. */
export const intervalName = (level: number) => `${(100 * (1 - level)).toFixed(level < 0.01 ? 2 : 1).replace(/\.0$/, '')} % CI`;

/** A ratio of two groups of positive values on logs: the ratio of geometric means, its interval and Welch's p. */
export interface LogRatio {
  /** exp(mean log a − mean log b): the ratio of geometric means. */
  ratio: number;
  /** The (1 − level) interval of the ratio: exp(difference ± t·se), Welch–Satterthwaite degrees of freedom. */
  low: number;
  high: number;
  /** Two-sided Welch p of "the ratio is 1": below `level` exactly when the interval excludes 1. */
  p: number;
  logDifference: number;
  standardError: number;
  df: number;
}

/**
 * Welch's t on the logarithms of two groups, with the interval it inverts to: the one method every verdict, answer,
 * gate judgement and overhead line uses, for rates and percentiles alike (docs/measurement.md says why, from
 * `npm run bench statistics`). On logs a ratio is a difference, a p99 ten times the others weighs as its order of
 * magnitude, and the interval and the test can never disagree.
 */
export function welchLogRatio(a: number[], b: number[], level = 0.05): LogRatio {
  const la = a.map(Math.log);
  const lb = b.map(Math.log);
  const va = sampleStandardDeviation(la) ** 2 / la.length;
  const vb = sampleStandardDeviation(lb) ** 2 / lb.length;
  const logDifference = mean(la) - mean(lb);
  const standardError = Math.sqrt(va + vb);
  if (standardError === 0) {
    // Identical repetitions on both sides (a pinned rate): the ratio is exact.
    const ratio = Math.exp(logDifference);
    return { ratio, low: ratio, high: ratio, p: logDifference === 0 ? 1 : 0, logDifference, standardError, df: la.length + lb.length - 2 };
  }
  const df = (va + vb) ** 2 / (va ** 2 / (la.length - 1) + vb ** 2 / (lb.length - 1));
  const t = logDifference / standardError;
  const half = tQuantile(1 - level / 2, df) * standardError;
  return {
    ratio: Math.exp(logDifference),
    low: Math.exp(logDifference - half),
    high: Math.exp(logDifference + half),
    p: Math.min(1, 2 * (1 - tCdf(Math.abs(t), df))),
    logDifference,
    standardError,
    df,
  };
}

/**
 * One-sided p of "the ratio lies beyond `bound`" in the direction given (H1: ratio < bound for `below`), on the
 * same logs and degrees of freedom as welchLogRatio.
 */
export function oneSidedP(ratio: LogRatio, bound: number, direction: 'below' | 'above'): number {
  const distance = ratio.logDifference - Math.log(bound);
  if (ratio.standardError === 0) return (direction === 'below' ? distance < 0 : distance > 0) ? 0 : 1;
  const below = tCdf(distance / ratio.standardError, ratio.df);
  return direction === 'below' ? below : 1 - below;
}

/**
 * Two one-sided tests (Schuirmann 1987) of "the ratio lies within 1 ± precision": the larger of the two one-sided
 * p. At most `level` exactly when the (1 − 2·level) interval lies within the bounds.
 */
export function equivalenceP(ratio: LogRatio, precision: number): number {
  return Math.max(oneSidedP(ratio, 1 - precision, 'above'), oneSidedP(ratio, 1 + precision, 'below'));
}

/**
 * Holm's step-down procedure with the level of each step given: the smallest p is held to `levelFor(m)`, the next
 * to `levelFor(m − 1)`, …, stopping at the first that misses. With levelFor(j) = alpha / j it is Holm's (1979); a
 * sequential design gives it the boundary of a design at alpha / j (Maurer & Bretz 2013), which is not alpha / j
 * times the design's. Returns, in the order given, whether each p was reached and the level its step held it to.
 */
export function holmStepDown(ps: number[], levelFor: (remaining: number) => number): { reached: boolean[]; needed: number[] } {
  const order = ps.map((p, i) => ({ p, i })).sort((x, y) => x.p - y.p);
  const reached = new Array<boolean>(ps.length).fill(false);
  const needed = new Array<number>(ps.length);
  let stopped = false;
  order.forEach(({ p, i }, rank) => {
    needed[i] = levelFor(ps.length - rank);
    if (!stopped && p <= needed[i]!) reached[i] = true;
    else stopped = true;
  });
  return { reached, needed };
}

/**
 * Holm's step-down adjustment (Holm 1979): the i-th smallest of m p values times (m − i + 1), never below the one
 * before it, at most 1. A family keeps its level when each adjusted p is compared with that level.
 */
export function holmAdjusted(ps: number[]): number[] {
  const order = ps.map((p, i) => ({ p, i })).sort((x, y) => x.p - y.p);
  const adjusted = new Array<number>(ps.length);
  let running = 0;
  order.forEach(({ p, i }, rank) => {
    running = Math.max(running, Math.min(1, (ps.length - rank) * p));
    adjusted[i] = running;
  });
  return adjusted;
}
