import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * Bytes of a topic's log segments on disk, over every broker's log directory (so every replica counts). Only the
 * `.log` segment files: Kafka preallocates its index files, whose size says nothing about the data.
 */
export async function topicBytesOnDisk(logDirs: string[], topic: string): Promise<number> {
  let bytes = 0;
  for (const dir of logDirs) {
    const partitions = (await readdir(dir).catch(() => [] as string[])).filter(
      (name) => name.startsWith(`${topic}-`) && /^\d+$/.test(name.slice(topic.length + 1)),
    );
    for (const partition of partitions) {
      for (const file of await readdir(path.join(dir, partition)).catch(() => [] as string[])) {
        if (file.endsWith('.log')) bytes += (await stat(path.join(dir, partition, file)).catch(() => ({ size: 0 }))).size;
      }
    }
  }
  return bytes;
}
