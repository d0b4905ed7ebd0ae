import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { clustersDir } from '../../paths.ts';
import { isAlive } from '../../util/process-group.ts';

/** The file in a local cluster's dir that names the process it belongs to. */
export const ownerFileName = 'owner.pid';

/** Records which process a cluster dir belongs to, so a sweep can tell a dead run's leftovers from a live one's. */
export async function claimClusterDir(clusterDir: string, pid = process.pid): Promise<void> {
  await writeFile(path.join(clusterDir, ownerFileName), `${pid}\n`);
}

/**
 * Cluster dirs under .kafka-lab/clusters whose owner process is gone (a runner killed with SIGKILL cannot clean up
 * after itself; its brokers died with it). `keep` names dirs still in use, such as the CLI's recorded cluster.
 */
export async function removeDeadClusterDirs(keep: string[] = [], root = clustersDir): Promise<string[]> {
  const removed: string[] = [];
  for (const name of await readdir(root).catch(() => [] as string[])) {
    const dir = path.join(root, name);
    if (keep.includes(dir)) continue;
    const owner = Number((await readFile(path.join(dir, ownerFileName), 'utf8').catch(() => '')).trim());
    if (!Number.isInteger(owner) || owner <= 0 || isAlive(owner)) continue;
    await rm(dir, { recursive: true, force: true });
    removed.push(dir);
  }
  return removed;
}
