// Entry point of every generator and processor process. The runner starts it (perhaps under a profiler) and
// speaks over the socket named in the environment.
import { connect } from 'node:net';
import { runBareGenerator } from './bare-generator.ts';
import { startBareProcessor } from './bare-processor.ts';
import { startConsumerPerformance } from './consumer-performance.ts';
import { runGenerator } from './generator.ts';
import { startProcessor, type RunningProcessor } from './processor.ts';
import { workerSocketVariable, type FromWorker, type ProcessorConfig, type ToWorker } from './ipc.ts';
import type { choices } from '../experiment-file/experiment-schema.ts';
import { jsonLines } from './json-lines.ts';
import { errorMessage } from '../util/error-message.ts';
import { windowCpu } from '../metrics/window-cpu.ts';
import path from 'node:path';
import { repoRoot } from '../paths.ts';
import { cpuProfileDirOf, writeLoadedSourceMaps } from '../profile/source-maps.ts';

const socketPath = process.env[workerSocketVariable];
if (!socketPath) {
  console.error(`worker-main: ${workerSocketVariable} is not set; the runner starts this process, not a user`);
  process.exit(2);
}
const socket = connect(socketPath);
const channel = jsonLines<ToWorker, FromWorker>(socket);
const tell = (message: FromWorker) => channel.send(message);

// The runner closes the socket to stop a worker, and a runner that dies closes it too: either way this process
// exits normally, so that --cpu-prof, 0x and clinic all get to write what they collected.
// A Kafka tool a processor started (consumer-performance) runs in a process group of its own: stopped here too.
const exit = () => {
  processor?.abandon?.();
  // --cpu-prof writes at exit; the maps that turn its positions in compiled TypeScript into file.ts:line go beside it.
  const profileDir = cpuProfileDirOf(process.execArgv);
  try {
    if (profileDir) writeLoadedSourceMaps(profileDir, path.join(repoRoot, 'harness'));
  } catch (error) {
    // Without the maps the profile still says file.ts:1; losing the profile itself would be worse.
    console.error(`source maps not written: ${errorMessage(error)}`);
  }
  process.exit(0);
};
socket.on('close', exit);
process.on('SIGTERM', exit);

/** How each `processor.kind` starts. */
const processorKinds: Record<
  (typeof choices.processorKind)[number],
  (config: ProcessorConfig, onProgress: (count: number) => void) => Promise<RunningProcessor>
> = {
  harness: startProcessor,
  bare: startBareProcessor,
  'consumer-performance': startConsumerPerformance,
};
let processor: RunningProcessor | undefined;
let ownCpu: ReturnType<typeof windowCpu> | undefined;
const withOwnCpu = <T extends object>(report: T): T => {
  const percent = ownCpu?.percent();
  return percent === undefined ? report : { ...report, windowCpuPercent: percent };
};
const stopGenerating = new AbortController();
// At most one progress message a second, but the latest count always follows, so the runner's drain sees the end.
let latest = 0;
let trailing: NodeJS.Timeout | undefined;
const progress = (count: number) => {
  latest = count;
  if (trailing) return;
  trailing = setTimeout(() => {
    trailing = undefined;
    const p99Ms = processor?.recentP99Ms?.();
    tell({ type: 'progress', count: latest, ...(p99Ms === undefined ? {} : { p99Ms }) });
  }, 1000);
};

channel.onMessage((message) => {
  const handle = async () => {
    switch (message.type) {
      case 'generate': {
        const generate = message.config.setup.workload.generator === 'bare' ? runBareGenerator : runGenerator;
        ownCpu = windowCpu(message.config.window);
        const report = await generate(message.config, { onProgress: progress, stop: stopGenerating.signal });
        tell({ type: 'generator-report', report: withOwnCpu(report) });
        return;
      }
      case 'process':
        processor = await processorKinds[message.config.setup.processor.kind](message.config, progress);
        tell({ type: 'ready', ...(processor.toolPid ? { toolPid: processor.toolPid } : {}) });
        return;
      case 'stop':
        stopGenerating.abort();
        return;
      case 'window':
        ownCpu = windowCpu(message.window);
        processor?.setWindow(message.window);
        return;
      case 'sequences':
        if (processor?.receivedSeqs) tell({ type: 'sequences', receivedSeqs: processor.receivedSeqs() });
        return;
      case 'finish':
        if (processor) tell({ type: 'processor-report', report: withOwnCpu(await processor.finish()) });
        return;
    }
  };
  handle().catch((error: unknown) => tell({ type: 'failed', message: errorMessage(error) }));
});
socket.on('connect', () => tell({ type: 'alive', pid: process.pid }));
