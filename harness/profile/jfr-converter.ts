import { access, mkdir, rename, rm, readdir } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { execa } from '../util/exec.ts';
import { EnvironmentError } from '../errors.ts';
import { jarCacheDir } from '../paths.ts';

/** async-profiler's converter (Maven Central tools.profiler:jfr-converter): JFR recording → flame graph HTML. */
export const jfrConverterVersion = '4.2';
const artifact = `tools.profiler:jfr-converter:${jfrConverterVersion}`;
const dir = path.join(jarCacheDir, `jfr-converter-${jfrConverterVersion}`);

async function jarIn(folder: string): Promise<string | undefined> {
  const files = await readdir(folder).catch(() => [] as string[]);
  const jar = files.find((file) => file.endsWith('.jar'));
  return jar && path.join(folder, jar);
}

/** The converter's jar, fetched with Maven into the jar cache the first time. */
export async function ensureJfrConverter(log: (line: string) => void = () => {}): Promise<string> {
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
      if (
        !(await access(dir).then(
          () => true,
          () => false,
        ))
      )
        throw error;
    });
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return (await jarIn(dir))!;
}

/** Converts a recording's execution samples into a self-contained flame graph page (`--cpu` of converter 4.2 finds none in a JDK 17 recording; the default reads them). */
export async function jfrToFlameGraph(recording: string, html: string, title: string): Promise<void> {
  const jar = await ensureJfrConverter();
  const result = await execa('java', ['-jar', jar, '-o', 'html', '--title', title, recording, html], { reject: false, all: true });
  if (result.exitCode !== 0) throw new Error(`jfr-converter failed on ${path.basename(recording)}: ${(result.all ?? '').split('\n').slice(-3).join(' ')}`);
}
