import { csvSink } from './csv-sink.ts';
import { postgresSink, provisionPostgres } from './postgres-sink.ts';
import { sqliteSink } from './sqlite-sink.ts';
import type { SinkFactory, SinkPlugin } from './sink.ts';

/** `none` persists nothing (and counts nothing as persisted). */
const noSink: SinkFactory = async () => ({ write: async () => {}, close: async () => {} });

/** Every sink an experiment may name: the experiment file's `sink.type` choices are these keys. */
export const sinks = {
  none: { open: noSink },
  csv: { open: csvSink },
  postgres: { open: postgresSink, provision: provisionPostgres },
  sqlite: { open: sqliteSink },
} satisfies Record<string, SinkPlugin>;

export type SinkName = keyof typeof sinks;
