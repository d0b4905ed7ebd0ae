import { mkdir, rename, rm, writeFile, access } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { stripVTControlCharacters } from 'node:util';
import { execa } from '../../util/exec.ts';
import { EnvironmentError, UserError } from '../../errors.ts';
import { jarCacheDir } from '../../paths.ts';

/** The oldest Kafka whose KRaft settings this provider writes (tested: 3.9.1 and 4.1.1). */
const oldestSupported = [3, 7, 0] as const;

export function parseVersion(version: string): [number, number, number] {
  const parts = version.split('.').map(Number);
  return [parts[0] ?? 0, parts[1] ?? 0, parts[2] ?? 0];
}

export function isKafka4OrLater(version: string): boolean {
  return parseVersion(version)[0] >= 4;
}

function assertSupported(version: string): void {
  const [major, minor] = parseVersion(version);
  const [oldMajor, oldMinor] = oldestSupported;
  if (major < oldMajor || (major === oldMajor && minor < oldMinor)) {
    throw new UserError(
      `Kafka version ${version} is older than ${oldestSupported.join('.')}, the oldest the local provider runs`,
      'pick kafkaVersion 3.7.0 or later, e.g. 4.1.1 or 3.9.1',
    );
  }
}

/** The Maven coordinates of one Kafka release plus the logging backend its scripts would use. */
export function kafkaPom(version: string): string {
  // Kafka 4 logs through log4j2; 3.x through reload4j. Neither ships in the broker's runtime scope.
  const logging = isKafka4OrLater(version)
    ? [
        ['org.apache.logging.log4j', 'log4j-slf4j-impl', '2.24.3'],
        ['org.apache.logging.log4j', 'log4j-core', '2.24.3'],
      ]
    : [
        ['org.slf4j', 'slf4j-reload4j', '1.7.36'],
        ['ch.qos.reload4j', 'reload4j', '1.2.25'],
      ];
  const dependency = ([group, artifact, v]: string[]) =>
    `    <dependency><groupId>${group}</groupId><artifactId>${artifact}</artifactId><version>${v}</version></dependency>`;
  return [
    '<project xmlns="http://maven.apache.org/POM/4.0.0">',
    '  <modelVersion>4.0.0</modelVersion>',
    `  <groupId>kafka-lab</groupId><artifactId>kafka-jars-${version}</artifactId><version>1</version>`,
    '  <packaging>pom</packaging>',
    '  <dependencies>',
    dependency(['org.apache.kafka', 'kafka_2.13', version]),
    dependency(['org.apache.kafka', 'kafka-tools', version]),
    ...logging.map(dependency),
    '  </dependencies>',
    '</project>',
    '',
  ].join('\n');
}

export function kafkaJarDir(version: string): string {
  return path.join(jarCacheDir, `kafka-${version}`);
}

const completeMarker = '.complete';

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

export async function hasKafkaJars(version: string): Promise<boolean> {
  return exists(path.join(kafkaJarDir(version), completeMarker));
}

/**
 * Makes sure the jars of `version` are in the cache, fetching them with Maven when missing.
 * Returns the Java classpath (`<dir>/*`). Safe to call from several processes at once: each
 * downloads into its own folder and the first to finish renames it into place.
 */
export async function ensureKafkaJars(version: string, log: (line: string) => void = () => {}): Promise<string> {
  assertSupported(version);
  const dir = kafkaJarDir(version);
  if (!(await hasKafkaJars(version))) {
    log(`fetching Apache Kafka ${version} jars from Maven Central into ${dir}`);
    await downloadJars(version, dir);
  }
  return path.join(dir, '*');
}

async function downloadJars(version: string, dir: string): Promise<void> {
  const work = `${dir}.tmp-${randomBytes(4).toString('hex')}`;
  await mkdir(work, { recursive: true });
  try {
    await writeFile(path.join(work, 'pom.xml'), kafkaPom(version));
    await runMaven(version, work);
    await writeFile(path.join(work, completeMarker), new Date().toISOString());
    await rename(work, dir).catch(async (error: NodeJS.ErrnoException) => {
      // Another process finished first; its copy is as good as ours.
      if (!(await hasKafkaJars(version))) throw error;
    });
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function runMaven(version: string, work: string): Promise<void> {
  const args = ['-B', '-q', '-Dstyle.color=never', 'dependency:copy-dependencies', '-DincludeScope=runtime', `-DoutputDirectory=${work}`];
  const result = await execa('mvn', args, { cwd: work, reject: false, all: true });
  if (result.exitCode === 0) return;
  const output = stripVTControlCharacters(result.all ?? '');
  if (result.failed && (result as { code?: string }).code === 'ENOENT') {
    throw new EnvironmentError('Maven (mvn) is not installed', 'run `npm run setup`, or install Maven and rerun');
  }
  // Maven says "Could not find artifact" the first time and "was not found in" while it caches the miss.
  if (/Could not find artifact org\.apache\.kafka:|org\.apache\.kafka:\S+ was not found in/.test(output)) {
    throw new UserError(
      `Kafka version ${version} is not on Maven Central (org.apache.kafka:kafka_2.13:${version} was not found)`,
      'pick a released version such as 4.1.1 or 3.9.1',
    );
  }
  const tail = output.split('\n').slice(-15).join('\n');
  throw new EnvironmentError(
    `Maven could not fetch the Kafka ${version} jars (exit ${result.exitCode})`,
    'check that Maven Central is reachable, then rerun',
    tail,
  );
}
