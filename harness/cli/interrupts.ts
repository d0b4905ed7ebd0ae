import { info } from './output.ts';

/**
 * The process's one answer to SIGINT, SIGTERM and SIGHUP, installed before any command starts and never removed,
 * so no library's handler can be the last one standing and kill the process. The first signal asks for a graceful
 * stop (the current cell drains briefly, everything is written, every process stopped); the second skips the drain
 * but still writes what was measured; later ones only say that results are being written.
 */
export interface Interrupts {
  /** Aborted by the first signal: stop gracefully. */
  readonly stop: AbortSignal;
  /** Aborted by the second signal: skip waiting (drains), still write results and stop processes. */
  readonly hurry: AbortSignal;
}

const stop = new AbortController();
const hurry = new AbortController();
let received = 0;

export const interrupts: Interrupts = { stop: stop.signal, hurry: hurry.signal };

function onSignal(signal: NodeJS.Signals): void {
  received++;
  if (received === 1) {
    info(
      `\n${signal}: stopping gracefully (the current cell drains for a few seconds, then everything is written and stopped); press Ctrl-C again to skip the drain`,
    );
    stop.abort();
  } else if (received === 2) {
    info(`\n${signal} again: skipping the drain; still writing what was measured and stopping every process`);
    hurry.abort();
  } else {
    info(`\n${signal}: still writing results and stopping processes; this ends on its own`);
  }
}

/** Installs the handlers and makes a closed stdout or stderr (a pipe whose reader went away) harmless. */
export function installInterrupts(): void {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, onSignal);
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      // The reader of a pipe left (`| head`: EPIPE) or the terminal closed (EIO): output has nowhere to go, but the
      // run goes on and still writes its results.
      if (error.code !== 'EPIPE' && error.code !== 'EIO') throw error;
    });
  }
}
