import { Command } from 'commander';
import { writeSummaries } from '../report/write-summaries.ts';
import { data, info } from './output.ts';

/** `kafka-lab report <run-folder>`: re-renders a run's summary from its run.json. */
export function reportCommand(): Command {
  return new Command('report')
    .description('render summary.md and summary.csv (with verdicts against the baseline) for a run folder; the HTML report is not built yet')
    .argument('<run-folder>', 'e.g. results/quickstart/<runId>')
    .action(async (runDir: string) => {
      const { markdown, files } = await writeSummaries(runDir);
      data(markdown);
      info(`written: ${files.join(', ')}`);
      info('the Vega-Lite HTML report, profiles and `compare` arrive with the reports issue (issue 4)');
    });
}
