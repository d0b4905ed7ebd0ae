import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { isAlive } from '../util/process-group.ts';
import { writeRunRecord } from './run-folder.ts';
import type { RunRecord } from '../results/run-record.ts';

/** Run folders under `resultsRoot` left `running` by a process that no longer exists: marked `crashed`. */
export async function markCrashedRuns(resultsRoot: string): Promise<string[]> {
  const marked: string[] = [];
  for (const experiment of await readdir(resultsRoot, { withFileTypes: true }).catch(() => [])) {
    if (!experiment.isDirectory()) continue;
    for (const run of await readdir(path.join(resultsRoot, experiment.name), { withFileTypes: true }).catch(() => [])) {
      if (!run.isDirectory()) continue;
      const runDir = path.join(resultsRoot, experiment.name, run.name);
      const record = await readFile(path.join(runDir, 'run.json'), 'utf8')
        .then((text) => JSON.parse(text) as RunRecord)
        .catch(() => undefined);
      if (record?.status !== 'running' || record.runnerPid === undefined || isAlive(record.runnerPid)) continue;
      await writeRunRecord(runDir, { ...record, status: 'crashed' });
      marked.push(runDir);
    }
  }
  return marked;
}
