import path from 'node:path';
import Database from 'better-sqlite3';
import type { SinkFactory } from './sink.ts';

/**
 * One SQLite file per cell, shared by its processors, in WAL mode with SQLite's default (full) sync:
 * several processors then contend for SQLite's single writer, as they would in a real deployment.
 */
export const sqliteSink: SinkFactory = async ({ cellDir, table }) => {
  const db = new Database(path.join(cellDir, 'sink.sqlite'), { timeout: 30_000 });
  db.pragma('journal_mode = WAL');
  db.exec(`CREATE TABLE IF NOT EXISTS "${table}" (producer_id INTEGER, seq INTEGER, key TEXT, sent_at REAL, received_at REAL, value REAL)`);
  const insert = db.prepare(`INSERT INTO "${table}" VALUES (?, ?, ?, ?, ?, ?)`);
  const insertBatch = db.transaction((rows: Parameters<Awaited<ReturnType<SinkFactory>>['write']>[0]) => {
    for (const r of rows) insert.run(r.producerId, r.seq, r.key, r.sentAt, r.receivedAt, r.value);
  });
  return {
    async write(rows) {
      insertBatch.immediate(rows);
    },
    async close() {
      db.close();
    },
  };
};
