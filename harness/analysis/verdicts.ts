import { type CellKey, cellName } from '../experiment-file/cell-key.ts';
import type { RunRecord } from '../results/run-record.ts';
import { completedCells, repetitionValues, type SummaryRow, summarizeVariants, variantNames } from './run-to-summary.ts';
import { carriedShare, carriedShort } from './run-to-summary.ts';
import { judgedMetrics } from './cell-metrics.ts';
import { bootstrapRatioCi, fewestForInterval, noIntervalText, smallestMannWhitneyP } from './statistics.ts';

/** One variant against the baseline on one metric. */
export interface Verdict {
  variant: string;
  baseline: string;
  metric: 'msgs/s' | 'p99 latency';
  ratio?: number;
  low?: number;
  high?: number;
  /** The significance test's p (see judgedMetrics: Mann–Whitney for msgs/s, Welch t on logs for p99). */
  p?: number;
  /** The ratio's CI excludes 1 and the metric's test gives p < 0.05; undefined when there are too few repetitions to say. */
  significant?: boolean;
  text: string;
}

/**
 * The baseline a cell key is judged against, from keys alone: in a comparison of runs, the same variant and
 * combination in the baseline's run when that run has it (run B's linger-5 against run A's linger-5); with a
 * matrix, the baseline variant in the variant's own combination (a 512-byte variant against the 512-byte
 * baseline; `baseline: none` names every combination's own none); else the baseline itself.
 */
export function baselineFor(variant: CellKey, baseline: CellKey, present: CellKey[]): CellKey {
  const names = new Set(present.map(cellName));
  if (baseline.run !== undefined && variant.run !== undefined && variant.run !== baseline.run) {
    const counterpart = { ...variant, run: baseline.run };
    if (names.has(cellName(counterpart))) return counterpart;
  }
  const sameCombination: CellKey = { ...baseline, ...(variant.matrix ? { matrix: variant.matrix } : {}) };
  return names.has(cellName(sameCombination)) ? sameCombination : baseline;
}

/** Each variant's key by its name, as the record's cells carry them. */
export function keysByName(record: Pick<RunRecord, 'cells'>): Map<string, CellKey> {
  return new Map(record.cells.map((cell) => [cell.variant, cell.key ?? { variant: cell.variant }]));
}

/** The name of the variant `variant` is judged against in this record (see baselineFor). */
export function baselineNameFor(variant: string, record: Pick<RunRecord, 'cells' | 'baseline' | 'baselineKey'>): string {
  const keys = keysByName(record);
  const baseline = record.baselineKey ?? keys.get(record.baseline) ?? { variant: record.baseline };
  return cellName(baselineFor(keys.get(variant) ?? { variant }, baseline, [...keys.values()]));
}

/**
 * Each variant against the baseline: the ratio of means (msgs/s) or of medians (p99: robust to one wild
 * repetition) with a 95 % bootstrap interval over repetitions and
 * the exact Mann–Whitney p. Significant only when both agree (interval excludes 1, p < 0.05): a bootstrap of
 * two or three repetitions alone is far too optimistic. Mann–Whitney cannot reach 0.05 below 4 repetitions
 * per variant, and then the verdict says so instead of guessing.
 */
export function verdicts(record: RunRecord, rows: SummaryRow[] = summarizeVariants(record)): Verdict[] {
  const precision = record.adaptive?.precision;
  // A ramp's variants are steps at different rates: its result is the maximum sustainable rate, not a ratio.
  if (record.ramp) return [];
  const names = variantNames(record);
  // Every variant that has a baseline other than itself; a baseline may be judged too (a compared run's baseline-run variant).
  const others = names.filter((name) => baselineNameFor(name, record) !== name);
  const short = new Set(rows.filter(carriedShort).map((row) => row.variant));
  // A variant that did not carry its offered rate is judged all the same, but the verdict says so.
  const marked = (verdict: Verdict): Verdict => {
    const which = [verdict.variant, verdict.baseline].filter((name) => short.has(name));
    return which.length
      ? { ...verdict, text: `${verdict.text} [${which.join(' and ')} carried less than ${carriedShare * 100} % of the offered rate]` }
      : verdict;
  };
  return others.flatMap((variant) =>
    judgedMetrics
      .map(({ metric, of, phrase, centre, ratioOf, test }): Verdict => {
        const baseline = baselineNameFor(variant, record);
        const a = repetitionValues(record, variant, of);
        const b = repetitionValues(record, baseline, of);
        const base = { variant, baseline, metric };
        const missing = [variant, baseline].find((name, i) => [a, b][i]!.length === 0 && completedCells(record, name).length > 0);
        if (missing) return { ...base, text: `${variant} vs ${baseline} (${metric}): ${missing} has no ${metric} to compare` };
        if (a.length < 2 || b.length < 2) {
          return {
            ...base,
            text: `${variant} vs ${baseline} (${metric}): needs at least 2 completed repetitions of each to judge (has ${a.length} and ${b.length}); set repetitions: 4 or more`,
          };
        }
        const { ratio, low, high } = bootstrapRatioCi(a, b, { centre });
        const p = test.p(a, b);
        // Fewer than 4 repetitions a side cannot show a rank difference, and a t-test on 2 or 3 values is too easily
        // fooled: either way the verdict asks for more repetitions rather than guess.
        const floor = smallestMannWhitneyP(a.length, b.length);
        const interval =
          Math.min(a.length, b.length) < fewestForInterval
            ? `${ratio.toFixed(2)}× (ratio of ${ratioOf}), ${noIntervalText(a.length, b.length)}`
            : `${ratio.toFixed(2)}× (ratio of ${ratioOf}), 95 % CI ${low.toFixed(2)}–${high.toFixed(2)}`;
        if (floor > 0.05) {
          return {
            ...base,
            ratio,
            ...(Math.min(a.length, b.length) >= fewestForInterval ? { low, high } : {}),
            p,
            text: `${variant} vs ${baseline} (${metric}): ${interval}, but ${a.length} and ${b.length} repetitions cannot show significance (a Mann–Whitney p is never below ${floor.toFixed(2)} with so few); set repetitions: 4 or more to judge`,
          };
        }
        const significant = (low > 1 || high < 1) && p < 0.05;
        const mwu = `${test.name} p = ${p.toFixed(3)}`;
        // With a target precision (repetitions: auto), "not significant" splits in two: an interval within ±precision
        // says the two are the same as far as this run can tell; a wider one says more repetitions were needed.
        const withinPrecision = precision !== undefined && low >= 1 - precision && high <= 1 + precision;
        const closing =
          precision === undefined
            ? ''
            : withinPrecision
              ? ` — no difference beyond ±${precision * 100} %`
              : ` — undecided: the interval is wider than ±${precision * 100} %`;
        const text = significant
          ? `${variant}: ${ratio.toFixed(2)}× ${phrase} ${baseline} (ratio of ${ratioOf}, 95 % CI ${low.toFixed(2)}–${high.toFixed(2)}) — significant (${mwu})`
          : `${variant}: no significant difference in ${metric} from ${baseline} (${interval}; ${mwu})${closing}`;
        return { ...base, ratio, low, high, p, significant, text };
      })
      .map(marked),
  );
}

/**
 * Whether a verdict settles its question at this precision: a significant difference, or a ratio whose 95 % CI
 * lies within 1 ± precision. Too few repetitions, a missing metric or a wide interval leave it open.
 */
export function isDecided(verdict: Verdict, precision: number): boolean {
  if (verdict.significant === true) return true;
  return verdict.significant === false && verdict.low! >= 1 - precision && verdict.high! <= 1 + precision;
}

/** The verdicts of a run still open at this precision (repetitions: auto repeats their variants). */
export function undecidedVerdicts(record: RunRecord, precision: number): Verdict[] {
  return verdicts(record).filter((verdict) => !isDecided(verdict, precision));
}

/** How repetitions: auto ended, in one sentence; undefined for a run with a fixed number of repetitions. */
export function adaptiveText(record: RunRecord): string | undefined {
  const adaptive = record.adaptive;
  if (!adaptive) return undefined;
  const rule = `repetitions: auto (each verdict until significant or within ±${adaptive.precision * 100} %, at most ${adaptive.maxRepetitions} repetitions)`;
  const ran = `${record.repetitions} repetitions at most`;
  switch (adaptive.stoppedBy) {
    case 'every verdict decided':
      return `${rule}: stopped after ${ran}, every verdict decided.`;
    case 'maxRepetitions reached':
      return `${rule}: stopped after ${ran}, the budget spent; undecided: ${(adaptive.undecided ?? []).join('; ') || 'see the verdicts'}.`;
    case 'interrupted':
      return `${rule}: interrupted after ${ran}.`;
    default:
      return `${rule}: did not finish (${record.status}).`;
  }
}
