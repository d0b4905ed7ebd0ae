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

/** KIP-1147: `--reporting-interval` (ms) exists from Kafka 4.2; older tools print a window every 5 s. */
export function reportingIntervalMs(kafkaVersion: string): number {
  const [major = 0, minor = 0] = kafkaVersion.split('.').map(Number);
  return major > 4 || (major === 4 && minor >= 2) ? 1_000 : 5_000;
}

export interface ProducerPerformanceRun {
  pid: number;
  /** The window lines printed so far. */
  windowsSoFar(): PerformanceWindow[];
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
      ...(reportingIntervalMs(options.kafkaVersion) === 1_000 ? ['--reporting-interval', '1000'] : []),
      '--producer-props',
      ...props,
    ],
    onLine(line) {
      const window = parseWindowLine(line, (nowMs() - options.startAt) / 1000);
      if (window) windows.push(window);
    },
  });
  return {
    pid: tool.pid,
    windowsSoFar: () => windows,
    stop: async () => {
      await tool.stop();
      return windows;
    },
  };
}

/**
 * The tool's rate over the measured phase [fromSecond, toSecond): every window line that overlaps the phase counts
 * with the share of its records that falls inside it (a window is [end − records ÷ rate, end], its line arriving at
 * its end), so the whole phase is covered whatever the tool's window length (5 s before Kafka 4.2, 1 s from 4.2 on)
 * and wherever its windows happen to start. `coverage` is the share of the phase the windows span; a window that
 * straddles an edge is assumed to run at one rate across it, which the 1-second windows of 4.2+ make negligible.
 */
export function measuredRate(
  windows: PerformanceWindow[],
  fromSecond: number,
  toSecond: number,
): { recordsPerSec: number; mbPerSec: number; windows: number; coverage: number } | undefined {
  let records = 0;
  let megabytes = 0;
  let covered = 0;
  let count = 0;
  for (const w of windows) {
    if (w.recordsPerSec <= 0) continue;
    const start = w.endSecond - w.records / w.recordsPerSec;
    const overlap = Math.min(w.endSecond, toSecond) - Math.max(start, fromSecond);
    if (overlap <= 0) continue;
    records += w.recordsPerSec * overlap;
    megabytes += w.mbPerSec * overlap;
    covered += overlap;
    count++;
  }
  if (covered === 0) return undefined;
  return { recordsPerSec: records / covered, mbPerSec: megabytes / covered, windows: count, coverage: Math.min(1, covered / (toSecond - fromSecond)) };
}
