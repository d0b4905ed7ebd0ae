// Entry point of every generator and processor process. The runner forks it and speaks over IPC.
import { runGenerator } from './generator.ts';
import { startProcessor, type RunningProcessor } from './processor.ts';
import type { FromWorker, ToWorker } from './ipc.ts';

const tell = (message: FromWorker) => process.send?.(message);
const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

// A runner that dies closes the channel: this process must not outlive it.
process.on('disconnect', () => process.exit(0));
// The runner stops workers with SIGTERM; exiting normally lets --cpu-prof write its profile.
process.on('SIGTERM', () => process.exit(0));

let processor: RunningProcessor | undefined;
const stopGenerating = new AbortController();
// At most one progress message a second, but the latest count always follows, so the runner's drain sees the end.
let latest = 0;
let trailing: NodeJS.Timeout | undefined;
const progress = (count: number) => {
  latest = count;
  trailing ??= setTimeout(() => {
    trailing = undefined;
    tell({ type: 'progress', count: latest });
  }, 1000);
};

process.on('message', (message: ToWorker) => {
  const handle = async () => {
    switch (message.type) {
      case 'generate':
        tell({ type: 'generator-report', report: await runGenerator(message.config, progress, stopGenerating.signal) });
        return;
      case 'process':
        processor = await startProcessor(message.config, progress);
        tell({ type: 'ready' });
        return;
      case 'stop':
        stopGenerating.abort();
        return;
      case 'window':
        processor?.setWindow(message.window);
        return;
      case 'finish':
        if (processor) tell({ type: 'processor-report', report: await processor.finish() });
        return;
    }
  };
  handle().catch((error: unknown) => tell({ type: 'failed', message: describe(error) }));
});
tell({ type: 'alive' });
