import { mean } from 'simple-statistics';
import type { SpendingFunction } from '../analysis/sequential-design.ts';
import { bootstrapRatioCi, mannWhitneyU, welchLogRatio } from '../analysis/statistics.ts';
import { type Verdict, verdicts } from '../analysis/verdicts.ts';
import { type Cell, parseExperiment } from '../experiment-file/load-experiment.ts';
import type { CellResult } from '../results/cell-result.ts';
import type { RunRecord } from '../results/run-record.ts';
import { repeatUntilDecided } from '../runner/adaptive-repetitions.ts';
import { seededRandom } from '../util/seeded-random.ts';

/**
 * The tool's own statistics, measured: the real verdict and stopping code (verdicts.ts, adaptive-repetitions.ts)
 * fed synthetic repetitions whose truth is known, so its false-positive rate and its power are figures rather than
 * promises. Every scenario is seeded: the same options print the same figures.
 */

/** One scenario: how many variants, how noisy, how different, under which design. */
export interface Scenario {
  name: string;
  variants: number;
  /** Coefficient of variation of msgs/s between repetitions (a fraction). */
  cv: number;
  /** True relative difference of every non-baseline variant's msgs/s (0 for A/A). */
  difference: number;
  /** `auto` (repetitions: auto) or a fixed number of repetitions. */
  repetitions: 'auto' | number;
  maxRepetitions?: number;
  precision?: number;
  spending?: SpendingFunction;
}

/** What a scenario's runs gave. */
export interface ScenarioResult {
  scenario: Scenario;
  runs: number;
  /** Share of runs with at least one verdict called significant when no variant differs (A/A), or in the wrong direction. */
  falsePositives: number;
  /** Share of runs whose msgs/s verdict of the first variant found the true difference (A/B). */
  power: number;
  /** Share of runs that ended with every verdict decided. */
  decided: number;
  /** Mean repetitions per variant when the run stopped. */
  meanRepetitions: number;
}

/**
 * A run's seed from the scenario's seed and the run's number, mixed (murmur3's finalizer) so that neighbouring runs
 * do not start mulberry32 from neighbouring states.
 */
function runSeed(seed: number, run: number): number {
  let h = (Math.imul(seed, 0x9e3779b1) ^ run) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Standard normal draws by Box–Muller from a seeded uniform. */
function normal(random: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** The spread of a p99 between repetitions, on logs: a tail moves far more than a mean rate. */
const p99LogSd = 0.25;

/**
 * A completed cell carrying only what the verdicts read: msgs/s and a p99. The rest of a CellResult is never read
 * by verdicts.ts, so it is left out and the cast says so.
 */
function syntheticCell(cell: Cell, msgsPerSec: number, p99: number): CellResult {
  return {
    index: cell.index,
    variant: cell.variant,
    key: { variant: cell.variant },
    repetition: cell.repetition,
    status: 'completed',
    throughput: { producedPerSec: msgsPerSec, consumedPerSec: msgsPerSec, mbPerSec: 1 },
    latency: { produce: { count: 1000, p50: p99 / 3, p90: p99 / 1.5, p99, p999: p99 * 1.5, max: p99 * 2, mean: p99 / 3 } },
  } as unknown as CellResult;
}

/** One simulated run of a scenario through the real runner loop and verdicts. */
async function simulateRun(scenario: Scenario, seed: number): Promise<{ verdicts: Verdict[]; repetitions: number }> {
  const names = Array.from({ length: scenario.variants }, (_, i) => (i === 0 ? 'base' : `v${i}`));
  const auto = scenario.repetitions === 'auto';
  const experiment = parseExperiment(
    'simulation.yaml',
    [
      `repetitions: ${scenario.repetitions}`,
      ...(auto ? [`maxRepetitions: ${scenario.maxRepetitions ?? 10}`, `precision: ${scenario.precision ?? 0.05}`] : []),
      // The statistics alone: no pilot round to discard, and cells drawn in the written order so a seed is a run.
      'pilot: false',
      'order: as-written',
      'cluster: { provider: local }',
      'workload: { message: cpu, rate: max }',
      'variants:',
      ...names.map((name) => `  - { name: ${name} }`),
    ].join('\n'),
  );
  const random = seededRandom(seed);
  const gaussian = normal(random);
  const record = {
    baseline: experiment.baseline,
    cells: [] as CellResult[],
    repetitions: experiment.repetitions,
    ...(experiment.adaptive
      ? { adaptive: { ...experiment.adaptive, firstRepetitions: experiment.repetitions, ...(scenario.spending ? { spending: scenario.spending } : {}) } }
      : {}),
  } as unknown as RunRecord;
  const runCells = async (cells: Cell[]) => {
    for (const cell of cells) {
      const truth = cell.variant === 'base' ? 1 : 1 + scenario.difference;
      record.cells.push(syntheticCell(cell, 10_000 * truth * (1 + scenario.cv * gaussian()), 50 * Math.exp(p99LogSd * gaussian())));
    }
  };
  await runCells(experiment.cells);
  if (auto) await repeatUntilDecided(experiment, record, new AbortController().signal, runCells);
  return { verdicts: verdicts(record, []), repetitions: Math.max(...names.map((name) => record.cells.filter((cell) => cell.variant === name).length)) };
}

/** Runs a scenario `runs` times from `seed` and counts what its verdicts said. */
export async function simulateScenario(scenario: Scenario, runs: number, seed = 1): Promise<ScenarioResult> {
  let falsePositives = 0;
  let found = 0;
  let decided = 0;
  const repetitions: number[] = [];
  for (let run = 0; run < runs; run++) {
    const outcome = await simulateRun(scenario, runSeed(seed, run));
    const wrong = outcome.verdicts.some(
      (v) => v.significant && (scenario.difference === 0 || v.metric !== 'msgs/s' || v.ratio! > 1 !== scenario.difference > 0),
    );
    if (wrong) falsePositives++;
    const first = outcome.verdicts.find((v) => v.variant === 'v1' && v.metric === 'msgs/s');
    if (scenario.difference !== 0 && first?.significant && first.ratio! > 1 === scenario.difference > 0) found++;
    if (outcome.verdicts.every((v) => v.decision === 'different' || v.decision === 'equivalent' || (v.decision === undefined && v.significant !== undefined)))
      decided++;
    repetitions.push(outcome.repetitions);
  }
  return { scenario, runs, falsePositives: falsePositives / runs, power: found / runs, decided: decided / runs, meanRepetitions: mean(repetitions) };
}

/** The comparison a p99 method is picked by: at a fixed n, A/A and a true 2× difference, with cold repetitions. */
export interface P99MethodResult {
  method: string;
  falsePositives: number;
  power: number;
}

/**
 * Three ways to judge a p99 over repetitions, on lognormal p99s where one repetition in six is cold (3× its
 * variant's typical p99): Welch's t on logs with its own interval (the method the verdicts use), a bootstrap
 * interval of the ratio of medians with Welch's p (the method before, which could disagree with itself), and a
 * Mann–Whitney test with the bootstrap interval. Significant at 5 % when the method's interval excludes 1 and its
 * test agrees.
 */
export function compareP99Methods(repetitions: number, runs: number, seed = 7): P99MethodResult[] {
  const random = seededRandom(seed);
  const gaussian = normal(random);
  const draw = (typical: number) => Array.from({ length: repetitions }, () => typical * Math.exp(p99LogSd * gaussian()) * (random() < 1 / 6 ? 3 : 1));
  const methods: Array<{ method: string; significant: (a: number[], b: number[]) => boolean }> = [
    { method: 'Welch t on logs, its own interval (used)', significant: (a, b) => welchLogRatio(a, b).p < 0.05 },
    {
      method: 'bootstrap of the ratio of medians + Welch t on logs (before)',
      significant: (a, b) => {
        const ci = bootstrapRatioCi(a, b, { centre: 'median', resamples: 2_000 });
        return (ci.low > 1 || ci.high < 1) && welchLogRatio(a, b).p < 0.05;
      },
    },
    {
      method: 'bootstrap of the ratio of medians + Mann–Whitney',
      significant: (a, b) => {
        const ci = bootstrapRatioCi(a, b, { centre: 'median', resamples: 2_000 });
        return (ci.low > 1 || ci.high < 1) && mannWhitneyU(a, b).p < 0.05;
      },
    },
  ];
  const counts = methods.map(() => ({ falsePositives: 0, power: 0 }));
  for (let run = 0; run < runs; run++) {
    const base = draw(50);
    const same = draw(50);
    const double = draw(100);
    methods.forEach((m, i) => {
      if (m.significant(same, base)) counts[i]!.falsePositives++;
      if (m.significant(double, base)) counts[i]!.power++;
    });
  }
  return methods.map((m, i) => ({ method: m.method, falsePositives: counts[i]!.falsePositives / runs, power: counts[i]!.power / runs }));
}

/** The scenarios `npm run bench statistics` prints: A/A with 2–6 variants, the power case, the designs side by side. */
export function standardScenarios(): Scenario[] {
  const aa = [2, 3, 4, 6].flatMap((variants) =>
    [0.05, 0.1].map((cv): Scenario => ({ name: `A/A, ${variants} variants, CV ${cv * 100} %, auto`, variants, cv, difference: 0, repetitions: 'auto' })),
  );
  return [
    ...aa,
    { name: 'A/A, 2 variants, CV 5 %, auto, Pocock instead', variants: 2, cv: 0.05, difference: 0, repetitions: 'auto', spending: 'pocock' },
    { name: 'A/A, 4 variants, CV 5 %, 4 fixed repetitions', variants: 4, cv: 0.05, difference: 0, repetitions: 4 },
    { name: 'A/B, 10 % at CV 5 %, auto', variants: 2, cv: 0.05, difference: 0.1, repetitions: 'auto' },
    { name: 'A/B, 10 % at CV 5 %, auto, Pocock instead', variants: 2, cv: 0.05, difference: 0.1, repetitions: 'auto', spending: 'pocock' },
    { name: 'A/B, 5 % at CV 5 %, auto', variants: 2, cv: 0.05, difference: 0.05, repetitions: 'auto' },
  ];
}
