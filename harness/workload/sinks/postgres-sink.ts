import pg from 'pg';
import { EnvironmentError } from '../../errors.ts';
import type { SinkFactory } from './sink.ts';

/** PostgreSQL: one multi-row INSERT in one transaction per batch, on a connection of its own per processor. */
export const postgresSink: SinkFactory = async ({ table, databaseUrl }) => {
  if (!databaseUrl) throw new EnvironmentError('the postgres sink has no database', 'set DATABASE_URL, or let the runner start its local PostgreSQL');
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query(`CREATE TABLE IF NOT EXISTS "${table}" (producer_id integer, seq integer, key text, sent_at double precision, received_at double precision, value double precision)`);
  return {
    async write(rows) {
      const values: unknown[] = [];
      const tuples = rows.map((r, i) => {
        values.push(r.producerId, r.seq, r.key, r.sentAt, r.receivedAt, r.value);
        const base = i * 6;
        return `($${base + 1},$${base + 2},$${base + 3},$${base + 4},$${base + 5},$${base + 6})`;
      });
      await client.query('BEGIN');
      try {
        await client.query(`INSERT INTO "${table}" VALUES ${tuples.join(',')}`, values);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      }
    },
    close: () => client.end(),
  };
};
