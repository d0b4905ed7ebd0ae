import os from 'node:os';
import { execa } from '../util/exec.ts';
import { drivers } from '../drivers/registry.ts';
import { repoRoot } from '../paths.ts';

/** Where and with what a run was measured: results from different environments must not be compared silently. */
export interface Environment {
  node: string;
  clients: Record<string, string>;
  kafkaVersions: string[];
  cpu: { model: string; cores: number };
  memoryGiB: number;
  platform: string;
  loadAverageAtStart: number[];
  gitSha: string;
  gitDirty: boolean;
  startedAt: string;
  endedAt?: string;
}

async function git(args: string[]): Promise<string> {
  const result = await execa('git', args, { cwd: repoRoot, reject: false });
  return result.exitCode === 0 ? result.stdout.trim() : '';
}

export async function describeEnvironment(kafkaVersions: string[]): Promise<Environment> {
  const cpus = os.cpus();
  return {
    node: process.version,
    clients: Object.assign({}, ...Object.values(drivers).map((driver) => driver.versions())),
    kafkaVersions,
    cpu: { model: cpus[0]?.model ?? 'unknown', cores: cpus.length },
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    platform: `${os.platform()} ${os.release()}`,
    loadAverageAtStart: os.loadavg(),
    gitSha: (await git(['rev-parse', 'HEAD'])) || 'unknown',
    gitDirty: (await git(['status', '--porcelain'])) !== '',
    startedAt: new Date().toISOString(),
  };
}
