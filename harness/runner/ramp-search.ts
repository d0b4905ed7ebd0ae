import type { RampConfig } from '../experiment-file/ramp-config.ts';
import { rampBracket, rampConverged, type RampStep } from '../results/ramp-bracket.ts';

/** Slowest offered rate tried when even the first steps are too fast: below it the search gives up. */
const floorRate = 1;

/**
 * The next offered rate, or undefined when the search is over. Grows by `factor` while every step is sustainable,
 * shrinks by `factor` while none is (so a first step that is already too fast still converges), then bisects the
 * bracket geometrically until it is within `precision`.
 */
export function nextRampRate(config: RampConfig, steps: RampStep[]): number | undefined {
  if (steps.length >= config.maxSteps || rampConverged(config, steps)) return undefined;
  if (steps.length === 0) return config.from;
  const { good, bad } = rampBracket(steps);
  let next: number;
  if (bad === undefined) next = good! * config.factor;
  else if (good === undefined) next = Math.min(...steps.map((s) => s.rate)) / config.factor;
  else next = Math.sqrt(good * bad);
  next = Math.round(next);
  if (next < floorRate || steps.some((s) => s.rate === next)) return undefined;
  return next;
}

/** Share of the offered rate a step must deliver to count as keeping up. */
export const keepUpShare = 0.95;

/**
 * A step is sustainable when the pipeline kept up (delivered at least 95 % of the offered rate) and its
 * end-to-end p99, measured from the intended send times so a stalled producer cannot hide queueing, met the SLO.
 */
export function judgeRampStep(
  config: RampConfig,
  step: { status: string; reason?: string; achieved?: number; p99?: number },
  offeredRate: number,
): { sustainable: boolean; reason: string } {
  if (step.status !== 'completed') return { sustainable: false, reason: `the cell ${step.status}: ${step.reason ?? ''}`.trim() };
  const problems: string[] = [];
  if (step.achieved === undefined || step.achieved < keepUpShare * offeredRate)
    problems.push(`delivered ${Math.round(step.achieved ?? 0)} of ${offeredRate} msgs/s offered (under ${keepUpShare * 100} %)`);
  if (step.p99 === undefined || step.p99 > config.p99Ms) problems.push(`p99 ${step.p99?.toFixed(1) ?? '?'} ms over the SLO of ${config.p99Ms} ms`);
  return problems.length
    ? { sustainable: false, reason: problems.join('; ') }
    : { sustainable: true, reason: `kept up with p99 ${step.p99!.toFixed(1)} ms within ${config.p99Ms} ms` };
}
