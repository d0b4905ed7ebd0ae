import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { failsGate, regressionGate, setupChanges } from '../../harness/analysis/regression-gate.ts';
import { isCompleted } from '../../harness/results/cell-result.ts';
import type { RunRecord } from '../../harness/results/run-record.ts';

const recorded = JSON.parse(readFileSync(path.join(import.meta.dirname, '..', 'fixtures', 'runs', 'quickstart', 'run.json'), 'utf8')) as RunRecord;
const template = recorded.cells.find(isCompleted)!;

/** A run of one variant whose repetitions carried these msgs/s at this p99. */
function run(msgsPerSec: number[], p99 = 10, rate = 1000): RunRecord {
  return {
    ...recorded,
    baseline: 'json',
    cells: msgsPerSec.map((msgs, i) => ({
      ...template,
      index: i,
      variant: 'json',
      repetition: i + 1,
      params: { ...template.params, workload: { ...template.params.workload, rate } },
      throughput: { producedPerSec: msgs, consumedPerSec: msgs, mbPerSec: 1 },
      latency: {
        ...template.latency!,
        endToEnd: { ...template.latency!.endToEnd!, p99: p99 + i * 0.1 },
        endToEndCorrected: { ...template.latency!.endToEndCorrected!, p99: p99 + i * 0.1 },
      },
    })),
  };
}

const baseline = run([1000, 1010, 990, 1005]);

describe('the regression gate', () => {
  it('calls a halved rate a regression, with the ratio and its interval, and fails', () => {
    const results = regressionGate(baseline, run([500, 505, 495, 502], 10, 500));
    const throughput = results.find((r) => r.metric === 'msgs/s')!;
    expect(throughput.status).toBe('regressed');
    expect(throughput.ratio).toBeCloseTo(0.5, 1);
    expect(throughput.text).toMatch(
      /^json \(msgs\/s\): REGRESSED — 0\.50× the baseline \(ratio of geometric means\), 95 % CI 0\.\d\d–0\.\d\d; one-sided Welch t on logs against 0\.95: p = 0\.000, Holm-adjusted 0\.000/,
    );
    expect(results.some(failsGate)).toBe(true);
  });

  it('passes the same setup measured again', () => {
    const results = regressionGate(baseline, run([1003, 995, 1008, 1000]));
    expect(results.map((r) => r.status)).toEqual(['no regression', 'no regression']);
    expect(results.some(failsGate)).toBe(false);
  });

  it('calls higher p99 latency beyond the tolerance a regression', () => {
    const latency = regressionGate(baseline, run([1000, 1010, 990, 1005], 20)).find((r) => r.metric === 'p99 latency')!;
    expect(latency.status).toBe('regressed');
  });

  it('a change inside the noise is not called a regression, and says more repetitions would tell', () => {
    const noisy = regressionGate(run([1000, 700, 1300, 1000]), run([950, 650, 1250, 960])).find((r) => r.metric === 'msgs/s')!;
    expect(noisy.status).toBe('undecided');
    expect(failsGate(noisy)).toBe(false);
  });

  it('cannot judge with fewer than 3 repetitions a side, or a variant the new run lacks: it says so and fails', () => {
    const few = regressionGate(baseline, run([500, 505]));
    expect(few.map((r) => r.status)).toEqual(['cannot judge', 'cannot judge']);
    expect(few[0]!.text).toContain('it takes 3 completed repetitions of each');
    const missing = regressionGate(baseline, { ...baseline, cells: baseline.cells.map((c) => ({ ...c, variant: 'other' })) });
    expect(missing[0]!.text).toContain('the new run has no such variant');
    expect([...few, ...missing].every(failsGate)).toBe(true);
  });

  it('names what the setup changed between the runs', () => {
    expect(setupChanges(baseline, run([500], 10, 500))).toEqual(['json: setup differs — workload.rate: 1000 → 500']);
    expect(setupChanges(baseline, baseline)).toEqual([]);
  });
});
