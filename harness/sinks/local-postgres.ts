import { spawn } from 'node:child_process';
import { chown, mkdtemp, readdir, rm } from 'node:fs/promises';
import { closeSync, openSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from '../util/exec.ts';
import getPort from 'get-port';
import pg from 'pg';
import { EnvironmentError } from '../errors.ts';
import { tailOf } from '../util/file-tail.ts';
import { stopProcessGroup } from '../util/process-group.ts';

/** A throwaway PostgreSQL server for one run. */
export interface LocalPostgres {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

async function postgresBinDir(): Promise<string> {
  const versions = await readdir('/usr/lib/postgresql').catch(() => [] as string[]);
  const newest = versions.filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a))[0];
  if (!newest) throw new EnvironmentError('PostgreSQL is not installed', "run `npm run setup` (it installs Debian's postgresql), or set DATABASE_URL");
  return path.join('/usr/lib/postgresql', newest, 'bin');
}

/**
 * initdb into a temporary dir and start `postgres` on a free loopback port. Server settings stay at
 * PostgreSQL's defaults (fsync on), so the sink's cost is what a real database would charge.
 * Root may not run PostgreSQL: as root it runs as the `postgres` user. It dies with the runner.
 */
export async function startLocalPostgres(): Promise<LocalPostgres> {
  const bin = await postgresBinDir();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'kafka-lab-pg-'));
  const asRoot = process.getuid?.() === 0;
  const asPostgres = asRoot ? ['--reuid=postgres', '--regid=postgres', '--init-groups'] : [];
  if (asRoot) {
    const { stdout } = await execa('id', ['-u', 'postgres']);
    const { stdout: gid } = await execa('id', ['-g', 'postgres']);
    await chown(dir, Number(stdout), Number(gid));
  }
  const data = path.join(dir, 'data');
  const init = await execa('setpriv', [...asPostgres, '--', path.join(bin, 'initdb'), '-D', data, '-A', 'trust', '-U', 'kafkalab', '--no-sync'], {
    reject: false,
    all: true,
  });
  if (init.exitCode !== 0) {
    await rm(dir, { recursive: true, force: true });
    throw new EnvironmentError('initdb failed for the local PostgreSQL', 'see its output below', init.all);
  }
  const port = await getPort({ host: '127.0.0.1' });
  const logFile = path.join(dir, 'postgres.log');
  const log = openSync(logFile, 'a');
  const child = spawn(
    'setpriv',
    [...asPostgres, '--pdeathsig', 'TERM', '--', path.join(bin, 'postgres'), '-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1'],
    { detached: true, stdio: ['ignore', log, log] },
  );
  closeSync(log);
  child.unref();
  const url = `postgres://kafkalab@127.0.0.1:${port}/postgres`;
  const stop = async () => {
    await stopProcessGroup(child.pid!, 15_000);
    await rm(dir, { recursive: true, force: true });
  };
  for (let attempt = 0; attempt < 100; attempt++) {
    const client = new pg.Client({ connectionString: url });
    const ok = await client.connect().then(
      () => true,
      () => false,
    );
    await client.end().catch(() => {});
    if (ok) return { url, pid: child.pid!, stop };
    if (child.exitCode !== null) break;
    await sleep(200);
  }
  const tail = await tailOf(logFile);
  await stop();
  throw new EnvironmentError('the local PostgreSQL did not start', 'see its log below', tail);
}
