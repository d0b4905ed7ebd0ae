import type { Task } from './task.ts';

interface Window {
  start: number;
  count: number;
  sum: number;
  min: number;
  max: number;
}

/** Per key, per tumbling window of event time (the message's send time): average, minimum and maximum. */
export function windowAverage(windowMs: number): Task {
  const open = new Map<string, Window>();
  let windowsClosed = 0;
  return {
    process(key, message, value) {
      const start = Math.floor(message.meta.sentAt / windowMs) * windowMs;
      let window = open.get(key);
      if (window && window.start !== start) {
        windowsClosed++;
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
