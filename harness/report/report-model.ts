import { repetitionLabel } from '../results/cell-result.ts';
import type { ProfileDiffLink } from './write-profile-diffs.ts';
import type { CellResult } from '../results/cell-result.ts';
import { type Answer, answers } from '../analysis/answers.ts';
import { ruleCounts, variantBottlenecks } from '../analysis/bottleneck.ts';
import type { RunRecord } from '../results/run-record.ts';
import type { Chart } from './chart.ts';
import { faultLine } from './faults-to-html.ts';
import { lossLines } from './losses-to-html.ts';
import { type HarnessCost, harnessCosts } from '../analysis/harness-costs.ts';
import type { RepetitionCurve } from './histograms-to-percentile-curve.ts';
import { type ProfilingOverhead, profilingOverheads } from '../analysis/profiling-overhead.ts';
import { rampLimits, type VariantLimit } from '../analysis/ramp-to-limits.ts';
import { type OutlierNote, type RepetitionRow, repetitionRows } from './repetition-rows.ts';
import { runToCharts } from './run-to-charts.ts';
import { type SummaryRow, summarizeVariants } from '../analysis/run-to-summary.ts';
import type { LabelledEnvironment } from './environments-to-html.ts';
import type { GateResult, GateTolerances } from '../analysis/regression-gate.ts';
import { type ThresholdResult, thresholdResults } from '../analysis/threshold-results.ts';
import { noiseFloor } from '../analysis/noise-floor.ts';
import { adaptiveText, type Verdict, verdicts } from '../analysis/verdicts.ts';

/** What a comparison of several runs adds to the report: the runs, and which comparable facts differ. */
export interface ComparisonContext {
  runs: Array<
    LabelledEnvironment & { experiment: string; runId: string; folder: string; status: string; repetitions: number; durationMs: number; warmupMs: number }
  >;
  differences: string[];
}

/**
 * Everything a report says about a run, worked out once: HTML, Markdown, CSV and the terminal each render this
 * (as hyperfine's exporters render one list of results), so no section is assembled twice.
 */
export interface ReportModel {
  record: RunRecord;
  rows: SummaryRow[];
  /** Which variant is fastest, has the lowest p99, costs the least CPU: decided or not, and what would decide it. */
  answers: Answer[];
  /** Every cell as a row, outliers flagged. */
  repetitions: RepetitionRow[];
  /** Per variant, what limited its repetitions (bottleneck.ts's rules). */
  bottlenecks: Array<{ variant: string; text: string }>;
  /** Repetitions beyond 3 MADs of their variant's median on msgs/s or p99: named, never dropped. */
  outliers: OutlierNote[];
  verdicts: Verdict[];
  /** The experiment file's thresholds, each checked against each variant it applies to. */
  thresholds: ThresholdResult[];
  /** The median CV of msgs/s over the variants' repetitions, in a sentence (noise-floor.ts). */
  noiseFloor?: string;
  /** What ended `repetitions: auto`, and what stayed undecided; absent otherwise. */
  adaptive?: string;
  /** A ramp's maximum sustainable rate per variant; empty without a ramp. */
  limits: VariantLimit[];
  /** One line per cell that killed a broker. */
  faults: string[];
  /** Where each cell's lost messages were: a line per producer and partition (losses-to-html.ts). */
  losses: string[];
  /** Harness generator and processor against the yardsticks of the same run. */
  harnessCosts: HarnessCost[];
  overheads: ProfilingOverhead[];
  /** Cells that did not complete, with their reasons. */
  incomplete: CellResult[];
  /** Files of the run that are missing or damaged, each with what the report leaves out because of it. */
  missingParts: string[];
  charts: Chart[];
  /** Differential flame graphs written beside the report (see write-profile-diffs.ts); empty when fewer than two variants were profiled. */
  profileDiffs: ProfileDiffLink[];
  /** A comparison of several runs: each run's own settings, so no text claims one run's for all. */
  comparison?: ComparisonContext;
  /** compare --baseline-run: each variant of the baseline run against the new run, and what their setups changed. */
  gate?: { baselineRun: string; tolerances: GateTolerances; results: GateResult[]; setupChanges: string[] };
}

/**
 * A throughput verdict says what limited each side (the rules of bottleneck.ts, counted over repetitions): a ratio
 * of two rates reads differently when one side was held back by its generator and the other by the brokers.
 */
function withLimits(verdict: Verdict, repetitions: RepetitionRow[]): Verdict {
  if (verdict.metric !== 'msgs/s') return verdict;
  const sides = [verdict.variant, verdict.baseline].flatMap((variant) => {
    const counts = ruleCounts(repetitions, variant);
    return counts ? [`${variant}: ${counts}`] : [];
  });
  return sides.length ? { ...verdict, text: `${verdict.text} [limited by — ${sides.join('; ')}]` } : verdict;
}

/** A verdict whose sides hold an outlier repetition on its metric says so: the reader may want to look before trusting it. */
function withOutliers(verdict: Verdict, outliers: OutlierNote[]): Verdict {
  const own = outliers.filter((o) => o.metric === verdict.metric && (o.variant === verdict.variant || o.variant === verdict.baseline));
  if (own.length === 0) return verdict;
  return {
    ...verdict,
    text: `${verdict.text} [outlier repetition(s): ${own.map((o) => `${o.variant} ${repetitionLabel(o.repetition)}`).join(', ')}; see the per-repetition table]`,
  };
}

/** The report of a run record; `curves` are each repetition's latency curve (read by the caller from the run's files). */
export function runToModel(record: RunRecord, curves: RepetitionCurve[] = [], missingParts: string[] = [], comparison?: ComparisonContext): ReportModel {
  const rows = summarizeVariants(record);
  const adaptive = adaptiveText(record);
  const floor = noiseFloor(record, rows);
  const { rows: repetitions, outliers } = repetitionRows(record);
  return {
    record,
    rows,
    answers: answers(record, rows),
    repetitions,
    bottlenecks: variantBottlenecks(repetitions),
    outliers,
    verdicts: verdicts(record, rows).map((verdict) => withLimits(withOutliers(verdict, outliers), repetitions)),
    thresholds: thresholdResults(record, rows),
    ...(adaptive ? { adaptive } : {}),
    ...(floor ? { noiseFloor: floor.text } : {}),
    limits: record.ramp ? rampLimits(record) : [],
    faults: record.cells.filter((cell) => cell.fault).map(faultLine),
    losses: record.cells.flatMap(lossLines),
    harnessCosts: harnessCosts(record),
    overheads: profilingOverheads(record),
    incomplete: record.cells.filter((cell) => cell.status !== 'completed'),
    missingParts,
    charts: runToCharts(record, rows, curves),
    profileDiffs: [],
    ...(comparison ? { comparison } : {}),
  };
}
