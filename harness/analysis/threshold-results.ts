import { figureCatalog } from '../figures/catalog.ts';
import { meets, type Threshold } from '../experiment-file/thresholds.ts';
import type { RunRecord } from '../results/run-record.ts';
import type { SummaryRow } from './run-to-summary.ts';
import { metricValueOf } from './summary-metric-values.ts';

/** One threshold checked against one variant's summary. */
export interface ThresholdResult {
  variant: string;
  metric: Threshold['metric'];
  condition: string;
  /** Undefined when the variant did not measure the metric (no completed cell, or no processors for end-to-end). */
  measured?: number;
  passed: boolean;
  text: string;
}

const shown = (value: number) => (Number.isInteger(value) ? value.toLocaleString('en-US') : value.toLocaleString('en-US', { maximumFractionDigits: 2 }));

/**
 * Every threshold of the run against every variant it applies to. A metric the variant did not measure fails:
 * a condition nobody could check has not held.
 */
export function thresholdResults(record: Pick<RunRecord, 'thresholds'>, rows: SummaryRow[]): ThresholdResult[] {
  return (record.thresholds ?? []).flatMap((threshold) =>
    rows
      .filter((row) => !threshold.variants || threshold.variants.includes(row.variant))
      .map((row): ThresholdResult => {
        const { unit } = figureCatalog[threshold.metric];
        const measured = metricValueOf(threshold.metric, row)?.value;
        const base = { variant: row.variant, metric: threshold.metric, condition: threshold.condition };
        if (measured === undefined) {
          return {
            ...base,
            passed: false,
            text: `FAIL ${row.variant}: ${threshold.metric} ${threshold.condition} — not measured (${row.completed} completed cell(s))`,
          };
        }
        const passed = meets(threshold, measured);
        return {
          ...base,
          measured,
          passed,
          text: `${passed ? 'PASS' : 'FAIL'} ${row.variant}: ${threshold.metric} ${threshold.condition} — measured ${shown(measured)} ${unit}`,
        };
      }),
  );
}
