import { leaves, valueLabel } from '../experiment-file/deep-merge.ts';
import type { RunRecord } from '../results/run-record.ts';
import { judgedMetrics } from './cell-metrics.ts';
import { repetitionValues, variantNames } from './run-to-summary.ts';
import { bootstrapRatioCi, smallestMannWhitneyP } from './statistics.ts';

/** What the gate found for one variant on one metric. */
export interface GateResult {
  variant: string;
  metric: 'msgs/s' | 'p99 latency';
  /** `regressed` and `cannot judge` fail the gate; `undecided` is a change within the noise, which passes. */
  status: 'regressed' | 'no regression' | 'undecided' | 'cannot judge';
  /** New ÷ baseline, with the 95 % bootstrap interval and the exact Mann–Whitney p. */
  ratio?: number;
  low?: number;
  high?: number;
  /** The significance test's p (see judgedMetrics: Mann–Whitney for msgs/s, Welch t on logs for p99). */
  p?: number;
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

/**
 * Each variant of the baseline run against the same variant of the new run, on msgs/s and p99 latency. A regression
 * is a change for the worse beyond its tolerance that the statistics can show: the 95 % bootstrap interval of
 * new ÷ baseline lies wholly beyond 1 ∓ tolerance *and* Mann–Whitney p < 0.05, the rule the verdicts use. With fewer
 * than 4 completed repetitions a side Mann–Whitney cannot reach 0.05, and the gate says it cannot judge rather than
 * pass. Pure: both runs' records in, one result per variant and metric out.
 */
export function regressionGate(baseline: RunRecord, candidate: RunRecord, tolerances: GateTolerances = defaultTolerances): GateResult[] {
  const candidateNames = new Set(variantNames(candidate));
  return variantNames(baseline).flatMap((variant) =>
    judgedMetrics.map(({ metric, of, higherIsBetter, centre, ratioOf, test }): GateResult => {
      const base = { variant, metric };
      if (!candidateNames.has(variant))
        return { ...base, status: 'cannot judge', text: `${variant} (${metric}): cannot judge — the new run has no such variant` };
      const a = repetitionValues(candidate, variant, of);
      const b = repetitionValues(baseline, variant, of);
      const floor = smallestMannWhitneyP(a.length, b.length);
      if (a.length < 2 || b.length < 2 || floor > 0.05) {
        return {
          ...base,
          status: 'cannot judge',
          text: `${variant} (${metric}): cannot judge — ${a.length} new and ${b.length} baseline repetition(s) with ${metric}; it takes 4 completed repetitions of each (repetitions: 4, or auto)`,
        };
      }
      const { ratio, low, high } = bootstrapRatioCi(a, b, { centre });
      const p = test.p(a, b);
      const figures = { ratio, low, high, p };
      const interval = `${ratio.toFixed(2)}× the baseline (ratio of ${ratioOf}), 95 % CI ${low.toFixed(2)}–${high.toFixed(2)}, ${test.name} p = ${p.toFixed(3)}`;
      const tolerance = higherIsBetter ? tolerances.throughput : tolerances.latency;
      const limit = higherIsBetter ? 1 - tolerance : 1 + tolerance;
      const beyond = higherIsBetter ? high < limit : low > limit;
      const within = higherIsBetter ? low >= limit : high <= limit;
      if (beyond && p < 0.05)
        return {
          ...base,
          ...figures,
          status: 'regressed',
          text: `${variant} (${metric}): REGRESSED — ${interval}; beyond the ${Math.round(tolerance * 100)} % tolerance`,
        };
      if (within)
        return {
          ...base,
          ...figures,
          status: 'no regression',
          text: `${variant} (${metric}): no regression beyond ${Math.round(tolerance * 100)} % — ${interval}`,
        };
      return {
        ...base,
        ...figures,
        status: 'undecided',
        text: `${variant} (${metric}): not shown to regress — ${interval}; the interval reaches past ${limit.toFixed(2)}, more repetitions would tell`,
      };
    }),
  );
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
