import { open, stat } from 'node:fs/promises';

/** The last `lines` lines of a text file (reading at most its last 64 KiB); empty when it does not exist. */
export async function tailOf(file: string, lines = 30): Promise<string> {
  const size = await stat(file).then(
    (s) => s.size,
    () => -1,
  );
  if (size < 0) return '';
  const length = Math.min(size, 64 * 1024);
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, size - length);
    return buffer.toString('utf8').split('\n').filter(Boolean).slice(-lines).join('\n');
  } finally {
    await handle.close();
  }
}

/** The bytes appended to `file` since `offset`, and the new offset. */
export async function readFrom(file: string, offset: number): Promise<{ text: string; offset: number }> {
  const size = await stat(file).then(
    (s) => s.size,
    () => 0,
  );
  if (size <= offset) return { text: '', offset };
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(size - offset);
    await handle.read(buffer, 0, buffer.length, offset);
    return { text: buffer.toString('utf8'), offset: size };
  } finally {
    await handle.close();
  }
}
