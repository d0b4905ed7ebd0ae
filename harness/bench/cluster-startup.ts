import os from 'node:os';
import path from 'node:path';
import { Bench } from 'tinybench';
import { startLocalCluster } from '../cluster/local/local-provider.ts';
import type { LocalCluster } from '../cluster/local/local-cluster.ts';
import { describeShape, resolveShape } from '../cluster/shape.ts';
import { writeJsonAtomic } from '../util/atomic-write.ts';
import type { ClusterShape } from '../cluster/types.ts';

/** One shape's start-up figures, in seconds. */
export interface StartupSummary {
  shape: string;
  medianS: number;
  meanS: number;
  ciHalfWidthS: number;
  minS: number;
  maxS: number;
  samples: number;
  samplesS: number[];
}

const shapes: ClusterShape[] = [resolveShape({ brokers: 1 }), resolveShape({ brokers: 3, controllers: 1 })];

/**
 * Time from startLocalCluster() to every broker serving metadata, per shape: one warm-up start
 * (it warms the page cache and the JVM's class-data sharing), then `starts` measured ones.
 * Each cluster is stopped outside the timed part.
 */
export async function benchClusterStartup(options: {
  starts: number;
  outDir: string;
  onProgress: (line: string) => void;
}): Promise<{ file: string; summary: StartupSummary[] }> {
  const loadBefore = os.loadavg();
  const bench = new Bench({
    name: 'cluster start-up',
    iterations: options.starts,
    time: 0,
    warmup: true,
    warmupIterations: 1,
    warmupTime: 0,
    throws: true,
    retainSamples: true,
  });
  let running: LocalCluster | undefined;
  for (const shape of shapes) {
    const label = describeShape(shape);
    let iteration = 0;
    bench.add(
      label,
      async () => {
        running = await startLocalCluster(shape);
      },
      {
        beforeEach: () => options.onProgress(`${label}: start ${++iteration} of ${options.starts + 1} (the first is warm-up)`),
        afterEach: async () => {
          await running?.stop();
          running = undefined;
        },
      },
    );
  }
  await bench.run();
  const summary = bench.tasks.map((task): StartupSummary => {
    const result = task.result;
    if (result.state !== 'completed') throw new Error(`${task.name}: ${result.state}`);
    const seconds = (ms: number) => ms / 1000;
    return {
      shape: task.name,
      medianS: seconds(result.latency.p50),
      meanS: seconds(result.latency.mean),
      ciHalfWidthS: seconds(result.latency.moe),
      minS: seconds(result.latency.min),
      maxS: seconds(result.latency.max),
      samples: result.latency.samplesCount,
      samplesS: (result.latency.samples ?? []).map(seconds),
    };
  });
  const file = path.join(options.outDir, `cluster-startup-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  await writeJsonAtomic(file, {
    benchmark: 'cluster start-up (local provider): startLocalCluster() until every broker answers metadata listing all brokers',
    kafkaVersion: shapes[0]!.kafkaVersion,
    machine: {
      cpu: os.cpus()[0]?.model,
      cores: os.cpus().length,
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
      platform: `${os.platform()} ${os.release()}`,
    },
    noise: { loadAverageBefore: loadBefore, loadAverageAfter: os.loadavg(), note: 'other processes on the machine during the run add to these figures' },
    method: `1 warm-up start then ${options.starts} measured starts per shape; median, mean and 95% CI (t-distribution) by tinybench`,
    summary,
  });
  return { file, summary };
}
