import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Setup } from '../experiment-file/experiment-schema.ts';
import type { WorkerLaunch, WorkerWrapper } from './worker-launch.ts';
import { cpuProfileFlags } from './cell-cpu-profiles.ts';

const resolve = createRequire(import.meta.url).resolve;
const zeroX = resolve('0x/cmd.js');
const clinic = resolve('clinic/bin.js');

/** A profiler's page for one process of a cell (path relative to the run folder). */
export interface ProfileReport {
  process: string;
  kind: 'flamegraph' | 'jfr-flamegraph' | 'clinic-doctor' | 'clinic-flame' | 'clinic-bubbleprof';
  file: string;
}

/** Analysing after the worker exits: 0x renders in seconds, clinic's bubbleprof can take minutes. */
const zeroXFinishMs = 120_000;
const clinicFinishMs = 300_000;

function zeroXWrapper(dir: string, name: string): WorkerWrapper {
  return {
    command: [zeroX, '--quiet', '--output-dir', path.join(dir, `${name}.0x`), '--output-html', path.join(dir, `${name}.flamegraph.html`), '--title', name],
    finishMs: zeroXFinishMs,
  };
}

function clinicWrapper(dir: string, name: string, tool: NonNullable<Setup['profile']['clinic']>): WorkerWrapper {
  const dest = path.join(dir, `${name}.clinic`);
  return {
    command: [clinic, tool, '--open=false', '--dest', dest],
    // Without NO_INSIGHT clinic asks about analytics and, with no terminal, exits silently.
    env: { NO_INSIGHT: '1', NO_UPDATE_NOTIFIER: '1' },
    // clinic leaves Node's trace-event files in the working directory.
    cwd: dest,
    finishMs: clinicFinishMs,
  };
}

/** How a generator or processor starts for a setup's `profile`: Node flags and at most one wrapping profiler. */
export async function workerLaunch(profile: Setup['profile'], role: 'generator' | 'processor', name: string, dir: string): Promise<WorkerLaunch> {
  const launch: WorkerLaunch = profile.cpu ? { nodeFlags: cpuProfileFlags(dir, name) } : {};
  if (role === 'processor' && profile.clinic) launch.wrapper = clinicWrapper(dir, name, profile.clinic);
  else if (profile.flamegraph) launch.wrapper = zeroXWrapper(dir, name);
  if (launch.wrapper) await mkdir(launch.wrapper.cwd ?? dir, { recursive: true });
  return launch;
}

/**
 * Keeps each profiler's HTML page under a plain name (`<process>.flamegraph.html`,
 * `<process>.clinic-doctor.html`) and removes their raw data folders, which hold tens of megabytes a process.
 */
export async function collectProfileReports(dir: string, runDir: string): Promise<ProfileReport[]> {
  const reports: ProfileReport[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    if (entry.isFile() && entry.name.endsWith('.flamegraph.html')) {
      reports.push({ process: entry.name.replace(/\.flamegraph\.html$/, ''), kind: 'flamegraph', file: path.relative(runDir, path.join(dir, entry.name)) });
    }
    if (entry.isDirectory() && entry.name.endsWith('.0x')) await rm(path.join(dir, entry.name), { recursive: true, force: true });
    if (entry.isDirectory() && entry.name.endsWith('.clinic')) {
      const process = entry.name.replace(/\.clinic$/, '');
      const folder = path.join(dir, entry.name);
      for (const file of await readdir(folder)) {
        const tool = /\.clinic-(doctor|flame|bubbleprof)\.html$/.exec(file)?.[1];
        if (!tool) continue;
        const target = path.join(dir, `${process}.clinic-${tool}.html`);
        await rename(path.join(folder, file), target);
        reports.push({ process, kind: `clinic-${tool}` as ProfileReport['kind'], file: path.relative(runDir, target) });
      }
      await rm(folder, { recursive: true, force: true });
    }
  }
  return reports.sort((a, b) => a.process.localeCompare(b.process));
}
