import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../errors.ts';
import { errorMessage } from '../util/error-message.ts';
import { upgradeRunRecord, type RunRecord } from './run-record.ts';

/** A run folder's run.json, checked for the fields every reader needs and upgraded to today's shape. */
export async function readRunRecord(runDir: string): Promise<RunRecord> {
  const file = path.join(runDir, 'run.json');
  const text = await readFile(file, 'utf8').catch(() => {
    throw new UserError(`${runDir} is not a run folder (no run.json)`, 'pass a folder such as results/quickstart/<runId>');
  });
  let record: unknown;
  try {
    record = JSON.parse(text);
  } catch (error) {
    throw new UserError(
      `${file} is not valid JSON (${errorMessage(error)})`,
      'the file is damaged or was cut short; run the experiment again, or restore the file',
    );
  }
  const problem = runRecordProblem(record);
  if (problem) throw new UserError(`${file}: ${problem}`, 'this is not a kafka-lab run.json (docs/results.md describes one), or it is damaged');
  return upgradeRunRecord(record as RunRecord);
}

/** What makes a parsed run.json unusable for a report, if anything: the fields every renderer reads. */
function runRecordProblem(record: unknown): string | undefined {
  if (typeof record !== 'object' || record === null || Array.isArray(record)) return 'the top level is not an object';
  const fields = record as Record<string, unknown>;
  for (const key of ['experiment', 'runId', 'status', 'baseline']) if (typeof fields[key] !== 'string') return `"${key}" is missing or not a string`;
  for (const key of ['durationMs', 'warmupMs', 'repetitions']) if (typeof fields[key] !== 'number') return `"${key}" is missing or not a number`;
  if (typeof fields.environment !== 'object' || fields.environment === null) return '"environment" is missing';
  if (!Array.isArray(fields.cells)) return '"cells" is missing or not a list';
  const bad = fields.cells.findIndex(
    (cell) =>
      typeof cell !== 'object' ||
      cell === null ||
      typeof (cell as Record<string, unknown>).variant !== 'string' ||
      typeof (cell as Record<string, unknown>).params !== 'object',
  );
  return bad >= 0 ? `cells[${bad}] has no variant or params` : undefined;
}
