import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import type { SpendingFunction } from '../results/run-record.ts';

/**
 * Group-sequential designs for `repetitions: auto`: a verdict is looked at after every round, so a test at 5 % on
 * each look would find a difference between identical variants far more often than 5 % (about 11 % over 7 looks).
 * An alpha-spending function (Lan & DeMets 1983) says how much of the 5 % each look may use, by the share of the
 * planned repetitions it has seen; the boundaries follow from the joint distribution of the looks' z statistics
 * (independent increments, Jennison & Turnbull 2000, ch. 19), computed here by numerical integration.
 */
export type { SpendingFunction };

/** The design a run's verdicts are judged under: one look at the end, or the looks of repetitions: auto. */
export interface SequentialDesign {
  /** `fixed`: a single look at the end (a fixed number of repetitions, or runs compared after the fact). */
  kind: 'fixed' | SpendingFunction;
  /** The family-wise level the design keeps over all its looks. */
  alpha: number;
  /** Repetitions of each variant at each planned look (repetitions: auto looks after every round). */
  looks: number[];
  /** The two-sided p a test must reach at each look (its nominal level), from the spending function. */
  nominal: number[];
}

/** The share of alpha spent once a fraction t of the planned repetitions has been seen. */
export function alphaSpent(spending: SpendingFunction, alpha: number, t: number): number {
  if (t <= 0) return 0;
  if (t >= 1) return alpha;
  if (spending === 'pocock') return alpha * Math.log(1 + (Math.E - 1) * t);
  // Two-sided: each side spends the one-sided O'Brien–Fleming-type function at alpha / 2 (Lan & DeMets 1983).
  return 4 - 4 * normalCdf(normalQuantile(1 - alpha / 4, 0, 1) / Math.sqrt(t), 0, 1);
}

const gridPoints = 301; // odd, for Simpson's rule
const beyondAnyBoundary = 8; // |z| past 8 has probability below 1e-15
const phi = (x: number) => Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);

/** Points and Simpson weights on (−b, b). */
function grid(b: number): { points: Float64Array; weights: Float64Array } {
  const points = new Float64Array(gridPoints);
  const weights = new Float64Array(gridPoints);
  const h = (2 * b) / (gridPoints - 1);
  for (let i = 0; i < gridPoints; i++) {
    points[i] = -b + i * h;
    weights[i] = ((i === 0 || i === gridPoints - 1 ? 1 : i % 2 === 1 ? 4 : 2) * h) / 3;
  }
  return { points, weights };
}

/**
 * Two-sided nominal levels for looks at information fractions `fractions` (increasing, the last ≤ 1) that together
 * keep `alpha`: look k rejects when its two-sided p is at most nominal[k]. A look that the spending function gives
 * (almost) nothing to gets a nominal level of 0: it cannot reject.
 */
export function nominalLevels(fractions: number[], alpha: number, spending: SpendingFunction): number[] {
  const levels: number[] = [];
  // The sub-density of the score S = Z·√t on the continuation region of the previous look, on its grid.
  let previous: { points: Float64Array; weights: Float64Array; density: Float64Array; t: number } | undefined;
  let spentSoFar = 0;
  for (const t of fractions) {
    const target = alphaSpent(spending, alpha, t) - spentSoFar;
    let boundary: number;
    if (!previous) {
      boundary = target > 1e-12 ? normalQuantile(1 - target / 2, 0, 1) : beyondAnyBoundary;
    } else {
      const sd = Math.sqrt(t - previous.t);
      const { points, weights, density } = previous;
      const exitProbability = (c: number) => {
        let sum = 0;
        for (let i = 0; i < points.length; i++) {
          const s = points[i]!;
          sum += weights[i]! * density[i]! * (normalCdf((-c * Math.sqrt(t) - s) / sd, 0, 1) + 1 - normalCdf((c * Math.sqrt(t) - s) / sd, 0, 1));
        }
        return sum;
      };
      if (target <= 1e-12) boundary = beyondAnyBoundary;
      else {
        // Exit probability falls as the boundary rises: bisect (bounded, 60 halvings reach 1e-17).
        let low = 0;
        let high = beyondAnyBoundary;
        for (let i = 0; i < 60; i++) {
          const mid = (low + high) / 2;
          if (exitProbability(mid) > target) low = mid;
          else high = mid;
        }
        boundary = high;
      }
    }
    spentSoFar += target;
    levels.push(boundary >= beyondAnyBoundary ? 0 : 2 * (1 - normalCdf(boundary, 0, 1)));
    // Carry the density of S over the continuation region (−c√t, c√t) to the next look.
    const next = grid(Math.min(boundary, beyondAnyBoundary) * Math.sqrt(t));
    const density = new Float64Array(gridPoints);
    for (let j = 0; j < gridPoints; j++) {
      const s = next.points[j]!;
      if (!previous) density[j] = phi(s / Math.sqrt(t)) / Math.sqrt(t);
      else {
        const sd = Math.sqrt(t - previous.t);
        let sum = 0;
        for (let i = 0; i < gridPoints; i++) sum += previous.weights[i]! * previous.density[i]! * (phi((s - previous.points[i]!) / sd) / sd);
        density[j] = sum;
      }
    }
    previous = { ...next, density, t };
  }
  return levels;
}

/** The spending function repetitions: auto uses, chosen by `npm run bench statistics` (docs/measurement.md says why). */
export const autoSpending: SpendingFunction = 'obrien-fleming';

/** The family-wise level every run's verdicts keep. */
export const familyAlpha = 0.05;

const cache = new Map<string, number[]>();

/**
 * The design of a run: `fixed` (one look at the end, nominal level = alpha) without repetitions: auto; else looks
 * after every round from the first planned rounds to maxRepetitions, spending alpha by `spending`.
 */
export function designOf(
  adaptive: { firstRepetitions: number; maxRepetitions: number } | undefined,
  { alpha = familyAlpha, spending = autoSpending }: { alpha?: number; spending?: SpendingFunction } = {},
): SequentialDesign {
  if (!adaptive || adaptive.maxRepetitions <= adaptive.firstRepetitions) return { kind: 'fixed', alpha, looks: [], nominal: [alpha] };
  const looks = Array.from({ length: adaptive.maxRepetitions - adaptive.firstRepetitions + 1 }, (_, i) => adaptive.firstRepetitions + i);
  const key = `${spending}:${alpha}:${looks.join(',')}`;
  let nominal = cache.get(key);
  if (!nominal) {
    nominal = nominalLevels(
      looks.map((n) => n / adaptive.maxRepetitions),
      alpha,
      spending,
    );
    cache.set(key, nominal);
  }
  return { kind: spending, alpha, looks, nominal };
}

/** The nominal level of the look at which each variant has `repetitions` repetitions (the last look past the plan). */
export function nominalAt(design: SequentialDesign, repetitions: number): { look: number; nominal: number } {
  if (design.kind === 'fixed') return { look: 1, nominal: design.nominal[0]! };
  const index = Math.min(Math.max(repetitions - design.looks[0]!, 0), design.looks.length - 1);
  return { look: index + 1, nominal: design.nominal[index]! };
}

/** `O'Brien–Fleming alpha spending`, `one look`: how a report names a design. */
export function designName(design: SequentialDesign): string {
  if (design.kind === 'fixed') return 'one look';
  return `${design.kind === 'pocock' ? 'Pocock' : "O'Brien–Fleming"} alpha spending`;
}

/** `O'Brien–Fleming alpha spending, look 3 of 7` — how a verdict names the boundary it was judged against. */
export function boundaryName(design: SequentialDesign, look: number): string {
  return design.kind === 'fixed' ? designName(design) : `${designName(design)}, look ${look} of ${design.looks.length}`;
}
