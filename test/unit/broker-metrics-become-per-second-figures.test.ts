import { describe, expect, it } from 'vitest';
import { brokerSecond, parsePrometheusText, Scrape } from '../../harness/metrics/broker-metrics.ts';

/** Two pages as the JMX exporter agent writes them with the harness's rules, one second apart. */
const page = (messages: number, idleNanos: number, produceP99: number, gcSeconds: number) => `# HELP kafka_broker_messagesin_total Kafka meter
# TYPE kafka_broker_messagesin_total counter
kafka_broker_messagesin_total ${messages}.0
kafka_broker_requests_total{request="Produce",version="9"} ${messages / 100}.0
kafka_broker_requests_total{request="Produce",version="11"} ${messages / 50}.0
kafka_broker_requests_total{request="FetchConsumer",version="17"} 7.0
kafka_broker_request_time_ms{phase="Total",request="Produce",stat="99thPercentile"} ${produceP99}
kafka_broker_request_time_ms{phase="Total",request="Produce",stat="Mean"} 3.5
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

  it('gives no rate for a counter that went down (a restarted broker)', () => {
    const before = new Scrape(parsePrometheusText(page(6000, 0, 10, 1)), 0);
    const after = new Scrape(parsePrometheusText(page(100, 0, 10, 1)), 1000);
    expect(brokerSecond(before, after).messagesInPerSec).toBeUndefined();
  });
});
