import { thresholdAlert } from './threshold-alert.ts';
import type { TaskFactory } from './task.ts';
import { windowAverage } from './window-average.ts';

/** Every task an experiment may name: the experiment file's `processor.task` choices are these keys. */
export const tasks = {
  passthrough: () => ({ process: () => undefined, stats: () => ({}) }),
  'window-average': ({ windowMs }) => windowAverage(windowMs),
  'threshold-alert': ({ alertThreshold }) => thresholdAlert(alertThreshold),
} satisfies Record<string, TaskFactory>;
