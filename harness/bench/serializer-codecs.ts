import os from 'node:os';
import path from 'node:path';
import { Bench } from 'tinybench';
import { choices } from '../experiment-file/experiment-schema.ts';
import { writeJsonAtomic } from '../util/atomic-write.ts';
import { makeMessage } from '../messages/make-message.ts';
import { seededRandom } from '../util/seeded-random.ts';
import type { AnyMessage, MessageKind } from '../messages/message-types.ts';
import { serializers } from '../serializers/registry.ts';

/** One serializer × message kind × direction. */
export interface CodecSummary {
  serializer: string;
  message: string;
  operation: 'encode' | 'decode';
  /** Messages per second on one core: the mean over tinybench's samples. */
  opsPerSec: number;
  meanNs: number;
  p99Ns: number;
  /** Relative margin of error of the mean (95 %), in %. */
  rmePercent: number;
  samples: number;
  bytesPerMessage: number;
}

/** A pool of different messages, so no codec is timed on one cached object. */
const poolSize = 1024;

function messagePool(kind: MessageKind): AnyMessage[] {
  const random = seededRandom(42);
  return Array.from({ length: poolSize }, (_, seq) =>
    makeMessage(kind, seq % 50, { producerId: 1, seq, sentAt: 1.7e12 + seq, intendedAt: 1.7e12 + seq }, random, 1024),
  );
}

/**
 * Encode and decode per serializer and message kind, on one core, in this process: the cost an end-to-end
 * serializer difference could come from. tinybench warms up each task, then samples it for `timeMs`.
 */
export async function benchSerializerCodecs(options: {
  timeMs: number;
  outDir: string;
  onProgress: (line: string) => void;
}): Promise<{ file: string; summary: CodecSummary[] }> {
  const loadBefore = os.loadavg();
  const bench = new Bench({ name: 'serializer codecs', time: options.timeMs, warmup: true, warmupTime: Math.min(200, options.timeMs), throws: true });
  const sizes = new Map<string, number>();
  for (const kind of choices.message) {
    const pool = messagePool(kind);
    for (const name of choices.serializer) {
      const codec = serializers[name](kind);
      const encoded = pool.map((message) => codec.encode(message));
      sizes.set(`${name}/${kind}`, encoded.reduce((sum, bytes) => sum + bytes.length, 0) / encoded.length);
      let i = 0;
      let j = 0;
      bench.add(`${name}/${kind}/encode`, () => {
        codec.encode(pool[i++ & (poolSize - 1)]!);
      });
      bench.add(`${name}/${kind}/decode`, () => {
        codec.decode(encoded[j++ & (poolSize - 1)]!);
      });
    }
  }
  bench.addEventListener('cycle', (event) => options.onProgress(`${(event as unknown as { task: { name: string } }).task.name} done`));
  await bench.run();
  const summary = bench.tasks.map((task): CodecSummary => {
    const result = task.result;
    if (result.state !== 'completed') throw new Error(`${task.name}: ${result.state}`);
    const [serializer, message, operation] = task.name.split('/') as [string, string, 'encode' | 'decode'];
    return {
      serializer,
      message,
      operation,
      opsPerSec: result.throughput.mean,
      meanNs: result.latency.mean * 1e6,
      p99Ns: result.latency.p99 * 1e6,
      rmePercent: result.latency.rme,
      samples: result.latency.samplesCount,
      bytesPerMessage: sizes.get(`${serializer}/${message}`)!,
    };
  });
  const file = path.join(options.outDir, `serializers-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  await writeJsonAtomic(file, {
    benchmark: 'encode and decode of one message per call, per serializer and message kind (bytes: 1,024-byte payload), one core',
    machine: { cpu: os.cpus()[0]?.model, cores: os.cpus().length, node: process.version, platform: `${os.platform()} ${os.release()}` },
    noise: { loadAverageBefore: loadBefore, loadAverageAfter: os.loadavg(), note: 'other processes on the machine during the run add to these figures' },
    method: `tinybench: warm-up, then samples for ${options.timeMs} ms per task over a pool of ${poolSize} different messages; mean, p99 and the relative margin of error (95 %)`,
    summary,
  });
  return { file, summary };
}
