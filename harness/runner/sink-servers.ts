import type { Experiment } from '../experiment-file/load-experiment.ts';
import { sinks, type SinkName } from '../sinks/registry.ts';
import type { SinkPlugin, SinkServer } from '../sinks/sink.ts';

/**
 * The servers of the sinks an experiment uses (a database), each provisioned by its sink once for the whole run,
 * before the first cell; `stop` tears them down after the last. A sink without a server needs nothing here.
 */
export async function provisionSinkServers(
  experiment: Experiment,
  onProgress: (line: string) => void,
): Promise<{ addresses: Partial<Record<string, string>>; stop(): Promise<void> }> {
  const used = [...new Set(experiment.variants.map((variant) => variant.setup.sink.type))] as SinkName[];
  const started: Array<[string, SinkServer]> = [];
  const stop = async () => {
    for (const [, server] of started.splice(0)) await server.stop().catch(() => {});
  };
  try {
    for (const name of used) {
      const plugin: SinkPlugin = sinks[name];
      if (plugin.provision) started.push([name, await plugin.provision(onProgress)]);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { addresses: Object.fromEntries(started.map(([name, server]) => [name, server.address])), stop };
}
