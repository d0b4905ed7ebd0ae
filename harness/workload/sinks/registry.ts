import { csvSink } from './csv-sink.ts';
import { postgresSink } from './postgres-sink.ts';
import { sqliteSink } from './sqlite-sink.ts';
import type { SinkFactory } from './sink.ts';

/** `none` persists nothing (and counts nothing as persisted). */
const noSink: SinkFactory = async () => ({ write: async () => {}, close: async () => {} });

/** Every sink an experiment may name; keys must match `choices.sink`. */
export const sinks: Record<'none' | 'csv' | 'postgres' | 'sqlite', SinkFactory> = {
  none: noSink,
  csv: csvSink,
  postgres: postgresSink,
  sqlite: sqliteSink,
};
