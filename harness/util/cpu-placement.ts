import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A Linux CPU list as taskset takes it: "0", "0-1", "0,2-3". */
export const cpuListPattern = /^\d+(-\d+)?(,\d+(-\d+)?)*$/;

/** The CPUs a list names, or undefined when a range runs backwards. */
export function cpusOf(list: string): number[] | undefined {
  const cpus: number[] = [];
  for (const part of list.split(',')) {
    const [from, to = from] = part.split('-').map(Number) as [number, number?];
    if (to! < from) return undefined;
    for (let cpu = from; cpu <= to!; cpu++) cpus.push(cpu);
  }
  return cpus;
}

/** The fewest cores on which brokers and clients are pinned apart by default: 2 each. */
export const fewestCoresToPlaceApart = 4;

/**
 * Brokers on the lower half of the cores and generators/processors on the upper half, when the file places neither,
 * the cluster is started here (provider local or auto), the machine has at least 4 cores and taskset is installed:
 * on shared cores a burst of client work steals the brokers' CPU in one repetition and not the next, which is noise
 * every verdict has to beat. On 2 cores nothing is pinned: one core each starves the JVM's GC and network threads
 * and the client alike, and the run would measure the split rather than the pipeline. `cpus: any` opts out.
 */
export function placedApart<S extends { cluster: { provider: string; cpus?: string | undefined }; workload: { cpus?: string | undefined } }>(
  setup: S,
  cores: number,
  hasTaskset: boolean,
): S {
  const { cluster, workload } = setup;
  if (cluster.cpus !== undefined || workload.cpus !== undefined) return setup;
  if (!hasTaskset || cores < fewestCoresToPlaceApart || (cluster.provider !== 'local' && cluster.provider !== 'auto')) return setup;
  const half = Math.floor(cores / 2);
  return { ...setup, cluster: { ...cluster, cpus: `0-${half - 1}` }, workload: { ...workload, cpus: `${half}-${cores - 1}` } };
}

/** taskset (Debian's util-linux) on the PATH, if there is one. */
export function tasksetBinary(): string | undefined {
  return (process.env.PATH ?? '')
    .split(path.delimiter)
    .map((dir) => path.join(dir, 'taskset'))
    .find((file) => existsSync(file));
}

/** CPUs of this machine the list names but the machine does not have. */
export function missingCpus(list: string): number[] {
  if (list === 'any') return [];
  const count = os.availableParallelism();
  return (cpusOf(list) ?? []).filter((cpu) => cpu >= count);
}

/**
 * A command that runs on the given CPUs only. taskset execs the command, so the process keeps the PID the caller
 * sees (resource sampling, stops by process group); its threads and children inherit the placement.
 */
export function onCpus(command: string, args: string[], cpus: string | undefined): { command: string; args: string[] } {
  if (!cpus || cpus === 'any') return { command, args };
  const taskset = tasksetBinary();
  if (!taskset) throw new Error('taskset is not installed (apt-get install util-linux); needed for cluster.cpus and workload.cpus');
  return { command: taskset, args: ['-c', cpus, command, ...args] };
}
