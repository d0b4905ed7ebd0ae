import pidusage from 'pidusage';
import type { NodeInfo } from '../cluster/types.ts';

/** One process the sampler watches. */
export interface WatchedProcess {
  name: string;
  role: 'generator' | 'processor' | 'broker' | 'controller';
  pid: number;
}

/** The cluster's nodes that run as processes on this machine, named `broker-<id>` or `controller-<id>`. */
export function clusterProcesses(nodes: readonly NodeInfo[]): WatchedProcess[] {
  return nodes
    .filter((node) => node.pid)
    .map((node) => {
      const role = node.roles.includes('broker') ? 'broker' : 'controller';
      return { name: `${role}-${node.id}`, role, pid: node.pid! };
    });
}

/** CPU % (of one core) and resident memory of one process, once a second. */
export interface ProcessSeries {
  name: string;
  role: WatchedProcess['role'];
  pid: number;
  second: number[];
  cpuPercent: number[];
  rssMb: number[];
}

/** Samples every watched process once a second from `startAt` until stopped; `onSample` hears each reading as it is taken. */
export function sampleResources(
  processes: WatchedProcess[],
  startAt: number,
  onSample?: (process: string, cpuPercent: number) => void,
): { stop(): Promise<ProcessSeries[]> } {
  const series: ProcessSeries[] = processes.map((p) => ({ ...p, second: [], cpuPercent: [], rssMb: [] }));
  let sampling: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    sampling = (async () => {
      const second = Math.round((Date.now() - startAt) / 1000);
      await Promise.all(
        series.map(async (one) => {
          const stats = await pidusage(one.pid).catch(() => undefined);
          if (!stats) return;
          one.second.push(second);
          one.cpuPercent.push(Math.round(stats.cpu * 10) / 10);
          onSample?.(one.name, one.cpuPercent.at(-1)!);
          one.rssMb.push(Math.round(stats.memory / 1048576));
        }),
      );
    })();
  }, 1000);
  return {
    async stop() {
      clearInterval(timer);
      await sampling;
      pidusage.clear();
      return series;
    },
  };
}
