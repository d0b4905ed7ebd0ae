import type { AnyMessage } from '../messages/message-types.ts';

/** An alert a task wants published to the alerts topic. */
export interface Alert {
  key: string;
  value: Buffer;
}

/** The compute step of a processor, between deserialize and sink. */
export interface Task {
  /** Handles one message; may return an alert to publish. */
  process(key: string, message: AnyMessage, value: number): Alert | undefined;
  /** Counters for the cell result, e.g. windows closed or alerts raised. */
  stats(): Record<string, number>;
}

/** What a task may be configured with: the experiment file's `processor.window` (in ms) and `alertThreshold`. */
export interface TaskOptions {
  windowMs: number;
  alertThreshold: number;
}

export type TaskFactory = (options: TaskOptions) => Task;
