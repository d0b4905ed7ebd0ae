import path from 'node:path';
import { execa } from '../util/exec.ts';
import { ensureMavenJar } from '../util/maven-jar.ts';

/** async-profiler's converter (Maven Central tools.profiler:jfr-converter): JFR recording → flame graph HTML. */
export const jfrConverterVersion = '4.2';
const artifact = `tools.profiler:jfr-converter:${jfrConverterVersion}`;

/** The converter's jar, fetched with Maven into the jar cache the first time. */
export function ensureJfrConverter(log: (line: string) => void = () => {}): Promise<string> {
  return ensureMavenJar(artifact, `jfr-converter-${jfrConverterVersion}`, log);
}

/** Converts a recording's execution samples into a self-contained flame graph page (`--cpu` of converter 4.2 finds none in a JDK 17 recording; the default reads them). */
export async function jfrToFlameGraph(recording: string, html: string, title: string): Promise<void> {
  const jar = await ensureJfrConverter();
  const result = await execa('java', ['-jar', jar, '-o', 'html', '--title', title, recording, html], { reject: false, all: true });
  if (result.exitCode !== 0) throw new Error(`jfr-converter failed on ${path.basename(recording)}: ${(result.all ?? '').split('\n').slice(-3).join(' ')}`);
}
