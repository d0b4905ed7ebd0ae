import os from 'node:os';
import { execa } from '../util/exec.ts';
import { drivers } from '../drivers/registry.ts';
import { repoRoot } from '../paths.ts';
import type { Setup } from '../spec/experiment-schema.ts';

/** Where and with what a run was measured: results from different environments must not be compared silently. */
export interface Environment {
  node: string;
  clients: Record<string, string>;
  kafkaVersions: string[];
  cpu: { model: string; cores: number };
  memoryGiB: number;
  platform: string;
  loadAverageAtStart: number[];
  /**
   * Variants placed on CPUs (cluster.cpus, workload.cpus; a taskset list each, absent = any CPU). Each cell's
   * resources give each side's CPU use. Absent when no variant is placed.
   */
  cpuPlacement?: Array<{ variant: string; cluster?: string; workload?: string }>;
  gitSha: string;
  gitDirty: boolean;
  startedAt: string;
  endedAt?: string;
}

async function git(args: string[]): Promise<string> {
  const result = await execa('git', args, { cwd: repoRoot, reject: false });
  return result.exitCode === 0 ? result.stdout.trim() : '';
}

export async function describeEnvironment(kafkaVersions: string[], variants: Array<{ name: string; setup: Setup }> = []): Promise<Environment> {
  const cpus = os.cpus();
  const cpuPlacement = variants.filter((v) => v.setup.cluster.cpus || v.setup.workload.cpus).map((v) => ({
    variant: v.name, ...(v.setup.cluster.cpus ? { cluster: v.setup.cluster.cpus } : {}), ...(v.setup.workload.cpus ? { workload: v.setup.workload.cpus } : {}),
  }));
  return {
    node: process.version,
    clients: Object.assign({}, ...Object.values(drivers).map((driver) => driver.versions())),
    kafkaVersions,
    cpu: { model: cpus[0]?.model ?? 'unknown', cores: cpus.length },
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    platform: `${os.platform()} ${os.release()}`,
    loadAverageAtStart: os.loadavg(),
    ...(cpuPlacement.length ? { cpuPlacement } : {}),
    gitSha: (await git(['rev-parse', 'HEAD'])) || 'unknown',
    gitDirty: (await git(['status', '--porcelain'])) !== '',
    startedAt: new Date().toISOString(),
  };
}
