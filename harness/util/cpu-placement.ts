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

/** taskset (Debian's util-linux) on the PATH, if there is one. */
export function tasksetBinary(): string | undefined {
  return (process.env.PATH ?? '')
    .split(path.delimiter)
    .map((dir) => path.join(dir, 'taskset'))
    .find((file) => existsSync(file));
}

/** CPUs of this machine the list names but the machine does not have. */
export function missingCpus(list: string): number[] {
  const count = os.availableParallelism();
  return (cpusOf(list) ?? []).filter((cpu) => cpu >= count);
}

/**
 * A command that runs on the given CPUs only. taskset execs the command, so the process keeps the PID the caller
 * sees (resource sampling, stops by process group); its threads and children inherit the placement.
 */
export function onCpus(command: string, args: string[], cpus: string | undefined): { command: string; args: string[] } {
  if (!cpus) return { command, args };
  const taskset = tasksetBinary();
  if (!taskset) throw new Error('taskset is not installed (apt-get install util-linux); needed for cluster.cpus and workload.cpus');
  return { command: taskset, args: ['-c', cpus, command, ...args] };
}
