import { repetitionLabel } from '../results/cell-result.ts';
import { processingLag } from '../analysis/processing-lag.ts';
import type { RunRecord } from '../results/run-record.ts';
import type { RepetitionCurve } from './histograms-to-percentile-curve.ts';
import { cellLatency, cellMsgsPerSec } from '../analysis/cell-metrics.ts';
import type { SummaryRow } from '../analysis/run-to-summary.ts';
import type { Chart } from './chart.ts';
import { rampLimits } from '../analysis/ramp-to-limits.ts';
import { rampCharts } from './ramp-charts.ts';
import { variantNames } from '../analysis/run-to-summary.ts';
import type { BrokerSecond } from '../metrics/broker-metrics.ts';

const schema = 'https://vega.github.io/schema/vega-lite/v6.json';
const width = 520;
/**
 * Whole names everywhere (Vega cuts legend and axis labels at 160 px with "…", and compared variants are long), and
 * legends below the plot so long names take the page's width, not the chart's.
 */
const config = { legend: { labelLimit: 0, titleLimit: 0, orient: 'bottom', columns: 2 }, axis: { labelLimit: 0 }, header: { labelLimit: 0 } };
/** Variants in the order the experiment file lists them (Vega-Lite sorts facets and legends alphabetically: 0, 20, 5). */
const variantOrder = (record: RunRecord) => variantNames(record);
/** Row facets' titles above each panel, left-aligned: rotated beside 130-pixel panels, long titles ran into each other. */
const rowHeader = { labelAngle: 0, labelOrient: 'top', labelAnchor: 'start', labelFontWeight: 'bold', labelFontSize: 12 };
/** Small multiples wrap after this many per row: six variants side by side were wider than the page. */
const facetColumns = 2;

function throughputChart(record: RunRecord, rows: SummaryRow[]): Chart {
  const means = rows
    .filter((r) => !Number.isNaN(r.msgsPerSec.mean))
    .map((r) => ({ variant: r.variant, mean: r.msgsPerSec.mean, low: r.msgsPerSec.low ?? r.msgsPerSec.mean, high: r.msgsPerSec.high ?? r.msgsPerSec.mean }));
  const points = record.cells
    .filter((c) => c.status === 'completed')
    .map((c) => ({ variant: c.variant, repetition: c.repetition, msgsPerSec: cellMsgsPerSec(c) }));
  const x = { field: 'variant', type: 'nominal', sort: variantOrder(record), title: null };
  return {
    id: 'throughput',
    title:
      'Throughput: msgs/s intended inside the measured window and consumed before it ended (acknowledged, for producer-only variants), mean with 95 % CI, each repetition a dot',
    spec: {
      $schema: schema,
      config,
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
    title:
      'Latency percentiles per variant (end-to-end; send → ack for producer-only variants; from the intended send time at a fixed rate): bar = median over repetitions, dots = repetitions (log scale)',
    spec: {
      $schema: schema,
      config,
      data: { values },
      width: 160,
      facet: { column: { field: 'percentile', type: 'nominal', sort: ['p50', 'p99', 'p99.9'], title: null } },
      spec: {
        layer: [
          {
            mark: { type: 'bar', opacity: 0.6 },
            encoding: {
              x: { field: 'variant', type: 'nominal', sort: variantOrder(record), title: null },
              y: { aggregate: 'median', field: 'ms', type: 'quantitative', scale: { type: 'log' }, title: 'ms' },
            },
          },
          {
            mark: { type: 'point', filled: true, color: 'black' },
            encoding: {
              x: { field: 'variant', type: 'nominal', sort: variantOrder(record) },
              y: { field: 'ms', type: 'quantitative' },
              tooltip: [{ field: 'repetition' }, { field: 'ms', format: '.2f' }],
            },
          },
        ],
      },
    },
  };
}

function curveChart(record: RunRecord, curves: RepetitionCurve[]): Chart {
  const values = curves.flatMap(({ variant, repetition, points }) =>
    points.map((p) => ({ variant, repetition: repetitionLabel(repetition), run: `${variant} ${repetitionLabel(repetition)}`, ...p })),
  );
  return {
    id: 'percentile-curve',
    title:
      'Latency by percentile (HdrHistogram style; one line per repetition: colour = variant, dash = repetition; end-to-end, or send → ack for producer-only variants; from the intended send time at a fixed rate)',
    spec: {
      $schema: schema,
      config,
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
        color: { field: 'variant', type: 'nominal', sort: variantOrder(record) },
        strokeDash: { field: 'repetition', type: 'nominal', title: 'repetition' },
        detail: { field: 'run', type: 'nominal' },
        tooltip: [{ field: 'run' }, { field: 'percentile' }, { field: 'latencyMs', format: '.2f' }],
      },
    },
  };
}

function timeseriesChart(record: RunRecord): Chart {
  const values = record.cells.flatMap((c) => {
    const ts = c.timeseries;
    if (!ts) return [];
    const cell = { variant: c.variant, repetition: repetitionLabel(c.repetition), run: `${c.variant} ${repetitionLabel(c.repetition)}` };
    return [
      ...ts.producedPerSec.map((v, second) => ({ ...cell, second, series: 'produced/s', value: v })),
      ...ts.consumedPerSec.map((v, second) => ({ ...cell, second, series: 'consumed/s', value: v })),
      ...processingLag(ts).map((v, second) => ({ ...cell, second, series: 'processing lag: acknowledged − processed (messages)', value: v })),
      ...ts.lag.lag.map((v, i) => ({ ...cell, second: ts.lag.second[i], series: 'lag behind committed offsets (messages)', value: v })),
    ];
  });
  return {
    id: 'timeseries',
    title:
      'Produced/s, consumed/s and lag over time, per cell (warm-up and drain included; colour = variant, dash = repetition). Processing lag is what the processors had yet to read; the committed-offsets lag is log end minus what the group committed, so a consumer that commits every few seconds draws a sawtooth there while keeping up',
    spec: {
      $schema: schema,
      config,
      data: { values },
      facet: { row: { field: 'series', type: 'nominal', title: null, sort: null, header: rowHeader } },
      resolve: { scale: { y: 'independent' } },
      spec: {
        width,
        height: 130,
        mark: 'line',
        encoding: {
          x: { field: 'second', type: 'quantitative', title: 'seconds since start' },
          y: { field: 'value', type: 'quantitative', title: null },
          color: { field: 'variant', type: 'nominal', sort: variantOrder(record) },
          strokeDash: { field: 'repetition', type: 'nominal', title: 'repetition' },
          detail: { field: 'run', type: 'nominal' },
          tooltip: [{ field: 'run' }, { field: 'second' }, { field: 'value', format: ',.0f' }],
        },
      },
    },
  };
}

/** One chart per resource, a small multiple per variant (wrapped), every repetition drawn (dash = repetition). */
function resourceCharts(record: RunRecord): Chart[] {
  const metrics = [
    { id: 'cpu', title: 'CPU % (of one core)', of: (p: { cpuPercent: number[] }, i: number) => p.cpuPercent[i] },
    { id: 'memory', title: 'RSS MiB', of: (p: { rssMb: number[] }, i: number) => p.rssMb[i] },
  ];
  const cells = record.cells.filter((c) => c.resources?.length);
  if (cells.length === 0) return [];
  return metrics.map((metric) => ({
    id: `resources-${metric.id}`,
    title: `${metric.title} per process over time, brokers included: one panel per variant, colour = process, dash = repetition (warm-up and drain included; the summary's figures cover the measured phase only)`,
    spec: panelsPerVariant(
      record,
      cells.flatMap((c) =>
        c.resources!.flatMap((p) =>
          p.second.map((second, i) => ({ variant: c.variant, repetition: repetitionLabel(c.repetition), line: p.name, second, value: metric.of(p, i) })),
        ),
      ),
      { line: 'process', yTitle: metric.title },
    ),
  }));
}

/**
 * Lines over time, a panel per variant (wrapped, in file order), colour = `line` (a process, a broker), dash =
 * repetition: the shape every per-process and per-broker chart of the report shares.
 */
function panelsPerVariant(
  record: RunRecord,
  values: Array<{ variant: string; repetition: string; line: string; second: number; value: number | undefined }>,
  options: { line: string; yTitle: string | null },
): Record<string, unknown> {
  return {
    $schema: schema,
    config,
    data: { values },
    facet: { field: 'variant', type: 'nominal', sort: variantOrder(record), title: null },
    columns: facetColumns,
    spec: {
      width: 300,
      height: 130,
      mark: 'line',
      encoding: {
        x: { field: 'second', type: 'quantitative', title: 'seconds since start' },
        y: { field: 'value', type: 'quantitative', title: options.yTitle },
        color: { field: 'line', type: 'nominal', title: options.line },
        strokeDash: { field: 'repetition', type: 'nominal', title: 'repetition' },
        detail: { field: 'repetition', type: 'nominal' },
        tooltip: [{ field: 'line', title: options.line }, { field: 'repetition' }, { field: 'second' }, { field: 'value', format: '.1f' }],
      },
    },
  };
}

/** The brokers' own metrics a chart per figure, a panel per variant (wrapped), colour = broker, dash = repetition. */
function brokerMetricsCharts(record: RunRecord): Chart[] {
  const cells = record.cells.filter((c) => c.brokerMetrics?.some((broker) => broker.figures.length));
  if (cells.length === 0) return [];
  const figures: Array<{ id: string; title: string; of: (second: BrokerSecond) => number | undefined }> = [
    { id: 'messages-in', title: 'messages in/s (leaders and followers)', of: (s) => s.messagesInPerSec },
    { id: 'produce-p99', title: 'produce request time p99, ms (Kafka’s own)', of: (s) => s.produceP99Ms },
    { id: 'produce-mean', title: 'produce request time mean, ms (the requests of each second)', of: (s) => s.produceMeanMs },
    { id: 'handler-idle', title: 'request handler idle % (single seconds can pass 100)', of: (s) => s.requestHandlerIdlePercent },
  ];
  return figures.map((figure) => ({
    id: `broker-${figure.id}`,
    title: `Brokers: ${figure.title}, per broker over time, from its JMX metrics: one panel per variant, colour = broker, dash = repetition`,
    spec: panelsPerVariant(
      record,
      cells.flatMap((c) =>
        c.brokerMetrics!.flatMap((broker) =>
          broker.second.flatMap((second, i) => {
            const value = figure.of(broker.figures[i]!);
            return value === undefined ? [] : [{ variant: c.variant, repetition: repetitionLabel(c.repetition), line: broker.name, second, value }];
          }),
        ),
      ),
      { line: 'broker', yTitle: null },
    ),
  }));
}

/** Every chart of a run report, from the run record and each variant's merged percentile curve. */
export function runToCharts(record: RunRecord, rows: SummaryRow[], curves: RepetitionCurve[]): Chart[] {
  return [
    ...rampCharts(record, rampLimits(record)),
    throughputChart(record, rows),
    latencyChart(record),
    curveChart(record, curves),
    timeseriesChart(record),
    ...resourceCharts(record),
    ...brokerMetricsCharts(record),
  ];
}
