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
  databaseUrl?: string;
}

export type SinkFactory = (options: SinkOptions) => Promise<Sink>;

export const sinkColumns = ['producer_id', 'seq', 'key', 'sent_at', 'received_at', 'value'] as const;
