import { median } from './run-to-summary.ts';

/** How many scaled median absolute deviations from the median make a repetition an outlier. */
export const outlierMads = 3;
/**
 * And this far from the median, as a share of it: with 3 or 4 tightly grouped repetitions the MAD is tiny, and a
 * repetition 4 % off would count as "beyond 3 MADs" without being anything a reader should distrust.
 */
export const outlierMinimumShare = 0.2;
/** MAD × 1.4826 estimates the standard deviation of normal data: "3 MADs" then reads like "3 sigma". */
const madScale = 1.4826;

/**
 * The indexes of values beyond `outlierMads` scaled MADs of their median and more than `outlierMinimumShare` away
 * from it: robust to the very outliers it looks for, unlike a mean ± standard deviation. Needs 3 values at least;
 * with no spread at all (MAD 0) it flags nothing.
 */
export function madOutliers(values: number[]): number[] {
  if (values.length < 3) return [];
  const middle = median(values)!;
  const mad = median(values.map((value) => Math.abs(value - middle)))! * madScale;
  if (mad === 0) return [];
  return values.flatMap((value, i) => {
    const off = Math.abs(value - middle);
    return off > outlierMads * mad && off > outlierMinimumShare * Math.abs(middle) ? [i] : [];
  });
}
