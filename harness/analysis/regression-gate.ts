import { leaves, valueLabel } from '../experiment-file/deep-merge.ts';
import type { RunRecord } from '../results/run-record.ts';
import { judgedMetrics } from './cell-metrics.ts';
import { repetitionValues, variantNames } from './run-to-summary.ts';
import { fewestForInterval, holmAdjusted, oneSidedP, welchLogRatio } from './statistics.ts';

/** What the gate found for one variant on one metric. */
export interface GateResult {
  variant: string;
  metric: 'msgs/s' | 'p99 latency';
  /** `regressed` and `cannot judge` fail the gate; `undecided` is a change within the noise, which passes. */
  status: 'regressed' | 'no regression' | 'undecided' | 'cannot judge';
  /** New ÷ baseline (geometric means), with its 95 % interval (Welch t on logs). */
  ratio?: number;
  low?: number;
  high?: number;
  /** One-sided p of "worse than the tolerance allows", raw and Holm-adjusted across the gate's judgements. */
  p?: number;
  pAdjusted?: number;
  text: string;
}

/** How much worse counts as a regression: msgs/s lower by more than `throughput`, p99 higher by more than `latency`. */
export interface GateTolerances {
  throughput: number;
  latency: number;
}

/**
 * 5 % for msgs/s. p99 latency is a tail: between two runs of one setup (another cluster start, another JIT warm-up)
 * it moves far more than a mean rate does, so its default tolerance is wider.
 */
export const defaultTolerances: GateTolerances = { throughput: 0.05, latency: 0.25 };

/** Whether a result fails the gate. */
export const failsGate = (result: GateResult) => result.status === 'regressed' || result.status === 'cannot judge';

/** One-sided level of each gate judgement, after Holm: the 95 % interval wholly beyond (or within) the limit. */
const oneSidedLevel = 0.025;

/**
 * Each variant of the baseline run against the same variant of the new run, on msgs/s and p99 latency, by Welch's t
 * on logs (the verdicts' method). A regression is a change for the worse beyond its tolerance that the statistics
 * can show: the one-sided test of "worse than 1 ∓ tolerance", Holm-adjusted across every judgement of the gate,
 * reaches 2.5 % (the 95 % interval lies wholly beyond the limit). "No regression" is the mirror test (the interval
 * lies wholly within the limit), adjusted the same way. With fewer than 3 completed repetitions a side there is
 * no interval, and the gate says it cannot judge rather than pass. Pure: both runs' records in, one result per
 * variant and metric out.
 */
export function regressionGate(baseline: RunRecord, candidate: RunRecord, tolerances: GateTolerances = defaultTolerances): GateResult[] {
  const candidateNames = new Set(variantNames(candidate));
  const judged = variantNames(baseline).flatMap((variant) =>
    judgedMetrics.map(({ metric, of, higherIsBetter }) => {
      const a = candidateNames.has(variant) ? repetitionValues(candidate, variant, of) : [];
      const b = repetitionValues(baseline, variant, of);
      const tolerance = higherIsBetter ? tolerances.throughput : tolerances.latency;
      const limit = higherIsBetter ? 1 - tolerance : 1 + tolerance;
      const ratio = Math.min(a.length, b.length) >= fewestForInterval ? welchLogRatio(a, b, 2 * oneSidedLevel) : undefined;
      const worse = higherIsBetter ? 'below' : 'above';
      const better = higherIsBetter ? 'above' : 'below';
      return {
        variant,
        metric,
        counts: [a.length, b.length],
        tolerance,
        limit,
        ratio,
        pRegressed: ratio ? oneSidedP(ratio, limit, worse) : undefined,
        pWithin: ratio ? oneSidedP(ratio, limit, better) : undefined,
      };
    }),
  );
  const testable = judged.filter((j) => j.ratio);
  const regressedAdjusted = holmAdjusted(testable.map((j) => j.pRegressed!));
  const withinAdjusted = holmAdjusted(testable.map((j) => j.pWithin!));
  return judged.map(({ variant, metric, counts, tolerance, limit, ratio, pRegressed }): GateResult => {
    const base = { variant, metric };
    if (!candidateNames.has(variant))
      return { ...base, status: 'cannot judge', text: `${variant} (${metric}): cannot judge — the new run has no such variant` };
    if (!ratio) {
      return {
        ...base,
        status: 'cannot judge',
        text: `${variant} (${metric}): cannot judge — ${counts[0]} new and ${counts[1]} baseline repetition(s) with ${metric}; it takes ${fewestForInterval} completed repetitions of each (repetitions: ${fewestForInterval} or more, or auto)`,
      };
    }
    const i = testable.findIndex((j) => j.variant === variant && j.metric === metric);
    const figures = { ratio: ratio.ratio, low: ratio.low, high: ratio.high, p: pRegressed!, pAdjusted: regressedAdjusted[i]! };
    const interval = `${ratio.ratio.toFixed(2)}× the baseline (ratio of geometric means), 95 % CI ${ratio.low.toFixed(2)}–${ratio.high.toFixed(2)}`;
    const tests = `one-sided Welch t on logs against ${limit.toFixed(2)}: p = ${pRegressed!.toFixed(3)}, Holm-adjusted ${regressedAdjusted[i]!.toFixed(3)}`;
    if (regressedAdjusted[i]! <= oneSidedLevel)
      return {
        ...base,
        ...figures,
        status: 'regressed',
        text: `${variant} (${metric}): REGRESSED — ${interval}; ${tests}; beyond the ${Math.round(tolerance * 100)} % tolerance`,
      };
    if (withinAdjusted[i]! <= oneSidedLevel)
      return {
        ...base,
        ...figures,
        status: 'no regression',
        text: `${variant} (${metric}): no regression beyond ${Math.round(tolerance * 100)} % — ${interval} (within it: Holm-adjusted p = ${withinAdjusted[i]!.toFixed(3)})`,
      };
    return {
      ...base,
      ...figures,
      status: 'undecided',
      text: `${variant} (${metric}): not shown to regress — ${interval}; ${tests}; the interval reaches past ${limit.toFixed(2)}, more repetitions would tell`,
    };
  });
}

/**
 * What a variant's resolved setup changed between the runs (`workload.rate: 2000 → 1000`): a regression may be
 * the setting's doing, not the code's. One line per variant whose setup differs.
 */
export function setupChanges(baseline: RunRecord, candidate: RunRecord): string[] {
  return variantNames(baseline).flatMap((variant) => {
    const before = baseline.cells.find((cell) => cell.variant === variant)?.params;
    const after = candidate.cells.find((cell) => cell.variant === variant)?.params;
    if (!before || !after) return [];
    const old = new Map(leaves(before).map(([key, value]) => [key, valueLabel(value)]));
    const now = new Map(leaves(after).map(([key, value]) => [key, valueLabel(value)]));
    const keys = [...new Set([...old.keys(), ...now.keys()])].filter((key) => old.get(key) !== now.get(key)).sort();
    return keys.length
      ? [`${variant}: setup differs — ${keys.map((key) => `${key}: ${old.get(key) ?? '(unset)'} → ${now.get(key) ?? '(unset)'}`).join(', ')}`]
      : [];
  });
}

/** `tolerance 5 % for msgs/s, 25 % for p99 latency` */
export function toleranceText(tolerances: GateTolerances): string {
  return `tolerance ${Math.round(tolerances.throughput * 100)} % for msgs/s, ${Math.round(tolerances.latency * 100)} % for p99 latency`;
}
