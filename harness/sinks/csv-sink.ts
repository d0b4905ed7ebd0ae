import { open } from 'node:fs/promises';
import path from 'node:path';
import { sinkColumns, type SinkFactory } from './sink.ts';

/** A CSV file per processor in the cell's folder; each batch is appended and fdatasync'ed, so it is on disk. */
export const csvSink: SinkFactory = async ({ cellDir, processorId }) => {
  const file = await open(path.join(cellDir, `sink-processor-${processorId}.csv`), 'a');
  await file.write(`${sinkColumns.map((column) => column.name).join(',')}\n`);
  return {
    async write(rows) {
      const text = rows.map((r) => `${r.producerId},${r.seq},${r.key},${r.sentAt.toFixed(3)},${r.receivedAt.toFixed(3)},${r.value}`).join('\n');
      await file.write(`${text}\n`);
      await file.datasync();
    },
    close: () => file.close(),
  };
};
