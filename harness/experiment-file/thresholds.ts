import { didYouMean } from '../util/did-you-mean.ts';
import { type FigureName, figureNames, figureCatalog } from '../figures/catalog.ts';

export type ThresholdOperator = '<' | '<=' | '>' | '>=' | '==' | '!=';

/** One condition on a summary metric, for every variant or for the variants named. */
export interface Threshold {
  metric: FigureName;
  /** As written in the file, e.g. `< 250ms`. */
  condition: string;
  operator: ThresholdOperator;
  /** In the metric's unit (ms for latencies, % for CPU and CV). */
  value: number;
  /** The variants it applies to; absent: every variant. */
  variants?: string[];
}

/** A problem with one threshold, at a key relative to the thresholds mapping. */
export interface ThresholdProblem {
  key: string;
  message: string;
  hint: string;
}

const conditionPattern = /^\s*(<=|>=|==|!=|<|>)\s*(-?\d[\d_]*(?:\.\d+)?)\s*(ms|s|%)?\s*$/;

/** What unit suffixes a metric accepts, and the factor each converts into the metric's unit. */
function suffixesOf(metric: FigureName): Record<string, number> {
  const unit = figureCatalog[metric].unit;
  if (unit === 'ms') return { '': 1, ms: 1, s: 1000 };
  if (unit === '%') return { '': 1, '%': 1 };
  return { '': 1 };
}

/**
 * A `thresholds` mapping (metric name → condition such as `">= 20000"`, `"< 250ms"`, `"== 0"`) as thresholds, or
 * the problems that make it invalid: unknown metric names (with did-you-mean), conditions that do not parse, units
 * that do not fit the metric.
 */
export function parseThresholds(mapping: Record<string, unknown>, variants?: string[]): { thresholds: Threshold[]; problems: ThresholdProblem[] } {
  const thresholds: Threshold[] = [];
  const problems: ThresholdProblem[] = [];
  for (const [key, condition] of Object.entries(mapping)) {
    if (!(figureNames as string[]).includes(key)) {
      problems.push({ key, message: 'is not a summary metric', hint: `${didYouMean(key, figureNames)}use one of ${figureNames.join(', ')}` });
      continue;
    }
    const metric = key as FigureName;
    const examples: Record<string, string> = { ms: '"< 250ms"', '%': '"< 90%"', messages: '"== 0"', 'msgs/s': '">= 20000"' };
    const example = examples[figureCatalog[metric].unit] ?? '"> 0"';
    const match = typeof condition === 'string' ? conditionPattern.exec(condition) : null;
    if (!match) {
      problems.push({
        key,
        message: `${JSON.stringify(condition)} is not a condition`,
        hint: `write an operator (<, <=, >, >=, ==, !=) and a number, quoted, e.g. ${example}`,
      });
      continue;
    }
    const [, operator, number, suffix = ''] = match;
    const factor = suffixesOf(metric)[suffix];
    if (factor === undefined) {
      problems.push({ key, message: `"${suffix}" is not a unit of ${metric} (${figureCatalog[metric].unit})`, hint: `e.g. ${example}` });
      continue;
    }
    thresholds.push({
      metric,
      condition: String(condition).trim(),
      operator: operator as ThresholdOperator,
      value: Number(number!.replace(/_/g, '')) * factor,
      ...(variants ? { variants } : {}),
    });
  }
  return { thresholds, problems };
}

/** Whether `value` meets the threshold. */
export function meets(threshold: Pick<Threshold, 'operator' | 'value'>, value: number): boolean {
  switch (threshold.operator) {
    case '<':
      return value < threshold.value;
    case '<=':
      return value <= threshold.value;
    case '>':
      return value > threshold.value;
    case '>=':
      return value >= threshold.value;
    case '==':
      return value === threshold.value;
    case '!=':
      return value !== threshold.value;
  }
}
