import type { RampConfig } from '../experiment-file/ramp-config.ts';

/** One step's outcome. */
export interface RampStep {
  rate: number;
  sustainable: boolean;
}

/**
 * Where the maximum sustainable rate lies after `steps`: the highest sustainable rate seen and the lowest
 * unsustainable one above it.
 */
export function rampBracket(steps: RampStep[]): { good?: number; bad?: number } {
  const good = Math.max(...steps.filter((s) => s.sustainable).map((s) => s.rate), -Infinity);
  const bad = Math.min(...steps.filter((s) => !s.sustainable && s.rate > good).map((s) => s.rate), Infinity);
  return { ...(Number.isFinite(good) ? { good } : {}), ...(Number.isFinite(bad) ? { bad } : {}) };
}

export function rampConverged(config: RampConfig, steps: RampStep[]): boolean {
  const { good, bad } = rampBracket(steps);
  return good !== undefined && bad !== undefined && bad / good <= 1 + config.precision;
}
