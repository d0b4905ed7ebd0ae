import os from 'node:os';
import path from 'node:path';
import { memoryBroker } from '../drivers/memory/memory-driver.ts';
import { deepMerge } from '../experiment-file/deep-merge.ts';
import { setupDefaults } from '../experiment-file/defaults.ts';
import type { Setup } from '../experiment-file/experiment-schema.ts';
import { writeJsonAtomic } from '../util/atomic-write.ts';
import { runGenerator } from '../workload/generator.ts';
import { nowMs } from '../util/clock.ts';
import { startProcessor } from '../workload/processor.ts';

/** One workload shape the harness's own cost is measured for. */
interface CostCase {
  name: string;
  workload: Partial<Setup['workload']>;
  serializer: Setup['serializer'];
}

const cases: CostCase[] = [
  { name: 'bytes-100', workload: { message: 'bytes', messageSize: 100 }, serializer: 'msgpack' },
  { name: 'bytes-512', workload: { message: 'bytes', messageSize: 512 }, serializer: 'msgpack' },
  { name: 'cpu-json', workload: { message: 'cpu' }, serializer: 'json' },
  { name: 'bus-protobuf', workload: { message: 'bus' }, serializer: 'protobuf' },
];

/** What one process of the harness spends per message when nothing else is in its way. */
export interface HarnessCostSummary {
  case: string;
  side: 'generator' | 'processor';
  messages: number;
  /** Messages per second of wall time in this one process. */
  msgsPerSec: number;
  /** CPU time (user + system) of this process per message, in microseconds. */
  cpuMicrosPerMessage: number;
}

const cpuMicros = () => {
  const usage = process.cpuUsage();
  return usage.user + usage.system;
};

const connection = { bootstrapServers: ['memory'] };

function windowOf(seconds: number) {
  const startAt = nowMs() + 50;
  return { startAt, measureStart: startAt, measureEnd: startAt + seconds * 1000 };
}

/** The generator alone: the broker acknowledges and forgets, so holding millions of records costs it nothing. */
async function timeGenerator(setup: Setup, topic: string, seconds: number): Promise<{ messages: number; msgsPerSec: number; cpuMicrosPerMessage: number }> {
  const cpuBefore = cpuMicros();
  const report = await runGenerator({ producerId: 1, connection, topic, setup, window: windowOf(seconds) }, { driver: memoryBroker({ retain: false }).driver });
  return { messages: report.acked, msgsPerSec: report.acked / seconds, cpuMicrosPerMessage: (cpuMicros() - cpuBefore) / report.acked };
}

/** The processor reading, as fast as it can, what an untimed generator wrote for it; every message is measured. */
async function timeProcessor(
  setup: Setup,
  topic: string,
  outDir: string,
  seconds: number,
): Promise<{ messages: number; msgsPerSec: number; cpuMicrosPerMessage: number }> {
  const broker = memoryBroker({ partitions: 3, maxBatch: 500 });
  const fillWindow = windowOf(seconds);
  const filled = await runGenerator({ producerId: 1, connection, topic, setup, window: fillWindow }, { driver: broker.driver });
  let done: () => void = () => {};
  const allConsumed = new Promise<void>((resolve) => (done = resolve));
  const started = nowMs();
  const cpuStart = cpuMicros();
  const config = { processorId: 1, connection, topic, alertsTopic: `${topic}-alerts`, groupId: `${topic}-group`, setup, cellDir: outDir, table: 'cost' };
  const processor = await startProcessor(config, (unique) => unique >= filled.acked && done(), broker.driver);
  processor.setWindow({ ...fillWindow, measureEnd: Number.MAX_SAFE_INTEGER });
  await allConsumed;
  const cpu = cpuMicros() - cpuStart;
  const elapsedS = (nowMs() - started) / 1000;
  await processor.finish();
  return { messages: filled.acked, msgsPerSec: filled.acked / elapsedS, cpuMicrosPerMessage: cpu / filled.acked };
}

/** The repetition with the median CPU per message. */
function medianRun<T extends { cpuMicrosPerMessage: number }>(runs: T[]): T {
  return [...runs].sort((a, b) => a.cpuMicrosPerMessage - b.cpuMicrosPerMessage)[Math.floor(runs.length / 2)]!;
}

/**
 * The generator and the processor against an in-memory broker, in this process: the ceiling the harness's own
 * JavaScript puts on a cell, with no client library, broker or network in the way. Each case runs `repeats`
 * times and reports its median. A client's bare loop on a real broker is the `baseline` experiment's business.
 */
export async function benchHarnessCost(options: {
  seconds: number;
  repeats: number;
  outDir: string;
  onProgress: (line: string) => void;
}): Promise<{ file: string; summary: HarnessCostSummary[] }> {
  const loadBefore = os.loadavg();
  const summary: HarnessCostSummary[] = [];
  for (const costCase of cases) {
    const setup = deepMerge(setupDefaults, { workload: { ...costCase.workload, rate: 'max' }, serializer: costCase.serializer }) as Setup;
    const topic = `cost-${costCase.name}`;
    const generators = [];
    const processors = [];
    for (let i = 0; i < options.repeats; i++) {
      generators.push(await timeGenerator(setup, topic, options.seconds));
      processors.push(await timeProcessor(setup, topic, options.outDir, Math.max(1, options.seconds / 3)));
    }
    const generator = medianRun(generators);
    const processor = medianRun(processors);
    summary.push({ case: costCase.name, side: 'generator', ...generator }, { case: costCase.name, side: 'processor', ...processor });
    options.onProgress(
      `harness-cost ${costCase.name}: generator ${generator.cpuMicrosPerMessage.toFixed(2)} µs/msg, processor ${processor.cpuMicrosPerMessage.toFixed(2)} µs/msg`,
    );
  }
  const file = path.join(options.outDir, `harness-cost-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  const environment = { node: process.version, cpu: os.cpus()[0]?.model, loadAverageBefore: loadBefore, loadAverageAfter: os.loadavg() };
  await writeJsonAtomic(file, { bench: 'harness-cost', secondsPerCase: options.seconds, repeats: options.repeats, ...environment, summary });
  return { file, summary };
}
