import type { RunRecord } from '../results/run-record.ts';
import type { CurvePoint } from './histograms-to-percentile-curve.ts';
import { cellLatency, cellMsgsPerSec } from './cell-metrics.ts';
import type { SummaryRow } from './run-to-summary.ts';
import type { Chart } from './chart.ts';
import { rampLimits } from './ramp-to-limits.ts';
import { rampCharts } from './ramp-charts.ts';

const schema = 'https://vega.github.io/schema/vega-lite/v6.json';
const width = 520;

function throughputChart(record: RunRecord, rows: SummaryRow[]): Chart {
  const means = rows
    .filter((r) => !Number.isNaN(r.msgsPerSec.mean))
    .map((r) => ({ variant: r.variant, mean: r.msgsPerSec.mean, low: r.msgsPerSec.low ?? r.msgsPerSec.mean, high: r.msgsPerSec.high ?? r.msgsPerSec.mean }));
  const points = record.cells
    .filter((c) => c.status === 'completed')
    .map((c) => ({ variant: c.variant, repetition: c.repetition, msgsPerSec: cellMsgsPerSec(c) }));
  const x = { field: 'variant', type: 'nominal', sort: null, title: null };
  return {
    id: 'throughput',
    title: 'Throughput: msgs/s (consumed; acknowledged for producer-only variants), mean with 95 % CI, each repetition a dot',
    spec: {
      $schema: schema,
      width,
      layer: [
        { data: { values: means }, mark: { type: 'bar', opacity: 0.6 }, encoding: { x, y: { field: 'mean', type: 'quantitative', title: 'msgs/s' } } },
        {
          data: { values: means },
          mark: { type: 'errorbar', ticks: true },
          encoding: { x, y: { field: 'low', type: 'quantitative', title: 'msgs/s' }, y2: { field: 'high' } },
        },
        {
          data: { values: points },
          mark: { type: 'point', filled: true, color: 'black' },
          encoding: { x, y: { field: 'msgsPerSec', type: 'quantitative' }, tooltip: [{ field: 'repetition' }, { field: 'msgsPerSec', format: '.0f' }] },
        },
      ],
    },
  };
}

function latencyChart(record: RunRecord): Chart {
  const values = record.cells
    .filter((c) => c.status === 'completed' && cellLatency(c))
    .flatMap((c) =>
      (['p50', 'p99', 'p999'] as const).map((p) => ({
        variant: c.variant,
        repetition: c.repetition,
        percentile: p === 'p999' ? 'p99.9' : p,
        ms: cellLatency(c)![p],
      })),
    );
  return {
    id: 'latency',
    title: 'Latency percentiles per variant (end-to-end; send → ack for producer-only variants): bar = median over repetitions, dots = repetitions (log scale)',
    spec: {
      $schema: schema,
      data: { values },
      width: 160,
      facet: { column: { field: 'percentile', type: 'nominal', sort: ['p50', 'p99', 'p99.9'], title: null } },
      spec: {
        layer: [
          {
            mark: { type: 'bar', opacity: 0.6 },
            encoding: {
              x: { field: 'variant', type: 'nominal', sort: null, title: null },
              y: { aggregate: 'median', field: 'ms', type: 'quantitative', scale: { type: 'log' }, title: 'ms' },
            },
          },
          {
            mark: { type: 'point', filled: true, color: 'black' },
            encoding: {
              x: { field: 'variant', type: 'nominal', sort: null },
              y: { field: 'ms', type: 'quantitative' },
              tooltip: [{ field: 'repetition' }, { field: 'ms', format: '.2f' }],
            },
          },
        ],
      },
    },
  };
}

function curveChart(curves: Record<string, CurvePoint[]>): Chart {
  const values = Object.entries(curves).flatMap(([variant, points]) => points.map((p) => ({ variant, ...p })));
  return {
    id: 'percentile-curve',
    title: 'Latency by percentile (HdrHistogram style; repetitions merged; end-to-end, or send → ack for producer-only variants)',
    spec: {
      $schema: schema,
      width,
      data: { values },
      mark: { type: 'line', point: true },
      encoding: {
        x: {
          field: 'oneInN',
          type: 'quantitative',
          scale: { type: 'log' },
          title: 'percentile',
          axis: {
            values: [1, 2, 10, 100, 1000, 10000, 100000],
            labelExpr: "{'1':'0%','2':'50%','10':'90%','100':'99%','1000':'99.9%','10000':'99.99%','100000':'99.999%'}[''+datum.value] || ''",
          },
        },
        y: { field: 'latencyMs', type: 'quantitative', scale: { type: 'log' }, title: 'ms' },
        color: { field: 'variant', type: 'nominal', sort: null },
        tooltip: [{ field: 'variant' }, { field: 'percentile' }, { field: 'latencyMs', format: '.2f' }],
      },
    },
  };
}

function timeseriesChart(record: RunRecord): Chart {
  const values = record.cells.flatMap((c) => {
    const ts = c.timeseries;
    if (!ts) return [];
    const cell = { variant: c.variant, repetition: `r${c.repetition}`, run: `${c.variant} r${c.repetition}` };
    return [
      ...ts.producedPerSec.map((v, second) => ({ ...cell, second, series: 'produced/s', value: v })),
      ...ts.consumedPerSec.map((v, second) => ({ ...cell, second, series: 'consumed/s', value: v })),
      ...ts.lag.lag.map((v, i) => ({ ...cell, second: ts.lag.second[i], series: 'lag behind committed offsets (messages)', value: v })),
    ];
  });
  return {
    id: 'timeseries',
    title:
      'Produced/s, consumed/s and lag over time, per cell (warm-up included; colour = variant, dash = repetition). Lag is log end minus the committed offsets: a consumer that commits every few seconds draws a sawtooth while keeping up',
    spec: {
      $schema: schema,
      data: { values },
      facet: { row: { field: 'series', type: 'nominal', title: null } },
      resolve: { scale: { y: 'independent' } },
      spec: {
        width,
        height: 130,
        mark: 'line',
        encoding: {
          x: { field: 'second', type: 'quantitative', title: 'seconds since start' },
          y: { field: 'value', type: 'quantitative', title: null },
          color: { field: 'variant', type: 'nominal', sort: null },
          strokeDash: { field: 'repetition', type: 'nominal', title: 'repetition' },
          detail: { field: 'run', type: 'nominal' },
          tooltip: [{ field: 'run' }, { field: 'second' }, { field: 'value', format: ',.0f' }],
        },
      },
    },
  };
}

function resourcesChart(record: RunRecord): Chart {
  const firstOfVariant = record.cells.filter((c, i, all) => c.resources && all.findIndex((o) => o.variant === c.variant && o.resources) === i);
  const values = firstOfVariant.flatMap((c) =>
    c.resources!.flatMap((p) =>
      p.second.flatMap((second, i) => [
        { variant: c.variant, process: p.name, second, metric: 'CPU % (of one core)', value: p.cpuPercent[i] },
        { variant: c.variant, process: p.name, second, metric: 'RSS MiB', value: p.rssMb[i] },
      ]),
    ),
  );
  return {
    id: 'resources',
    title: 'CPU and memory per process, brokers included (first repetition of each variant)',
    spec: {
      $schema: schema,
      data: { values },
      facet: { row: { field: 'metric', type: 'nominal', title: null }, column: { field: 'variant', type: 'nominal', sort: null, title: null } },
      resolve: { scale: { y: 'independent' } },
      spec: {
        width: 300,
        height: 130,
        mark: 'line',
        encoding: {
          x: { field: 'second', type: 'quantitative', title: 'seconds' },
          y: { field: 'value', type: 'quantitative', title: null },
          color: { field: 'process', type: 'nominal' },
        },
      },
    },
  };
}

/** Every chart of a run report, from the run record and each variant's merged percentile curve. */
export function runToCharts(record: RunRecord, rows: SummaryRow[], curves: Record<string, CurvePoint[]>): Chart[] {
  return [
    ...rampCharts(record, rampLimits(record)),
    throughputChart(record, rows),
    latencyChart(record),
    curveChart(curves),
    timeseriesChart(record),
    resourcesChart(record),
  ];
}
