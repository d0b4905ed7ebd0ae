import { describe, expect, it } from 'vitest';
import { judgeRampStep, nextRampRate } from '../../harness/runner/ramp-search.ts';
import { rampBracket, rampConverged, type RampStep } from '../../harness/results/ramp-bracket.ts';
import type { RampConfig } from '../../harness/experiment-file/ramp-config.ts';

const config: RampConfig = { from: 2000, factor: 2, maxSteps: 12, p99Ms: 100, precision: 0.1 };

/** Runs the search against a pipeline whose true limit is `limit` msgs/s. */
function search(limit: number, overrides: Partial<RampConfig> = {}): { steps: RampStep[]; converged: boolean } {
  const cfg = { ...config, ...overrides };
  const steps: RampStep[] = [];
  for (let rate = nextRampRate(cfg, steps); rate !== undefined; rate = nextRampRate(cfg, steps)) steps.push({ rate, sustainable: rate <= limit });
  return { steps, converged: rampConverged(cfg, steps) };
}

describe('the ramp search', () => {
  it('doubles while every step keeps up, then bisects the bracket until it is within the precision', () => {
    const { steps, converged } = search(11_000);
    expect(steps.slice(0, 4).map((s) => s.rate)).toEqual([2000, 4000, 8000, 16000]);
    expect(converged).toBe(true);
    const { good, bad } = rampBracket(steps);
    expect(good).toBeLessThanOrEqual(11_000);
    expect(bad).toBeGreaterThan(11_000);
    expect(bad! / good!).toBeLessThanOrEqual(1.1);
  });

  it('converges when the first step is already too fast: it halves, then bisects upwards', () => {
    const { steps, converged } = search(300);
    expect(steps.slice(0, 4).map((s) => s.rate)).toEqual([2000, 1000, 500, 250]);
    expect(converged).toBe(true);
    expect(rampBracket(steps).good).toBeLessThanOrEqual(300);
    expect(rampBracket(steps).bad).toBeGreaterThan(300);
  });

  it('stops at maxSteps without claiming convergence, and never repeats a rate', () => {
    const { steps, converged } = search(1e9, { maxSteps: 4 });
    expect(steps.map((s) => s.rate)).toEqual([2000, 4000, 8000, 16000]);
    expect(converged).toBe(false);
    const capped = search(10_001, { maxSteps: 30, precision: 0.0001 });
    expect(new Set(capped.steps.map((s) => s.rate)).size).toBe(capped.steps.length);
  });

  it('gives up below 1 msg/s when nothing is sustainable', () => {
    const { steps, converged } = search(0, { maxSteps: 30 });
    expect(steps.at(-1)!.rate).toBeGreaterThanOrEqual(1);
    expect(steps.every((s) => !s.sustainable)).toBe(true);
    expect(converged).toBe(false);
  });
});

describe('judging a step', () => {
  it('needs both: 95 % of the offered rate delivered and p99 within the SLO', () => {
    expect(judgeRampStep(config, { status: 'completed', achieved: 990, p99: 50 }, 1000).sustainable).toBe(true);
    expect(judgeRampStep(config, { status: 'completed', achieved: 900, p99: 50 }, 1000)).toEqual({
      sustainable: false,
      reason: 'delivered 900 of 1000 msgs/s offered (under 95 %)',
    });
    expect(judgeRampStep(config, { status: 'completed', achieved: 1000, p99: 150 }, 1000)).toEqual({
      sustainable: false,
      reason: 'p99 150.0 ms over the SLO of 100 ms',
    });
    expect(judgeRampStep(config, { status: 'failed', reason: 'generator-1 sent no generator-report within 140 s' }, 1000).sustainable).toBe(false);
  });
});
