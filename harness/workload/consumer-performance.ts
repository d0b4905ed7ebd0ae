import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { startKafkaTool } from './kafka-tool.ts';
import { nowMs } from '../util/clock.ts';
import type { ProcessorConfig } from './ipc.ts';
import type { RunningProcessor } from './processor.ts';
import { recordCount } from './record-count.ts';

/** ConsumerPerformance's counters are in MiB (bytes / 1024²). */
const bytesPerMib = 1024 * 1024;

/**
 * `processor.kind: consumer-performance`: Kafka's own org.apache.kafka.tools.ConsumerPerformance (the tool behind
 * kafka-consumer-perf-test.sh) as a member of the cell's group, with the variant's consumer properties. It prints
 * its running totals every second; the records between two lines count as arriving evenly between them.
 */
export async function startConsumerPerformance(config: ProcessorConfig, onProgress: (received: number) => void): Promise<RunningProcessor> {
  const { setup } = config;
  const propertiesFile = path.join(config.cellDir, `consumer-performance-${config.processorId}.properties`);
  await writeFile(
    propertiesFile,
    Object.entries(setup.consumer.config)
      .map(([key, value]) => `${key}=${value}\n`)
      .join(''),
  );
  const count = recordCount();
  let columns: { records: number; mib: number } | undefined;
  let last = { at: nowMs(), records: 0, bytes: 0 };
  const tool = await startKafkaTool({
    kafkaVersion: setup.cluster.kafkaVersion,
    connection: config.connection,
    mainClass: 'org.apache.kafka.tools.ConsumerPerformance',
    logFile: path.join(config.cellDir, `consumer-performance-${config.processorId}.log`),
    // More records than any cell sends and a timeout longer than any cell: the runner stops the tool.
    args: [
      '--bootstrap-server',
      config.connection.bootstrapServers.join(','),
      '--topic',
      config.topic,
      '--group',
      config.groupId,
      '--messages',
      String(1e12),
      '--timeout',
      String(24 * 3600 * 1000),
      '--reporting-interval',
      '1000',
      '--show-detailed-stats',
      '--consumer.config',
      propertiesFile,
    ],
    onLine(line) {
      const fields = line.split(',').map((field) => field.trim());
      if (!columns) {
        // The header names the running totals: "time, threadId, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, …".
        const records = fields.indexOf('data.consumed.in.nMsg');
        const mib = fields.indexOf('data.consumed.in.MB');
        if (records >= 0 && mib >= 0) columns = { records, mib };
        return;
      }
      const records = Number(fields[columns.records]);
      const bytes = Number(fields[columns.mib]) * bytesPerMib;
      if (!Number.isFinite(records) || !Number.isFinite(bytes)) return;
      const now = nowMs();
      count.add(records - last.records, bytes - last.bytes, last.at, now);
      last = { at: now, records, bytes };
      onProgress(count.received);
    },
  });
  return {
    toolPid: tool.pid,
    setWindow: (window) => {
      count.setWindow(window);
    },
    abandon: () => tool.kill(),
    async finish() {
      await tool.stop();
      return count.report(config.processorId, columns ? undefined : 'ConsumerPerformance printed no statistics; see its log');
    },
  };
}
