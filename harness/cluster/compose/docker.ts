import { execa } from '../../util/exec.ts';

/** True when a Docker engine answers within a few seconds (a Docker client alone is not enough). */
export async function dockerEngineAnswers(): Promise<boolean> {
  const result = await execa('docker', ['info', '--format', '{{.ServerVersion}}'], { reject: false, timeout: 5_000 });
  return result.exitCode === 0 && result.stdout.trim().length > 0;
}

/** The Compose command here: the `docker compose` plugin, else the standalone `docker-compose`, else none. */
export async function composeCommand(): Promise<string[] | undefined> {
  const plugin = await execa('docker', ['compose', 'version'], { reject: false, timeout: 5_000 });
  if (plugin.exitCode === 0) return ['docker', 'compose'];
  const standalone = await execa('docker-compose', ['version'], { reject: false, timeout: 5_000 });
  if (standalone.exitCode === 0) return ['docker-compose'];
  return undefined;
}
