import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../errors.ts';
import { resultsDir } from '../paths.ts';
import { readRunRecord } from '../results/read-run-record.ts';
import type { LoadedRun } from './runs-to-comparison.ts';

async function isRunFolder(folder: string): Promise<boolean> {
  return stat(path.join(folder, 'run.json')).then(
    (s) => s.isFile(),
    () => false,
  );
}

async function loadRun(folder: string): Promise<LoadedRun> {
  const record = await readRunRecord(folder);
  const experimentYaml = await readFile(path.join(folder, 'experiment.yaml'), 'utf8').catch(() => '(experiment.yaml is missing)\n');
  return { folder: path.resolve(folder), record, experimentYaml };
}

/** The newest finished run of an experiment; run ids start with their UTC start time, so names sort by age. */
async function latestRunOf(name: string, root: string): Promise<string | undefined> {
  const parent = path.join(root, name);
  const ids = (await readdir(parent).catch(() => [] as string[])).sort().reverse();
  for (const id of ids) {
    const folder = path.join(parent, id);
    if (!(await isRunFolder(folder))) continue;
    const { record } = await loadRun(folder);
    if (record.status !== 'running') return folder;
  }
  return undefined;
}

/** Each argument is a run folder, or an experiment's name meaning its latest finished run under results/. */
export async function findRuns(args: string[], root = resultsDir): Promise<LoadedRun[]> {
  const folders: string[] = [];
  for (const arg of args) {
    const folder = (await isRunFolder(arg)) ? arg : await latestRunOf(arg, root);
    if (!folder) {
      throw new UserError(
        `"${arg}" is neither a run folder (no run.json in it) nor an experiment with a finished run under ${root}`,
        `run \`npm run experiment ${arg}\` first, or pass a folder such as results/quickstart/<runId>`,
      );
    }
    folders.push(path.resolve(folder));
  }
  const repeated = folders.find((folder, i) => folders.indexOf(folder) !== i);
  if (repeated) throw new UserError(`${repeated} is named twice`, 'compare different runs: name a run folder to pick an older run of the same experiment');
  return Promise.all(folders.map(loadRun));
}
