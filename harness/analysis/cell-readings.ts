import type { BrokerSecond } from '../metrics/broker-metrics.ts';
import type { CellResult } from '../results/cell-result.ts';
import type { RunRecord } from '../results/run-record.ts';

/**
 * Mean CPU % (of one core) of the processes of these roles during exactly the measured phase of one cell, summed
 * over processes. A sample at second s covers the second before it (the sampler reads CPU time once a second), so
 * the phase [warm-up, warm-up + duration) is the samples from warm-up + 1 to warm-up + duration: the drain after it
 * and the warm-up before it are left out.
 */
export function harnessCpu(
  cell: CellResult,
  record: Pick<RunRecord, 'warmupMs' | 'durationMs'>,
  roles: string[] = ['generator', 'processor'],
): number | undefined {
  const fromSecond = Math.round(record.warmupMs / 1000) + 1;
  const toSecond = Math.round((record.warmupMs + record.durationMs) / 1000);
  const perProcess = (cell.resources ?? [])
    .filter((p) => roles.includes(p.role))
    .map((p) => {
      const samples = p.cpuPercent.filter((_, i) => p.second[i]! >= fromSecond && p.second[i]! <= toSecond);
      return samples.length ? samples.reduce((a, b) => a + b, 0) / samples.length : undefined;
    })
    .filter((value): value is number => value !== undefined);
  return perProcess.length ? perProcess.reduce((a, b) => a + b, 0) : undefined;
}

/**
 * Each broker's mean of one of its per-second metrics over exactly the measured phase (the seconds harnessCpu
 * takes), by broker; brokers without the metric in that window are left out.
 */
export function brokerWindowMeans(
  cell: CellResult,
  record: Pick<RunRecord, 'warmupMs' | 'durationMs'>,
  of: (second: BrokerSecond) => number | undefined,
): number[] {
  return brokerWindowSeconds(cell, record).flatMap((seconds) => {
    const values = seconds.map(of).filter((value): value is number => value !== undefined);
    return values.length ? [values.reduce((a, b) => a + b, 0) / values.length] : [];
  });
}

/** Each broker's seconds of exactly the measured phase (the seconds harnessCpu takes), by broker. */
function brokerWindowSeconds(cell: CellResult, record: Pick<RunRecord, 'warmupMs' | 'durationMs'>): BrokerSecond[][] {
  const fromSecond = Math.round(record.warmupMs / 1000) + 1;
  const toSecond = Math.round((record.warmupMs + record.durationMs) / 1000);
  return (cell.brokerMetrics ?? []).map((broker) => broker.figures.filter((_, i) => broker.second[i]! >= fromSecond && broker.second[i]! <= toSecond));
}

/**
 * The mean time of every produce request the brokers completed in the measured phase, ms: each broker's per-second
 * means weighted by the requests of that second. Exact for the cell, where Kafka's p99 carries over from before it.
 */
export function brokerProduceMean(cell: CellResult, record: Pick<RunRecord, 'warmupMs' | 'durationMs'>): number | undefined {
  let time = 0;
  let requests = 0;
  for (const second of brokerWindowSeconds(cell, record).flat()) {
    if (second.produceMeanMs === undefined || !second.produceRequestsPerSec) continue;
    time += second.produceMeanMs * second.produceRequestsPerSec;
    requests += second.produceRequestsPerSec;
  }
  return requests > 0 ? time / requests : undefined;
}

/** The brokers' produce p99 over the measured phase: their mean. */
export function brokerProduceP99(cell: CellResult, record: Pick<RunRecord, 'warmupMs' | 'durationMs'>): number | undefined {
  const means = brokerWindowMeans(cell, record, (second) => second.produceP99Ms);
  return means.length ? means.reduce((a, b) => a + b, 0) / means.length : undefined;
}

/** The request handlers' idle share of the busiest broker over the measured phase, % (the one that limits first). */
export function busiestBrokerIdle(cell: CellResult, record: Pick<RunRecord, 'warmupMs' | 'durationMs'>): number | undefined {
  const means = brokerWindowMeans(cell, record, (second) => second.requestHandlerIdlePercent);
  return means.length ? Math.min(100, ...means) : undefined;
}
