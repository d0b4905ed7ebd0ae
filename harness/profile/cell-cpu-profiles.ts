import { readdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { repoRoot } from '../paths.ts';
import { writeJsonAtomic } from '../util/atomic-write.ts';
import { cpuprofileToTopFunctions, type CpuProfile, type TopFunction } from './cpuprofile-to-top-functions.ts';
import { positionMapper, type SourceMaps } from './source-maps.ts';

/** One process's profile in a cell: where it is and which functions took the time. */
export interface ProcessProfile {
  process: string;
  cpuprofile: string;
  busyMs: number;
  idleMs: number;
  topFunctions: TopFunction[];
}

/**
 * Node flags that make a worker write its profiles into `<dir>/<name>/` when it exits. No fixed file name:
 * the module loader's thread profiles too, and with one name it would overwrite the main thread's.
 */
export function cpuProfileFlags(dir: string, name: string): string[] {
  return ['--cpu-prof', `--cpu-prof-dir=${path.join(dir, name)}`];
}

/**
 * Keeps each process's main-thread profile (thread id 0 in Node's file name) as `<dir>/<name>.cpuprofile`, and the
 * source maps the process wrote beside it as `<dir>/<name>.source-maps.json`.
 */
async function collectMainThreadProfiles(dir: string): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    // Profilers' data folders (<process>.0x, <process>.clinic) have a dot; --cpu-prof's have none.
    if (!entry.isDirectory() || entry.name.includes('.')) continue;
    const files = await readdir(path.join(dir, entry.name));
    const main = files.find((file) => /\.\d+\.0\.\d+\.cpuprofile$/.test(file));
    if (main) await rename(path.join(dir, entry.name, main), path.join(dir, `${entry.name}.cpuprofile`));
    if (files.includes('source-maps.json')) await rename(path.join(dir, entry.name, 'source-maps.json'), path.join(dir, `${entry.name}.source-maps.json`));
    await rm(path.join(dir, entry.name), { recursive: true, force: true });
  }
}

/** The source maps a process wrote beside its profile, if it wrote any (a profile from before they were kept has none). */
export async function readSourceMaps(dir: string, name: string): Promise<SourceMaps | undefined> {
  const text = await readFile(path.join(dir, `${name}.source-maps.json`), 'utf8').catch(() => undefined);
  return text === undefined ? undefined : (JSON.parse(text) as SourceMaps);
}

/** Turns every process's profile of a cell into a top-functions table, written beside it and returned for run.json. */
export async function summarizeCpuProfiles(dir: string, runDir: string): Promise<ProcessProfile[]> {
  await collectMainThreadProfiles(dir);
  const files = (await readdir(dir).catch(() => [] as string[])).filter((file) => file.endsWith('.cpuprofile')).sort();
  return Promise.all(
    files.map(async (file): Promise<ProcessProfile> => {
      const profile = JSON.parse(await readFile(path.join(dir, file), 'utf8')) as CpuProfile;
      const name = file.replace(/\.cpuprofile$/, '');
      const top = cpuprofileToTopFunctions(profile, { root: repoRoot, limit: 40, mapPosition: positionMapper(await readSourceMaps(dir, name)) });
      await writeJsonAtomic(path.join(dir, `${name}.top-functions.json`), top);
      return { process: name, cpuprofile: path.relative(runDir, path.join(dir, file)), busyMs: top.busyMs, idleMs: top.idleMs, topFunctions: top.functions };
    }),
  );
}
