import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { expect } from 'vitest';
import { repoRoot } from '../../harness/paths.ts';
import type { RunRecord } from '../../harness/results/run-record.ts';

export const bin = path.join(repoRoot, 'bin', 'kafka-lab.mjs');

/** A short experiment in its own results dir and KAFKA_LAB_HOME, run from the CLI as a user would. */
export async function sandbox(
  lines = [
    'duration: 8s',
    'warmup: 1s',
    'clusterWarmup: 0s',
    'cluster: { provider: local }',
    'workload: { message: cpu, rate: 500 }',
    'producer: { client: kafkajs }',
  ],
) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'kafka-lab-interrupt-'));
  const file = path.join(dir, 'interrupted.yaml');
  await writeFile(file, ['description: interrupt me', ...lines].join('\n'));
  const env = { KAFKA_LAB_HOME: path.join(dir, 'home'), KAFKA_LAB_RESULTS: path.join(dir, 'results') };
  // execa would SIGKILL 5 s after a SIGTERM by default: a graceful stop that drains must not be cut short here.
  const start = () =>
    execa(process.execPath, [bin, 'experiment', file, '--plain'], {
      reject: false,
      env,
      buffer: { stdout: true, stderr: true },
      lines: false,
      forceKillAfterDelay: false,
    });
  return { dir, env, start, results: env.KAFKA_LAB_RESULTS };
}

/** Resolves with the stderr seen so far once a line matches `pattern`; bounded by `timeoutMs`. */
export function waitForLine(child: ResultPromise, pattern: RegExp, timeoutMs = 90_000): Promise<string> {
  let seen = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no line matching ${pattern} within ${timeoutMs} ms:\n${seen}`)), timeoutMs);
    child.stderr!.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (pattern.test(seen)) {
        clearTimeout(timer);
        resolve(seen);
      }
    });
    child.once('exit', () => reject(new Error(`exited before a line matching ${pattern}:\n${seen}`)));
  });
}

export async function onlyRun(results: string): Promise<{ runDir: string; record: RunRecord }> {
  const experimentDir = path.join(results, 'interrupted');
  const [runId, ...others] = await readdir(experimentDir);
  expect(others).toEqual([]);
  const runDir = path.join(experimentDir, runId!);
  return { runDir, record: JSON.parse(await readFile(path.join(runDir, 'run.json'), 'utf8')) as RunRecord };
}

/**
 * What a run left running: JVMs whose command line names a path under `dir` (this test's cluster), and any
 * generator or processor (tests run one at a time, so a worker alive after its runner exited is a leftover).
 */
export async function leftoverProcesses(dir: string): Promise<string[]> {
  const { stdout } = await execa('ps', ['-eo', 'pid=,args='], { reject: false });
  return stdout
    .split('\n')
    .filter((line) => (line.includes(dir) && line.includes('java')) || line.includes('harness/workload/worker-main.ts'))
    .map((line) => line.trim());
}
