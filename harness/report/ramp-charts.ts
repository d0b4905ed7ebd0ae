import type { RunRecord } from '../results/run-record.ts';
import type { Chart } from './chart.ts';
import type { VariantLimit } from '../analysis/ramp-to-limits.ts';

const schema = 'https://vega.github.io/schema/vega-lite/v6.json';

/** Offered vs achieved rate, and p99 vs offered rate with the SLO as a rule, per variant. */
export function rampCharts(record: RunRecord, limits: VariantLimit[]): Chart[] {
  if (!record.ramp) return [];
  const values = limits.flatMap((limit) => limit.steps.map((step) => ({ variant: limit.variant, ...step, sustainable: step.sustainable ? 'yes' : 'no' })));
  const x = { field: 'offered', type: 'quantitative', scale: { type: 'log' }, title: 'offered msgs/s' };
  return [
    {
      id: 'ramp-throughput',
      title: 'Offered vs achieved msgs/s (the diagonal is keeping up)',
      spec: {
        $schema: schema,
        width: 520,
        height: 300,
        layer: [
          {
            data: { values },
            mark: { type: 'line', point: true },
            encoding: {
              x,
              y: { field: 'achieved', type: 'quantitative', scale: { type: 'log' }, title: 'achieved msgs/s' },
              color: { field: 'variant', type: 'nominal' },
              shape: { field: 'sustainable', type: 'nominal' },
            },
          },
          {
            data: { values: values.map((v) => ({ offered: v.offered, achieved: v.offered })) },
            mark: { type: 'line', strokeDash: [4, 4], color: '#999' },
            encoding: { x, y: { field: 'achieved', type: 'quantitative' } },
          },
        ],
      },
    },
    {
      id: 'ramp-latency',
      title: `End-to-end p99 vs offered rate (log scale; the rule is the SLO, ${record.ramp.p99Ms} ms)`,
      spec: {
        $schema: schema,
        width: 520,
        height: 300,
        layer: [
          {
            data: { values: values.filter((v) => v.p99 !== undefined) },
            mark: { type: 'line', point: true },
            encoding: { x, y: { field: 'p99', type: 'quantitative', scale: { type: 'log' }, title: 'p99 ms' }, color: { field: 'variant', type: 'nominal' } },
          },
          {
            data: { values: [{ slo: record.ramp.p99Ms }] },
            mark: { type: 'rule', color: '#c00', strokeDash: [6, 3] },
            encoding: { y: { field: 'slo', type: 'quantitative' } },
          },
        ],
      },
    },
  ];
}
