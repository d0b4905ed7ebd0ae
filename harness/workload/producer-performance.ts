import type { PerformanceWindow } from '../results/cell-result.ts';
import type { KafkaConnection } from '../drivers/connection.ts';
import type { ClientProperties } from '../drivers/driver.ts';
import { startKafkaTool } from './kafka-tool.ts';
import { nowMs } from '../util/clock.ts';

/** Kafka's `producer-performance` window line: "148321 records sent, 29658.3 records/sec (5.66 MB/sec), 1064.2 ms avg latency, 1513.0 ms max latency." */
const windowLine = /^(\d+) records sent, ([\d.]+) records\/sec \(([\d.]+) MB\/sec\), ([\d.]+) ms avg latency, ([\d.]+) ms max latency\.?$/;

export function parseWindowLine(line: string, endSecond: number): PerformanceWindow | undefined {
  const match = windowLine.exec(line.trim());
  if (!match) return undefined;
  const [, records, perSec, mib, avg, max] = match.map(Number);
  // The tool's "MB" are MiB (bytes / 1024²); the harness counts MB as 10⁶ bytes.
  return { endSecond, records: records!, recordsPerSec: perSec!, mbPerSec: (mib! * 1024 * 1024) / 1e6, avgLatencyMs: avg!, maxLatencyMs: max! };
}

export interface ProducerPerformanceRun {
  pid: number;
  /** Resolves with every window line once the tool has been stopped. */
  stop(): Promise<PerformanceWindow[]>;
}

/**
 * Starts Kafka's own org.apache.kafka.tools.ProducerPerformance (the jar is in the Kafka cache, fetched with the
 * brokers) against the cell's topic: `rate` records/s or unthrottled, `recordSize` bytes, the variant's producer
 * properties under their Kafka names. It runs until stopped; its own process group.
 */
export async function startProducerPerformance(options: {
  kafkaVersion: string;
  connection: KafkaConnection;
  topic: string;
  recordSize: number;
  rate: number | 'max';
  config: ClientProperties;
  startAt: number;
  logFile: string;
  cpus?: string;
}): Promise<ProducerPerformanceRun> {
  const props = Object.entries({ 'bootstrap.servers': options.connection.bootstrapServers.join(','), ...options.config }).map(
    ([key, value]) => `${key}=${value}`,
  );
  const windows: PerformanceWindow[] = [];
  const tool = await startKafkaTool({
    kafkaVersion: options.kafkaVersion,
    connection: options.connection,
    mainClass: 'org.apache.kafka.tools.ProducerPerformance',
    logFile: options.logFile,
    ...(options.cpus ? { cpus: options.cpus } : {}),
    // Far more records than any cell sends: the runner stops the tool when the measured phase is over.
    args: [
      '--topic',
      options.topic,
      '--num-records',
      String(1e12),
      '--record-size',
      String(options.recordSize),
      '--throughput',
      options.rate === 'max' ? '-1' : String(options.rate),
      '--producer-props',
      ...props,
    ],
    onLine(line) {
      const window = parseWindowLine(line, Math.floor((nowMs() - options.startAt) / 1000));
      if (window) windows.push(window);
    },
  });
  return {
    pid: tool.pid,
    stop: async () => {
      await tool.stop();
      return windows;
    },
  };
}

/**
 * The windows that lie inside the measured phase (a line arrives up to a second after its window ends), as one
 * rate: their records over the time they span.
 */
export function measuredRate(
  windows: PerformanceWindow[],
  fromSecond: number,
  toSecond: number,
): { recordsPerSec: number; mbPerSec: number; windows: number } | undefined {
  const inside = windows.filter((w) => w.recordsPerSec > 0 && w.endSecond - w.records / w.recordsPerSec >= fromSecond - 0.5 && w.endSecond <= toSecond + 1);
  if (inside.length === 0) return undefined;
  const records = inside.reduce((sum, w) => sum + w.records, 0);
  const seconds = inside.reduce((sum, w) => sum + w.records / w.recordsPerSec, 0);
  const megabytes = inside.reduce((sum, w) => sum + (w.mbPerSec * w.records) / w.recordsPerSec, 0);
  return { recordsPerSec: records / seconds, mbPerSec: megabytes / seconds, windows: inside.length };
}
