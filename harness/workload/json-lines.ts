import type { Socket } from 'node:net';

/**
 * One JSON value per line over a socket: the runner and a workload process talk this way rather than over
 * Node's fork IPC, because a profiler that wraps the worker (0x, clinic) starts it itself and passes no IPC
 * channel on, while every wrapper passes the environment, and with it the socket's path.
 */
export interface JsonLines<In, Out> {
  send(message: Out): void;
  onMessage(handler: (message: In) => void): void;
  close(): void;
}

export function jsonLines<In, Out>(socket: Socket): JsonLines<In, Out> {
  const handlers: Array<(message: In) => void> = [];
  let buffered = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    buffered += chunk;
    let newline = buffered.indexOf('\n');
    while (newline >= 0) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      if (line) for (const handler of handlers) handler(JSON.parse(line) as In);
      newline = buffered.indexOf('\n');
    }
  });
  // A peer that went away surfaces as 'close'; the error itself adds nothing for the callers.
  socket.on('error', () => {});
  return {
    send: (message) => {
      if (!socket.destroyed) socket.write(`${JSON.stringify(message)}\n`);
    },
    onMessage: (handler) => void handlers.push(handler),
    close: () => socket.end(),
  };
}
