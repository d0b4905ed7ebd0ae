import { describe, expect, it } from 'vitest';
import { brokerSecond, parsePrometheusText, Scrape } from '../../harness/metrics/broker-metrics.ts';
import type { CellResult } from '../../harness/results/cell-result.ts';
import { brokerProduceMean } from '../../harness/analysis/run-to-summary.ts';

/** Two pages as the JMX exporter agent writes them with the harness's rules, one second apart. */
const page = (
  messages: number,
  idleNanos: number,
  produceP99: number,
  gcSeconds: number,
  produced = { count: 0, mean: 3.5 },
) => `# HELP kafka_broker_messagesin_total Kafka meter
# TYPE kafka_broker_messagesin_total counter
kafka_broker_messagesin_total ${messages}.0
kafka_broker_requests_total{request="Produce",version="9"} ${messages / 100}.0
kafka_broker_requests_total{request="Produce",version="11"} ${messages / 50}.0
kafka_broker_requests_total{request="FetchConsumer",version="17"} 7.0
kafka_broker_request_time_ms{phase="Total",request="Produce",stat="99thPercentile"} ${produceP99}
kafka_broker_request_time_ms{phase="Total",request="Produce",stat="Mean"} ${produced.mean}
kafka_broker_request_time_ms{phase="Total",request="Produce",stat="Count"} ${produced.count}.0
kafka_broker_request_time_ms{phase="RequestQueue",request="Produce",stat="99thPercentile"} 1.25
kafka_broker_request_handler_idle_nanos_total ${idleNanos}
kafka_broker_network_processor_idle_ratio 0.75
kafka_broker_under_replicated_partitions 2.0
jvm_gc_collection_seconds_sum{gc="G1 Young Generation"} ${gcSeconds}
jvm_gc_collection_seconds_sum{gc="G1 Old Generation"} 0.5
jvm_memory_used_bytes{area="heap"} 104857600
jvm_memory_used_bytes{area="nonheap"} 52428800
`;

describe('broker metrics', () => {
  it('parses the text format, labels included', () => {
    const samples = parsePrometheusText(page(1000, 0, 12.5, 1));
    expect(samples.find((s) => s.name === 'kafka_broker_request_time_ms' && s.labels.phase === 'Total' && s.labels.stat === '99thPercentile')!.value).toBe(
      12.5,
    );
    expect(samples.filter((s) => s.name === 'kafka_broker_requests_total')).toHaveLength(3);
    expect(parsePrometheusText('# only a comment\n\nbad line\nx{a="q\\"uote"} 3')).toEqual([{ name: 'x', labels: { a: 'q"uote' }, value: 3 }]);
  });

  it('turns counters into per-second rates and reads gauges from the later scrape', () => {
    const before = new Scrape(parsePrometheusText(page(1000, 0, 10, 1)), 0);
    const after = new Scrape(parsePrometheusText(page(6000, 400_000_000, 20, 1.03)), 2000);
    const second = brokerSecond(before, after);
    expect(second.messagesInPerSec).toBe(2500);
    // Produce requests of every version together: (60 + 120) − (10 + 20) over 2 s.
    expect(second.produceRequestsPerSec).toBe(75);
    expect(second.fetchRequestsPerSec).toBe(0);
    expect(second.produceP99Ms).toBe(20);
    expect(second.produceQueueP99Ms).toBe(1.25);
    expect(second.requestHandlerIdlePercent).toBeCloseTo(20, 10);
    expect(second.networkProcessorIdlePercent).toBe(75);
    expect(second.underReplicatedPartitions).toBe(2);
    expect(second.gcMsPerSec).toBeCloseTo(15, 10);
    expect(second.heapUsedMb).toBe(100);
  });

  it("takes the produce requests' mean time of the interval alone from Kafka's all-time count and mean", () => {
    // 1,000 requests averaged 4 ms before; the next 500 took 10 ms each, so the all-time mean became 6 ms.
    const before = new Scrape(parsePrometheusText(page(1000, 0, 10, 1, { count: 1000, mean: 4 })), 0);
    const after = new Scrape(parsePrometheusText(page(6000, 0, 10, 1, { count: 1500, mean: 6 })), 1000);
    expect(brokerSecond(before, after).produceMeanMs).toBeCloseTo(10, 10);
    // No request completed in the interval (or the broker restarted): no mean, not a zero.
    expect(brokerSecond(after, after).produceMeanMs).toBeUndefined();
    expect(brokerSecond(after, before).produceMeanMs).toBeUndefined();
  });

  it("averages the cell's produce requests over its measured phase, each second weighted by its requests", () => {
    const broker = (name: string, seconds: Array<[number, number, number]>) => ({
      name,
      second: seconds.map(([second]) => second),
      figures: seconds.map(([, produceRequestsPerSec, produceMeanMs]) => ({ produceRequestsPerSec, produceMeanMs })),
      failedScrapes: 0,
    });
    // Measured phase: seconds 3 to 5 (2 s warm-up, 3 s measured); seconds 1, 2 and 6 lie outside it.
    const cell = {
      brokerMetrics: [
        broker('broker-1', [
          [1, 1000, 500],
          [3, 100, 10],
          [4, 300, 20],
          [6, 1000, 500],
        ]),
        broker('broker-2', [
          [2, 1000, 500],
          [5, 100, 30],
        ]),
      ],
    } as unknown as CellResult;
    // (100 × 10 + 300 × 20 + 100 × 30) ÷ 500 requests.
    expect(brokerProduceMean(cell, { warmupMs: 2000, durationMs: 3000 })).toBeCloseTo(20, 10);
    expect(brokerProduceMean({} as CellResult, { warmupMs: 2000, durationMs: 3000 })).toBeUndefined();
  });

  it('gives no rate for a counter that went down (a restarted broker)', () => {
    const before = new Scrape(parsePrometheusText(page(6000, 0, 10, 1)), 0);
    const after = new Scrape(parsePrometheusText(page(100, 0, 10, 1)), 1000);
    expect(brokerSecond(before, after).messagesInPerSec).toBeUndefined();
  });
});
