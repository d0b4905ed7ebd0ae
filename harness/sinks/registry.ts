import type { SinkFactory, SinkPlugin } from './sink.ts';

/** `none` persists nothing (and counts nothing as persisted). */
const noSink: SinkFactory = async () => ({ write: async () => {}, close: async () => {} });

/**
 * Every sink an experiment may name: the experiment file's `sink.type` choices are these keys. The experiment
 * file's schema reads this registry on every command, so each sink's module (and its database driver) is loaded
 * only when a processor opens it or a run provisions its server.
 */
export const sinks = {
  none: { open: noSink },
  csv: { open: async (options) => (await import('./csv-sink.ts')).csvSink(options) },
  postgres: {
    open: async (options) => (await import('./postgres-sink.ts')).postgresSink(options),
    provision: async (onProgress) => (await import('./postgres-sink.ts')).provisionPostgres(onProgress),
  },
  sqlite: { open: async (options) => (await import('./sqlite-sink.ts')).sqliteSink(options) },
} satisfies Record<string, SinkPlugin>;

export type SinkName = keyof typeof sinks;
