import pg from 'pg';
import { EnvironmentError } from '../errors.ts';
import { startLocalPostgres } from './local-postgres.ts';
import { columnDefinitions, rowValues, sinkColumns, type SinkFactory, type SinkServer } from './sink.ts';

/** PostgreSQL: one multi-row INSERT in one transaction per batch, on a connection of its own per processor. */
export const postgresSink: SinkFactory = async ({ table, server }) => {
  if (!server) throw new EnvironmentError('the postgres sink has no database', 'set DATABASE_URL, or let the runner start its local PostgreSQL');
  const client = new pg.Client({ connectionString: server });
  await client.connect();
  await client.query(`CREATE TABLE IF NOT EXISTS "${table}" (${columnDefinitions({ real: 'double precision' })})`);
  const width = sinkColumns.length;
  return {
    async write(rows) {
      const values = rows.flatMap(rowValues);
      const tuples = rows.map((_, i) => `(${Array.from({ length: width }, (_, c) => `$${i * width + c + 1}`).join(',')})`);
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

/** The database named by DATABASE_URL, else a throwaway local PostgreSQL for the run. */
export async function provisionPostgres(onProgress: (line: string) => void): Promise<SinkServer> {
  const named = process.env.DATABASE_URL;
  if (named) return { address: named, stop: async () => {} };
  onProgress('starting a throwaway local PostgreSQL for the postgres sink');
  const local = await startLocalPostgres();
  return { address: local.url, stop: local.stop };
}
