import { type CellKey, cellName } from '../experiment-file/cell-key.ts';
import type { RunRecord } from '../results/run-record.ts';
import { defaultP99Precision, minAutoRepetitions } from '../experiment-file/experiment-schema.ts';
import type { CellResult } from '../results/cell-result.ts';
import { completedCells, repetitionValues, type SummaryRow, summarizeVariants, variantNames } from './run-to-summary.ts';
import { carriedShare, carriedShort } from './run-to-summary.ts';
import { judgedMetrics } from './cell-metrics.ts';
import { boundaryName, designName, designOf, familyAlpha, nominalAt, type SequentialDesign } from './sequential-design.ts';
import { equivalenceP, fewestForInterval, holmAdjusted, holmStepDown, intervalName, type LogRatio, noIntervalText, welchLogRatio } from './statistics.ts';

/** One variant against the baseline on one metric. */
export interface Verdict {
  variant: string;
  baseline: string;
  metric: 'msgs/s' | 'p99 latency';
  ratio?: number;
  low?: number;
  high?: number;
  /** Welch's t on logs, two-sided, and the same p after Holm's adjustment across the run's verdicts. */
  p?: number;
  pAdjusted?: number;
  /** The two one-sided tests of "within ±precision" (repetitions: auto), raw and Holm-adjusted. */
  equivalenceP?: number;
  equivalencePAdjusted?: number;
  /** The nominal level the adjusted p had to reach at the look that judged it, and that look's name. */
  level?: number;
  boundary?: string;
  /** Repetitions of the variant and of its baseline at that look. */
  repetitions?: [number, number];
  /** A difference; undefined when there are too few repetitions to say. */
  significant?: boolean;
  /** With a precision (repetitions: auto): a difference, no difference beyond ±precision, or neither yet. */
  decision?: 'different' | 'equivalent' | 'undecided';
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
 * Each variant against its baseline on each judged metric, under the run's design (sequential-design.ts): a fixed
 * run looks once at the end; `repetitions: auto` looks after every round, and a verdict is frozen at the look
 * that decided it. Every look tests the open verdicts with Welch's t on logs and adjusts their p across the whole
 * family (every variant × metric) by Holm; a verdict is a difference when its adjusted p reaches the look's
 * nominal level, and — with a precision — "no difference beyond ±precision" when its two one-sided tests,
 * Holm-adjusted the same way, reach that same level. The report can replay what the runner decided, because the
 * replay is this function on the same cells.
 */
export function verdicts(record: RunRecord, rows: SummaryRow[] = summarizeVariants(record)): Verdict[] {
  // A ramp's variants are steps at different rates: its result is the maximum sustainable rate, not a ratio.
  if (record.ramp) return [];
  const short = new Set(rows.filter(carriedShort).map((row) => row.variant));
  // A variant that did not carry its offered rate is judged all the same, but the verdict says so.
  const marked = (verdict: Verdict): Verdict => {
    const which = [verdict.variant, verdict.baseline].filter((name) => short.has(name));
    return which.length
      ? { ...verdict, text: `${verdict.text} [${which.join(' and ')} carried less than ${carriedShare * 100} % of the offered rate]` }
      : verdict;
  };
  return judgeSequentially(record).map((judgement) => marked(verdictOf(judgement, record)));
}

/** One hypothesis of the family: a variant against its baseline on one metric, and what the looks made of it. */
interface Judgement {
  variant: string;
  baseline: string;
  metric: Verdict['metric'];
  phrase: string;
  of: (cell: CellResult) => number | undefined;
  state: 'open' | 'different' | 'equivalent';
  /** The figures of the look that decided it, or of the last look for one still open. */
  last?: Look;
  design: SequentialDesign;
  precision?: number;
}

/** What one look found for one hypothesis. */
interface Look {
  look: number;
  nominal: number;
  counts: [number, number];
  ratio?: LogRatio;
  pAdjusted?: number;
  /** The level its Holm step held its p to: the boundary of a design at alpha / (hypotheses left). */
  needed?: number;
  equivalence?: number;
  equivalenceAdjusted?: number;
  equivalenceNeeded?: number;
}

/** The design a record's verdicts are judged under (a fixed design for a run without repetitions: auto). */
export function designOfRecord(record: Pick<RunRecord, 'adaptive'>, alpha = familyAlpha): SequentialDesign {
  const adaptive = record.adaptive;
  return designOf(adaptive ? { firstRepetitions: adaptive.firstRepetitions ?? minAutoRepetitions, maxRepetitions: adaptive.maxRepetitions } : undefined, {
    alpha,
    ...(adaptive?.spending ? { spending: adaptive.spending } : {}),
  });
}

/** Replays the design's looks over the record's cells, in order, and returns every hypothesis as it ended. */
function judgeSequentially(record: RunRecord): Judgement[] {
  const design = designOfRecord(record);
  const precision = record.adaptive?.precision;
  const names = variantNames(record);
  // Every variant that has a baseline other than itself; a baseline may be judged too (a compared run's baseline-run variant).
  const family: Judgement[] = names
    .filter((name) => baselineNameFor(name, record) !== name)
    .flatMap((variant) =>
      judgedMetrics.map(({ metric, of, phrase }) => ({
        variant,
        baseline: baselineNameFor(variant, record),
        metric,
        phrase,
        of,
        state: 'open' as const,
        design,
        ...(precision !== undefined ? { precision: metric === 'p99 latency' ? (record.adaptive?.p99Precision ?? defaultP99Precision) : precision } : {}),
      })),
    );
  const lastRepetition = Math.max(0, ...record.cells.map((cell) => cell.repetition));
  // A fixed design looks once, at everything; a sequential one at each planned look the run reached (and at the
  // last round it ran, if it stopped — interrupted — before its first look).
  const looks =
    design.kind === 'fixed'
      ? [Number.POSITIVE_INFINITY]
      : design.looks.filter((n) => n <= lastRepetition).concat(lastRepetition < design.looks[0]! ? [lastRepetition] : []);
  for (const upTo of looks) {
    const { look, nominal } = nominalAt(design, Math.min(upTo, design.looks.at(-1) ?? upTo));
    const tested = family.filter((judgement) => judgement.state === 'open');
    for (const judgement of tested) {
      const a = repetitionValues(record, judgement.variant, judgement.of, upTo);
      const b = repetitionValues(record, judgement.baseline, judgement.of, upTo);
      const ratio = Math.min(a.length, b.length) >= fewestForInterval ? welchLogRatio(a, b, nominal) : undefined;
      judgement.last = {
        look,
        nominal,
        counts: [a.length, b.length],
        ...(ratio ? { ratio } : {}),
        ...(ratio && judgement.precision !== undefined ? { equivalence: equivalenceP(ratio, judgement.precision) } : {}),
      };
    }
    // Holm over every hypothesis not yet shown to differ (frozen ones weigh with their last p), each step held to
    // the boundary of a design at alpha / (hypotheses left): a family of m verdicts keeps its level at each look,
    // and the spending function keeps it over the looks.
    const levelFor = (remaining: number) => nominalAt(designOfRecord(record, design.alpha / remaining), Math.min(upTo, design.looks.at(-1) ?? upTo)).nominal;
    const notDifferent = family.filter((judgement) => judgement.state !== 'different' && judgement.last?.ratio);
    stepDown(
      notDifferent,
      (judgement) => judgement.last!.ratio!.p,
      levelFor,
      (judgement, pAdjusted, needed, reached) => {
        Object.assign(judgement.last!, { pAdjusted, needed });
        if (reached) judgement.state = 'different';
      },
    );
    if (precision === undefined) continue;
    const notEquivalent = family.filter((judgement) => judgement.state !== 'different' && judgement.last?.equivalence !== undefined);
    stepDown(
      notEquivalent,
      (judgement) => judgement.last!.equivalence!,
      levelFor,
      (judgement, equivalenceAdjusted, equivalenceNeeded, reached) => {
        Object.assign(judgement.last!, { equivalenceAdjusted, equivalenceNeeded });
        if (reached) judgement.state = 'equivalent';
      },
    );
  }
  return family;
}

/**
 * Holm's step-down over a family by the p each member gives: every member still open learns its adjusted p, the level
 * its step needed, and whether it was reached.
 */
function stepDown(
  members: Judgement[],
  pOf: (judgement: Judgement) => number,
  levelFor: (remaining: number) => number,
  mark: (judgement: Judgement, adjusted: number, needed: number, reached: boolean) => void,
): void {
  const ps = members.map(pOf);
  const { reached, needed } = holmStepDown(ps, levelFor);
  const adjusted = holmAdjusted(ps);
  members.forEach((judgement, i) => {
    if (judgement.state === 'open') mark(judgement, adjusted[i]!, needed[i]!, reached[i]!);
  });
}

/** `= 0.003`, `< 0.0001`: a p as it follows its name. */
const pText = (p: number) => (p < 0.0001 ? '< 0.0001' : `= ${p < 0.01 ? p.toFixed(4) : p.toFixed(3)}`);

/** A judgement in words, with its figures. */
function verdictOf(judgement: Judgement, record: RunRecord): Verdict {
  const { variant, baseline, metric, phrase, last, design, precision } = judgement;
  const base = { variant, baseline, metric };
  const a = repetitionValues(record, variant, judgement.of);
  const b = repetitionValues(record, baseline, judgement.of);
  const missing = [variant, baseline].find((name, i) => [a, b][i]!.length === 0 && completedCells(record, name).length > 0);
  if (missing) return { ...base, text: `${variant} vs ${baseline} (${metric}): ${missing} has no ${metric} to compare` };
  if (!last?.ratio) {
    const [na, nb] = last?.counts ?? [a.length, b.length];
    return {
      ...base,
      text: `${variant} vs ${baseline} (${metric}): ${noIntervalText(na, nb)} — it takes ${fewestForInterval} completed repetitions of each to judge; set repetitions: ${fewestForInterval} or more`,
    };
  }
  const { ratio, low, high, p } = last.ratio;
  const [na, nb] = last.counts;
  const boundary = boundaryName(design, last.look);
  const level = (value: number | undefined) => (value === undefined ? '?' : value < 0.01 ? value.toFixed(4) : value.toFixed(3));
  const where = design.kind === 'fixed' ? '' : `; ${boundary}, ${na === nb ? `${na} repetitions each` : `${na} and ${nb} repetitions`}`;
  const interval = `${ratio.toFixed(2)}×, ratio of geometric means, ${intervalName(last.nominal)} ${low.toFixed(2)}–${high.toFixed(2)}`;
  const test = `Welch t on logs p ${pText(p)}, needed ≤ ${level(last.needed)}, Holm-adjusted p ${pText(last.pAdjusted ?? p)}`;
  const equivalenceTest = `two one-sided tests p ${pText(last.equivalence ?? 1)}, needed ≤ ${level(last.equivalenceNeeded)}, Holm-adjusted p ${pText(last.equivalenceAdjusted ?? last.equivalence ?? 1)}`;
  const figures = {
    ...base,
    ratio,
    low,
    high,
    p,
    pAdjusted: last.pAdjusted ?? p,
    ...(last.needed !== undefined ? { level: last.needed } : {}),
    boundary,
    repetitions: last.counts,
    ...(last.equivalence !== undefined ? { equivalenceP: last.equivalence, equivalencePAdjusted: last.equivalenceAdjusted ?? last.equivalence } : {}),
  };
  if (judgement.state === 'different') {
    return {
      ...figures,
      significant: true,
      decision: 'different',
      text: `${variant}: ${ratio.toFixed(2)}× ${phrase} ${baseline} (ratio of geometric means, ${intervalName(last.nominal)} ${low.toFixed(2)}–${high.toFixed(2)}) — significant (${test}${where})`,
    };
  }
  if (judgement.state === 'equivalent') {
    return {
      ...figures,
      significant: false,
      decision: 'equivalent',
      text: `${variant}: no difference in ${metric} from ${baseline} beyond ±${precision! * 100} % (${interval}; ${equivalenceTest}${where})`,
    };
  }
  if (precision === undefined) {
    return { ...figures, significant: false, text: `${variant}: no significant difference in ${metric} from ${baseline} (${interval}; ${test})` };
  }
  return {
    ...figures,
    significant: false,
    decision: 'undecided',
    text: `${variant}: undecided on ${metric} against ${baseline} — neither a difference nor within ±${precision * 100} % (${interval}; ${test}; ${equivalenceTest}${where})`,
  };
}

/** The verdicts of a run still open under its design (repetitions: auto repeats their variants). */
export function undecidedVerdicts(record: RunRecord): Verdict[] {
  // No summary rows: whether a variant carried its rate marks a verdict's text, never its decision.
  return verdicts(record, []).filter((verdict) => verdict.decision !== 'different' && verdict.decision !== 'equivalent');
}

/** How repetitions: auto ended, in one sentence; undefined for a run with a fixed number of repetitions. */
export function adaptiveText(record: RunRecord): string | undefined {
  const adaptive = record.adaptive;
  if (!adaptive) return undefined;
  const design = designOfRecord(record);
  const spending =
    design.kind === 'fixed'
      ? designName(design)
      : `${designName(design)} over ${design.looks.length} looks at ${design.looks[0]}–${design.looks.at(-1)} repetitions`;
  const rule = `repetitions: auto (each verdict until significant or within ±${adaptive.precision * 100} %, at most ${adaptive.maxRepetitions} repetitions; ${spending}, Holm across the verdicts, family-wise ${design.alpha * 100} %)`;
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
