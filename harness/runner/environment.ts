import type { Environment } from '../results/run-record.ts';
import os from 'node:os';
import { execa } from '../util/exec.ts';
import { drivers } from '../drivers/registry.ts';
import { repoRoot } from '../paths.ts';
import type { Setup } from '../experiment-file/experiment-schema.ts';

async function git(args: string[]): Promise<string> {
  const result = await execa('git', args, { cwd: repoRoot, reject: false });
  return result.exitCode === 0 ? result.stdout.trim() : '';
}

export async function describeEnvironment(kafkaVersions: string[], variants: Array<{ name: string; setup: Setup }> = []): Promise<Environment> {
  const cpus = os.cpus();
  const cpuPlacement = variants
    .filter((v) => v.setup.cluster.cpus || v.setup.workload.cpus)
    .map((v) => ({
      variant: v.name,
      ...(v.setup.cluster.cpus ? { cluster: v.setup.cluster.cpus } : {}),
      ...(v.setup.workload.cpus ? { workload: v.setup.workload.cpus } : {}),
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
