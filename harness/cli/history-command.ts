import path from 'node:path';
import { Command } from 'commander';
import { UserError } from '../errors.ts';
import { didYouMean } from '../util/did-you-mean.ts';
import { type FigureName, figureNames, figureCatalog } from '../figures/catalog.ts';
import { experimentHistory } from '../history/experiment-history.ts';
import { historyToHtml } from '../history/history-to-html.ts';
import { openRunIndex, updateRunIndex } from '../history/run-index.ts';
import { resultsDir } from '../paths.ts';
import { textTable } from '../report/text-table.ts';
import { readVegaLibraries } from '../report/write-run-report.ts';
import { writeFileAtomic } from '../util/atomic-write.ts';
import { data, info } from './output.ts';

const shown = (value: number | undefined) => (value === undefined ? '–' : value.toLocaleString('en-US', { maximumFractionDigits: 2 }));

/** `kafka-lab history <experiment>`: one metric of every run of an experiment, from the run index. */
export function historyCommand(): Command {
  return new Command('history')
    .description(
      'print one summary metric of every run of an experiment, oldest first, and write results/<experiment>/history.html; the index (results/history.sqlite) is brought up to date from the run folders first',
    )
    .argument('<experiment>', 'the experiment name, as its folder under results/')
    .option('--variant <name>', 'only this variant')
    .option('--metric <name>', `one of ${figureNames.join(', ')}`, 'msgsPerSec')
    .action(async (experiment: string, options: { variant?: string; metric: string }) => {
      if (!(figureNames as string[]).includes(options.metric)) {
        throw new UserError(
          `--metric ${options.metric} is not a summary metric`,
          `${didYouMean(options.metric, figureNames)}use one of ${figureNames.join(', ')}`,
        );
      }
      const metric = options.metric as FigureName;
      const db = openRunIndex(path.join(resultsDir, 'history.sqlite'));
      try {
        const update = await updateRunIndex(db, resultsDir);
        for (const skipped of update.skipped) info(`skipped (not readable): ${skipped}`);
        const history = experimentHistory(db, experiment, { metric, ...(options.variant ? { variant: options.variant } : {}) });
        if (history.runs === 0) throw new UserError(`no finished run of "${experiment}" under ${resultsDir}`, `run \`npm run experiment ${experiment}\` first`);
        if (history.points.length === 0) {
          throw new UserError(
            `no run of ${experiment} measured ${metric}${options.variant ? ` for variant ${options.variant}` : ''}`,
            'pick another --metric or --variant',
          );
        }
        const changedAt = new Map(history.environmentChanges.map((change) => [change.runId, change.changes.join('; ')]));
        data(
          textTable(
            ['started', 'run', 'variant', `${metric} (${figureCatalog[metric].unit})`, '95 % CI', 'setup', 'environment'],
            history.points.map((point) => [
              point.startedAt.replace(/\.\d+Z$/, 'Z'),
              point.runId,
              point.variant,
              shown(point.value),
              point.low === undefined ? '–' : `${shown(point.low)}–${shown(point.high)}`,
              point.setupDiffers ? 'differs from the latest' : '',
              changedAt.get(point.runId) ?? '',
            ]),
          ),
        );
        const page = path.join(resultsDir, experiment, 'history.html');
        await writeFileAtomic(page, historyToHtml({ experiment, metric, ...history, libraries: await readVegaLibraries() }));
        data(`history page: ${page}`);
      } finally {
        db.close();
      }
    });
}
