import path from 'node:path';
import Database from 'better-sqlite3';
import { columnDefinitions, rowValues, sinkColumns, type SinkFactory, type SinkRow } from './sink.ts';

/**
 * One SQLite file per cell, shared by its processors, in WAL mode with SQLite's default (full) sync:
 * several processors then contend for SQLite's single writer, as they would in a real deployment.
 */
export const sqliteSink: SinkFactory = async ({ cellDir, table }) => {
  const db = new Database(path.join(cellDir, 'sink.sqlite'), { timeout: 30_000 });
  db.pragma('journal_mode = WAL');
  db.exec(`CREATE TABLE IF NOT EXISTS "${table}" (${columnDefinitions()})`);
  const insert = db.prepare(`INSERT INTO "${table}" VALUES (${sinkColumns.map(() => '?').join(', ')})`);
  const insertBatch = db.transaction((rows: SinkRow[]) => {
    for (const row of rows) insert.run(...rowValues(row));
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
