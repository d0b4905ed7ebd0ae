import { parseDuration } from '../../spec/duration.ts';
import type { Setup } from '../../spec/experiment-schema.ts';
import { thresholdAlert } from './threshold-alert.ts';
import type { Task } from './task.ts';
import { windowAverage } from './window-average.ts';

/** Every task an experiment may name; keys must match `choices.task`. */
export const tasks: Record<Setup['processor']['task'], (processor: Setup['processor']) => Task> = {
  passthrough: () => ({ process: () => undefined, stats: () => ({}) }),
  'window-average': (processor) => windowAverage(parseDuration(processor.window)!),
  'threshold-alert': (processor) => thresholdAlert(processor.alertThreshold),
};
