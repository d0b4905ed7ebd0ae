import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { composeFileName, composeShapes } from '../../harness/cluster/compose/compose-file.ts';
import { composeDir } from '../../harness/paths.ts';

// docker-compose (Debian's, installed by `npm run setup`) validates a file against the Compose schema
// and resolves its variables without needing a Docker engine.
describe('compose/', () => {
  it.each(composeShapes().map(composeFileName))('%s passes `docker-compose config`', async (name) => {
    const result = await execa('docker-compose', ['-f', path.join(composeDir, name), 'config', '--quiet'], { reject: false, all: true });
    expect(result.all ?? '').toBe('');
    expect(result.exitCode).toBe(0);
  });
});
