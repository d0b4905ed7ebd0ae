import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { ExitCode, UserError } from '../errors.ts';
import { resultsDir } from '../paths.ts';
import { findRuns } from '../report/find-runs.ts';
import { defaultTolerances, failsGate, type GateTolerances, regressionGate, setupChanges } from '../analysis/regression-gate.ts';
import type { ReportModel } from '../report/report-model.ts';
import { type LoadedRun, runsToComparison } from '../report/runs-to-comparison.ts';
import { writeReport } from '../report/write-run-report.ts';
import { data, info } from './output.ts';

interface CompareOptions {
  baseline?: string;
  baselineRun?: string;
  failOnRegression?: boolean;
  tolerance: number;
  latencyTolerance: number;
  out?: string;
}

function fraction(text: string): number {
  const value = Number(text);
  if (!(value > 0 && value < 1)) throw new InvalidArgumentError('a fraction between 0 and 1, e.g. 0.05 for 5 %');
  return value;
}

/** The gate of every new run against the baseline run, merged into one report section. */
function gateOf(baselineRun: LoadedRun, newRuns: LoadedRun[], tolerances: GateTolerances): NonNullable<ReportModel['gate']> {
  return {
    baselineRun: baselineRun.record.runId,
    tolerances,
    results: newRuns.flatMap((run) =>
      regressionGate(baselineRun.record, run.record, tolerances).map((result) =>
        newRuns.length > 1 ? { ...result, text: `run ${run.record.runId}: ${result.text}` } : result,
      ),
    ),
    setupChanges: newRuns.flatMap((run) => setupChanges(baselineRun.record, run.record)),
  };
}

/** `kafka-lab compare <run-folder | experiment>...`: several runs in one report, with the environments side by side. */
export function compareCommand(): Command {
  return new Command('compare')
    .description(
      'compare several runs in one self-contained HTML report (same charts and verdicts as a run report; warns when the environments differ) and print its path; with --baseline-run, gate new runs against a baseline run',
    )
    .argument('<runs...>', 'run folders (results/<experiment>/<runId>) or experiment names (their latest finished run)')
    .option('--baseline <label/variant>', "the variant the others are judged against (default: the first run's baseline)")
    .option('--baseline-run <run>', 'a run folder or experiment name: each of its variants is checked against the same variant of every other run')
    .option('--fail-on-regression', 'with --baseline-run: exit 5 when a variant regressed beyond the tolerance, or when the gate cannot judge it')
    .option('--tolerance <fraction>', 'with --baseline-run: how much lower msgs/s counts as a regression', fraction, defaultTolerances.throughput)
    .option('--latency-tolerance <fraction>', 'with --baseline-run: how much higher p99 latency counts as a regression', fraction, defaultTolerances.latency)
    .option('--out <folder>', 'where to write report.html, summary.md and summary.csv (default: results/compare/<time>)')
    .action(async (args: string[], options: CompareOptions) => {
      if (options.failOnRegression && !options.baselineRun)
        throw new UserError('--fail-on-regression needs --baseline-run', 'name the run to gate against, e.g. --baseline-run results/quickstart/<runId>');
      const names = options.baselineRun ? [options.baselineRun, ...args] : args;
      if (names.length < 2)
        throw new UserError('compare needs at least two runs', 'name two run folders or experiments, e.g. `npm run compare quickstart serializers`');
      const runs = await findRuns(names);
      const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
      const outDir = path.resolve(options.out ?? path.join(resultsDir, 'compare', stamp));
      const { record, comparison, experimentYaml } = runsToComparison(runs, outDir, options.baseline);
      const variants = new Set(record.cells.map((cell) => cell.variant));
      if (!variants.has(record.baseline)) {
        throw new UserError(`--baseline ${record.baseline} names no variant of these runs`, `use one of ${[...variants].join(', ')}`);
      }
      const gate = options.baselineRun ? gateOf(runs[0]!, runs.slice(1), { throughput: options.tolerance, latency: options.latencyTolerance }) : undefined;
      await mkdir(outDir, { recursive: true });
      const { markdown, files } = await writeReport(outDir, record, experimentYaml, comparison, gate);
      info(markdown);
      if (comparison.differences.length) info(`warning: the runs' environments differ in ${comparison.differences.join(', ')}`);
      data(files[0]!);
      const failing = gate?.results.filter(failsGate) ?? [];
      if (options.failOnRegression && failing.length) {
        const regressed = failing.filter((result) => result.status === 'regressed').length;
        throw new UserError(
          `the regression gate failed: ${regressed} regression(s), ${failing.length - regressed} variant metric(s) it cannot judge`,
          `each is listed above and in ${files[0]}`,
          ExitCode.regression,
        );
      }
    });
}
