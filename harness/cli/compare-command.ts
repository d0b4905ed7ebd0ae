import { Command } from 'commander';
import path from 'node:path';
import { mkdir } from 'node:fs/promises';
import { UserError } from '../errors.ts';
import { findRuns } from '../report/find-runs.ts';
import { runsToComparison } from '../report/runs-to-comparison.ts';
import { writeReport } from '../report/write-run-report.ts';
import { resultsDir } from '../paths.ts';
import { data, info } from './output.ts';

/** `kafka-lab compare <run-folder | experiment>...`: several runs in one report, with the environments side by side. */
export function compareCommand(): Command {
  return new Command('compare')
    .description(
      'compare several runs in one self-contained HTML report (same charts and verdicts as a run report; warns when the environments differ) and print its path',
    )
    .argument('<runs...>', 'run folders (results/<experiment>/<runId>) or experiment names (their latest finished run)')
    .option('--baseline <label/variant>', "the variant the others are judged against (default: the first run's baseline)")
    .option('--out <folder>', 'where to write report.html, summary.md and summary.csv (default: results/compare/<time>)')
    .action(async (args: string[], options: { baseline?: string; out?: string }) => {
      if (args.length < 2)
        throw new UserError('compare needs at least two runs', 'name two run folders or experiments, e.g. `npm run compare quickstart serializers`');
      const runs = await findRuns(args);
      const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
      const outDir = path.resolve(options.out ?? path.join(resultsDir, 'compare', stamp));
      const { record, comparison, experimentYaml } = runsToComparison(runs, outDir, options.baseline);
      const variants = new Set(record.cells.map((cell) => cell.variant));
      if (!variants.has(record.baseline)) {
        throw new UserError(`--baseline ${record.baseline} names no variant of these runs`, `use one of ${[...variants].join(', ')}`);
      }
      await mkdir(outDir, { recursive: true });
      const { markdown, files } = await writeReport(outDir, record, experimentYaml, comparison);
      info(markdown);
      if (comparison.differences.length) info(`warning: the runs' environments differ in ${comparison.differences.join(', ')}`);
      data(files[0]!);
    });
}
