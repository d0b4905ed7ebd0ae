/** What a processor persists for every message: the same narrow row whatever the message kind. */
export interface SinkRow {
  producerId: number;
  seq: number;
  key: string;
  sentAt: number;
  receivedAt: number;
  value: number;
}

/** A destination for processed rows. `write` persists one batch in one transaction (or one fsync). */
export interface Sink {
  write(rows: SinkRow[]): Promise<void>;
  close(): Promise<void>;
}

/** Where a sink may put its files and which table it writes; one processor opens one sink. */
export interface SinkOptions {
  cellDir: string;
  processorId: number;
  table: string;
  /** The address of the server the sink's `server` provisioned for the run (a database URL). */
  server?: string;
}

export type SinkFactory = (options: SinkOptions) => Promise<Sink>;

/** A server a sink writes to, started once per run and stopped when the run ends. */
export interface SinkServer {
  /** What `SinkOptions.server` receives. */
  address: string;
  stop(): Promise<void>;
}

/**
 * One sink an experiment may name: how a processor opens it and, for a sink that needs a server (a database),
 * how the runner provisions one for the run. `provision` is called once per run that uses the sink, before its
 * first cell; its server is stopped after the last.
 */
export interface SinkPlugin {
  open: SinkFactory;
  provision?(onProgress: (line: string) => void): Promise<SinkServer>;
}

/** The row's columns in order, with the type each SQL sink declares them as. */
export const sinkColumns = [
  { name: 'producer_id', sql: 'integer' },
  { name: 'seq', sql: 'integer' },
  { name: 'key', sql: 'text' },
  { name: 'sent_at', sql: 'real' },
  { name: 'received_at', sql: 'real' },
  { name: 'value', sql: 'real' },
] as const;

/** The row's values in `sinkColumns` order. */
export function rowValues(row: SinkRow): [number, number, string, number, number, number] {
  return [row.producerId, row.seq, row.key, row.sentAt, row.receivedAt, row.value];
}

/** `CREATE TABLE` column definitions; `types` maps the generic SQL types to the database's own. */
export function columnDefinitions(types: Partial<Record<(typeof sinkColumns)[number]['sql'], string>> = {}): string {
  return sinkColumns.map((column) => `${column.name} ${types[column.sql] ?? column.sql}`).join(', ');
}
