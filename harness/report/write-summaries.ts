import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../errors.ts';
import { writeFileAtomic } from '../util/atomic-write.ts';
import type { RunRecord } from '../runner/run-folder.ts';
import { summarizeVariants } from './run-to-summary.ts';
import { summaryToCsv, summaryToMarkdown } from './summary-to-text.ts';
import { verdicts } from './verdicts.ts';

export async function readRunRecord(runDir: string): Promise<RunRecord> {
  const file = path.join(runDir, 'run.json');
  const text = await readFile(file, 'utf8').catch(() => {
    throw new UserError(`${runDir} is not a run folder (no run.json)`, 'pass a folder such as results/quickstart/<runId>');
  });
  return JSON.parse(text) as RunRecord;
}

/** Renders summary.md and summary.csv into a run folder from its run.json alone; any old run can be re-rendered. */
export async function writeSummaries(runDir: string): Promise<{ markdown: string; files: string[] }> {
  const record = await readRunRecord(runDir);
  const rows = summarizeVariants(record);
  const markdown = summaryToMarkdown(record, rows, verdicts(record));
  const files = [path.join(runDir, 'summary.md'), path.join(runDir, 'summary.csv')];
  await writeFileAtomic(files[0]!, markdown);
  await writeFileAtomic(files[1]!, summaryToCsv(rows));
  return { markdown, files };
}
