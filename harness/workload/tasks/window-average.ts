import type { Task } from './task.ts';

interface Window {
  start: number;
  count: number;
  sum: number;
  min: number;
  max: number;
}

/** Per key, per tumbling window of event time (the message's send time): average, minimum and maximum. */
export function windowAverage(windowMs: number): Task & { closed: Array<{ key: string } & Window> } {
  const open = new Map<string, Window>();
  const closed: Array<{ key: string } & Window> = [];
  let windowsClosed = 0;
  return {
    closed,
    process(key, message, value) {
      const start = Math.floor(message.meta.sentAt / windowMs) * windowMs;
      let window = open.get(key);
      if (window && window.start !== start) {
        windowsClosed++;
        // Keep only the latest few for inspection; the count is what the result reports.
        if (closed.push({ key, ...window }) > 100) closed.shift();
        window = undefined;
      }
      if (!window) {
        window = { start, count: 0, sum: 0, min: Infinity, max: -Infinity };
        open.set(key, window);
      }
      window.count++;
      window.sum += value;
      if (value < window.min) window.min = value;
      if (value > window.max) window.max = value;
      return undefined;
    },
    stats: () => ({ windowsClosed, windowsOpen: open.size }),
  };
}
