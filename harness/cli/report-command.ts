import { Command } from 'commander';
import { writeRunReport } from '../report/write-run-report.ts';
import { data, info } from './output.ts';

/** `kafka-lab report <run-folder>`: re-renders a run's summary from its run.json. */
export function reportCommand(): Command {
  return new Command('report')
    .description('render report.html (self-contained Vega-Lite), summary.md and summary.csv, with verdicts against the baseline, for a run folder')
    .argument('<run-folder>', 'e.g. results/quickstart/<runId>')
    .action(async (runDir: string) => {
      const { markdown, files } = await writeRunReport(runDir);
      data(markdown);
      info(`written: ${files.join(', ')}`);
      info('open report.html in a browser: it needs no network');
    });
}
