import type { FigureName } from '../figures/catalog.ts';
import type { SummaryRow } from './run-to-summary.ts';

/** A metric's value in a summary row, with its 95 % interval where the summary has one. */
export interface MetricValue {
  value: number;
  low?: number;
  high?: number;
}

/**
 * A catalog figure's value in a summary row, as thresholds and the history read it; undefined when the variant did
 * not measure it. msgs/s carries its interval.
 */
export function metricValueOf(metric: FigureName, row: SummaryRow): MetricValue | undefined {
  if (metric === 'msgsPerSec') {
    const { mean, low, high } = row.msgsPerSec;
    if (row.completed === 0 || Number.isNaN(mean)) return undefined;
    return { value: mean, ...(low !== undefined ? { low } : {}), ...(high !== undefined ? { high } : {}) };
  }
  const value = row.figures[metric];
  return value === undefined || Number.isNaN(value) ? undefined : { value };
}
