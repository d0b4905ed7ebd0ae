import { access, mkdir, readdir, rename, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { EnvironmentError } from '../errors.ts';
import { jarCacheDir } from '../paths.ts';
import { execa } from './exec.ts';

async function jarIn(folder: string): Promise<string | undefined> {
  const files = await readdir(folder).catch(() => [] as string[]);
  const jar = files.find((file) => file.endsWith('.jar'));
  return jar && path.join(folder, jar);
}

/**
 * One jar from Maven Central (`group:artifact:version`), fetched with `mvn dependency:copy` into the jar cache the
 * first time and read from there after. Fetched into a folder of its own and renamed, so two processes fetching at
 * once never see half a jar.
 */
export async function ensureMavenJar(artifact: string, folderName: string, log: (line: string) => void = () => {}): Promise<string> {
  const dir = path.join(jarCacheDir, folderName);
  const cached = await jarIn(dir);
  if (cached) return cached;
  log(`fetching ${artifact} from Maven Central into ${dir}`);
  const work = `${dir}.tmp-${randomBytes(4).toString('hex')}`;
  await mkdir(work, { recursive: true });
  try {
    const result = await execa('mvn', ['-B', '-q', '-Dstyle.color=never', 'dependency:copy', `-Dartifact=${artifact}`, `-DoutputDirectory=${work}`], {
      cwd: work,
      reject: false,
      all: true,
    });
    if (result.exitCode !== 0) {
      throw new EnvironmentError(
        `Maven could not fetch ${artifact} (exit ${result.exitCode})`,
        'check that Maven Central is reachable, or run `npm run setup`',
        (result.all ?? '').split('\n').slice(-10).join('\n'),
      );
    }
    await rename(work, dir).catch(async (error: NodeJS.ErrnoException) => {
      // Another process finished first; its copy is as good as ours.
      const there = await access(dir).then(
        () => true,
        () => false,
      );
      if (!there) throw error;
    });
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return (await jarIn(dir))!;
}
