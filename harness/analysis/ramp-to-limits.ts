import type { RunRecord } from '../results/run-record.ts';
import { rampBracket, rampConverged } from '../results/ramp-bracket.ts';
import { cellMsgsPerSec, cellLatency } from './cell-metrics.ts';

/** One variant's result of a ramp: its steps and the maximum sustainable rate they bracket. */
export interface VariantLimit {
  variant: string;
  steps: Array<{ offered: number; achieved?: number; p99?: number; sustainable: boolean; reason: string }>;
  /** The highest offered rate (all producers) that met the SLO and kept up; undefined when none did. */
  maxSustainable?: number;
  /** The lowest offered rate above it that did not. */
  firstUnsustainable?: number;
  converged: boolean;
}

export function rampLimits(record: RunRecord): VariantLimit[] {
  if (!record.ramp) return [];
  const config = record.ramp;
  const variants = [...new Set(record.cells.filter((c) => c.ramp).map((c) => c.ramp!.variant))];
  return variants.map((variant) => {
    const cells = record.cells.filter((c) => c.ramp?.variant === variant);
    const steps = cells
      .map((c) => ({
        offered: c.ramp!.offeredRate,
        sustainable: c.ramp!.sustainable,
        reason: c.ramp!.reason,
        ...(cellMsgsPerSec(c) !== undefined ? { achieved: cellMsgsPerSec(c)! } : {}),
        ...(cellLatency(c) ? { p99: cellLatency(c)!.p99 } : {}),
      }))
      .sort((a, b) => a.offered - b.offered);
    const asSteps = steps.map((s) => ({ rate: s.offered, sustainable: s.sustainable }));
    const { good, bad } = rampBracket(asSteps);
    return {
      variant,
      steps,
      ...(good !== undefined ? { maxSustainable: good } : {}),
      ...(bad !== undefined ? { firstUnsustainable: bad } : {}),
      converged: rampConverged(config, asSteps),
    };
  });
}

export function limitText(limit: VariantLimit, precision: number): string {
  if (limit.maxSustainable === undefined) return `${limit.variant}: no offered rate met the SLO (lowest tried: ${limit.steps[0]?.offered ?? '?'} msgs/s)`;
  const bracket =
    limit.firstUnsustainable === undefined ? 'no rate tried was too fast: raise ramp.maxSteps or ramp.from' : `${limit.firstUnsustainable} msgs/s was not`;
  const converged = limit.converged ? `converged within ${Math.round(precision * 100)} %` : 'not converged: raise ramp.maxSteps';
  return `${limit.variant}: max sustainable ${limit.maxSustainable} msgs/s (${bracket}; ${converged}; ${limit.steps.length} steps)`;
}
