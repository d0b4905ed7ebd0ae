import type { Chart } from '../report/chart.ts';
import type { LiveReading } from '../runner/cell/cell-plan.ts';

/** Every chart of the live view: a reading's `chart` names the one it is drawn on. */
export type LiveChartId = 'rates' | 'endToEndP99Ms' | LiveReading['chart'];

const charts: Array<{ id: LiveChartId; title: string; axis: string }> = [
  { id: 'rates', title: 'Messages per second: acknowledged by the brokers, processed by the processors', axis: 'msg/s' },
  { id: 'endToEndP99Ms', title: "End-to-end p99 of each second (the slowest processor's), measured phase only", axis: 'ms' },
  { id: 'lag', title: "Consumer lag: log-end offsets minus the processors' committed offsets", axis: 'records' },
  { id: 'cpuPercent', title: 'CPU of every process: generators, processors, brokers and controllers (% of one core)', axis: '% of one core' },
  { id: 'brokerProduceMeanMs', title: "Each broker's produce request time, mean of the requests it completed each second (JMX)", axis: 'ms' },
  { id: 'brokerProduceP99Ms', title: "Each broker's produce request p99 (Kafka's TotalTimeMs reservoir, weighted to the last 5 minutes: it lags)", axis: 'ms' },
];

/**
 * The live view's charts, empty: the page streams points into the data set `points` as they arrive. x is seconds
 * since the run started, so cells follow each other on one axis; the page keeps the last `keepSeconds` of them.
 */
export function liveCharts(): Chart[] {
  return charts.map(({ id, title, axis }) => ({
    id,
    title,
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
      width: 'container',
      height: 180,
      data: { name: 'points' },
      mark: { type: 'line', point: { size: 12 }, interpolate: 'linear' },
      encoding: {
        x: { field: 't', type: 'quantitative', title: 'seconds since the run started', scale: { zero: false } },
        y: { field: 'value', type: 'quantitative', title: axis },
        color: { field: 'series', type: 'nominal', title: null, legend: { orient: 'right', labelLimit: 0 } },
        detail: { field: 'cell', type: 'nominal' },
        tooltip: [
          { field: 'cell', title: 'cell' },
          { field: 'series', title: 'line' },
          { field: 't', title: 's' },
          { field: 'value', title: axis, format: ',.1f' },
        ],
      },
    },
  }));
}
