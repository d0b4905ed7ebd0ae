import type { CellResult } from '../results/cell-result.ts';
import type { RunRecord } from '../results/run-record.ts';
import { judgedMetrics } from './cell-metrics.ts';
import { coefficientOfVariation, harnessCpu, median, repetitionValues, type SummaryRow } from './run-to-summary.ts';
import { type Centre, fewestForInterval, intervalName, noIntervalText, welchLogRatio } from './statistics.ts';
import { designOfRecord } from './verdicts.ts';
import { carriedShare, carriedShort } from './run-to-summary.ts';

/** One question a comparison answers, in a sentence, and whether the run settled it. */
export interface Answer {
  question: string;
  /** The variant that did best, where there is one. */
  best?: string;
  decided: boolean;
  text: string;
}

/** A question: the figure each repetition gives, which way is better, how it is judged. */
interface Question {
  question: string;
  metric: string;
  unit: string;
  of: (cell: CellResult) => number | undefined;
  higherIsBetter: boolean;
  centre: Centre;
}
/** An estimate beyond this many repetitions is reported as "more than": the difference is lost in the noise. */
const mostWorthEstimating = 50;

/**
 * Repetitions per variant a two-sided test at 5 % would need to show a relative difference `difference` with 80 %
 * power when each repetition varies by `cv` (both as fractions): n = 2 (z0.975 + z0.8)² (cv / difference)², the
 * textbook normal approximation — a guide to how far the run is from deciding, not a promise.
 */
export function repetitionsToDecide(cv: number, difference: number): number {
  if (difference <= 0) return Number.POSITIVE_INFINITY;
  const z = 1.959964 + 0.841621;
  return Math.max(fewestForInterval, Math.ceil(2 * z * z * (cv / difference) ** 2));
}

const format = (value: number, unit: string) => `${value.toLocaleString('en-US', { maximumFractionDigits: value < 100 ? 1 : 0 })} ${unit}`;

const centreOf = (values: number[], centre: Centre) => (centre === 'mean' ? values.reduce((a, b) => a + b, 0) / values.length : median(values)!);

/**
 * The best variant on one question, against every other: decided when it is significantly better than each (Welch's
 * t on logs, as the verdicts, at the level of the run's last look: 5 % for a fixed run, the spending function's
 * nominal level for repetitions: auto). "Better than each" is an intersection of tests, so it needs no multiplicity
 * correction. Otherwise the answer names the variants it could not be told from, and how many repetitions would
 * tell them apart at the noise this run saw.
 */
function answer(record: RunRecord, names: string[], q: Question): Answer | undefined {
  const design = designOfRecord(record);
  const level = design.nominal.at(-1)!;
  const measured = names.map((name) => ({ name, values: repetitionValues(record, name, q.of) })).filter((entry) => entry.values.length > 0);
  if (measured.length < 2) return undefined;
  const ranked = [...measured].sort((a, b) => (centreOf(b.values, q.centre) - centreOf(a.values, q.centre)) * (q.higherIsBetter ? 1 : -1));
  const best = ranked[0]!;
  const bestCentre = centreOf(best.values, q.centre);
  const centreWord = q.centre === 'mean' ? 'mean' : 'median';
  const lead = `${best.name}, ${format(bestCentre, q.unit)} (${centreWord} of ${best.values.length})`;
  const unresolved = ranked.slice(1).flatMap((other) => {
    // Too few repetitions for an interval are too few for a CV to estimate from, too.
    if (Math.min(best.values.length, other.values.length) < fewestForInterval) {
      const ratio = centreOf(best.values, q.centre) / centreOf(other.values, q.centre);
      return [
        `${other.name} (${format(centreOf(other.values, q.centre), q.unit)}; ${ratio.toFixed(2)}×, ${noIntervalText(best.values.length, other.values.length)}, and too few to estimate how many would tell)`,
      ];
    }
    const { ratio, low, high, p } = welchLogRatio(best.values, other.values, level);
    if (p <= level && (q.higherIsBetter ? ratio > 1 : ratio < 1)) return [];
    const cv = Math.max(coefficientOfVariation(best.values) ?? 0, coefficientOfVariation(other.values) ?? 0) / 100;
    const needed = repetitionsToDecide(cv, Math.abs(ratio - 1));
    const estimate = needed > mostWorthEstimating ? `more than ${mostWorthEstimating}` : `about ${needed}`;
    return [
      `${other.name} (${format(centreOf(other.values, q.centre), q.unit)}; ${ratio.toFixed(2)}× by geometric means, ${intervalName(level)} ${low.toFixed(2)}–${high.toFixed(2)}: ${estimate} repetitions of each would tell)`,
    ];
  });
  if (unresolved.length === 0) {
    return { question: q.question, best: best.name, decided: true, text: `${lead} — ahead of every other variant, each difference significant.` };
  }
  return {
    question: q.question,
    best: best.name,
    decided: false,
    text: `${lead} leads, but this run cannot tell it from ${unresolved.join('; ')}.`,
  };
}

/**
 * The questions a comparison of variants asks — which is fastest, which has the lowest p99, which costs the least
 * CPU — each answered from every repetition, with what is decided and what is not. Nothing for a ramp (its answer is
 * the maximum sustainable rate) or a run of one variant.
 */
export function answers(record: RunRecord, rows: SummaryRow[]): Answer[] {
  const names = rows.map((row) => row.variant);
  if (record.ramp || names.length < 2) return [];
  const [throughput, p99] = judgedMetrics;
  const fixedRate = rows.every((row) => row.figures.offeredPerSec !== undefined);
  const result: Answer[] = [];
  if (fixedRate) {
    // At a fixed rate the question is which variants carried what was offered, not which carried a hair more.
    const short = rows.filter(carriedShort);
    const carried = rows.filter((row) => !carriedShort(row) && !Number.isNaN(row.msgsPerSec.mean));
    const shortText = short
      .map(
        (row) =>
          `${row.variant} ${format(row.msgsPerSec.mean, 'msgs/s')} of ${format(row.figures.offeredPerSec!, 'offered')} (${Math.round((100 * row.msgsPerSec.mean) / row.figures.offeredPerSec!)} %)`,
      )
      .join('; ');
    // Decided when every short variant's interval lies wholly below the 95 % mark, and every other's above it.
    const decided =
      short.every((row) => (row.msgsPerSec.high ?? Number.POSITIVE_INFINITY) < carriedShare * row.figures.offeredPerSec!) &&
      carried.every((row) => (row.msgsPerSec.low ?? Number.NEGATIVE_INFINITY) >= carriedShare * row.figures.offeredPerSec!);
    // Too few repetitions for an interval: the means say it, nothing decides it, and the answer says which.
    const fewest = Math.min(...rows.map((row) => row.msgsPerSec.n));
    const meansOnly = !decided && fewest < fewestForInterval ? ` These are means only (${noIntervalText(fewest)}): not decided.` : '';
    result.push({
      question: 'Which variants carry the offered rate?',
      decided,
      text:
        (short.length === 0
          ? 'Every variant carried its offered rate: at this rate, throughput does not separate them (run at rate: max, or a ramp, to find their limits).'
          : `${carried.length ? `${carried.map((row) => row.variant).join(' and ')} carried the offered rate; ` : ''}short of it: ${shortText}.`) + meansOnly,
    });
  } else {
    const found = answer(record, names, {
      question: 'Which variant carries the most messages?',
      metric: 'msgs/s',
      unit: 'msgs/s',
      of: throughput!.of,
      higherIsBetter: true,
      centre: throughput!.centre,
    });
    if (found) result.push(found);
  }
  const questions: Question[] = [
    {
      question: 'Which variant has the lowest p99 latency?',
      metric: 'p99',
      unit: 'ms',
      of: p99!.of,
      higherIsBetter: false,
      centre: p99!.centre,
    },
    {
      question: 'Which variant costs the least CPU (generators, processors and brokers together)?',
      metric: 'CPU',
      unit: '% of a core',
      of: (cell) => harnessCpu(cell, record, ['generator', 'processor', 'broker', 'controller']),
      higherIsBetter: false,
      centre: 'mean',
    },
  ];
  for (const q of questions) {
    const found = answer(record, names, q);
    if (found) result.push(found);
  }
  return result;
}
