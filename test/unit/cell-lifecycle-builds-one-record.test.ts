import { describe, expect, it } from 'vitest';
import { setupDefaults } from '../../harness/experiment-file/defaults.ts';
import type { Experiment, Variant } from '../../harness/experiment-file/load-experiment.ts';
import type { CellFigures } from '../../harness/results/cell-result.ts';
import type { LoadOutcome } from '../../harness/runner/cell/cell-load.ts';
import { cellOutcome } from '../../harness/runner/cell/cell-outcome.ts';
import { type CellContext, planCell } from '../../harness/runner/cell/cell-plan.ts';
import { drain } from '../../harness/runner/cell/drain.ts';

const variant = { name: 'json', setup: setupDefaults } as unknown as Variant;
/** Only what planning and the outcome read: no cluster, no admin, nothing started. */
const context = {
  experiment: {} as Experiment,
  variant,
  cell: { index: 2, variant: 'json', repetition: 1 },
  runId: 'r',
  runDir: '/tmp/run',
} as unknown as CellContext;
const plan = planCell(context);

const figures: CellFigures = {
  produced: { attempted: 1000, acked: 1000, errors: 0 },
  consumed: { received: 1000, unique: 1000, duplicates: 0 },
  lost: 0,
  throughput: { producedPerSec: 100, consumedPerSec: 100, mbPerSec: 0.1 },
  latency: { produce: { count: 1000, mean: 2, p50: 2, p95: 3, p99: 4, p999: 5, max: 6 } },
  timeseries: { second: [0, 1], producedPerSec: [100, 100], consumedPerSec: [100, 100], lag: { second: [], lag: [] } },
};
const loadOutcome = (change: Partial<LoadOutcome> = {}): LoadOutcome => ({
  figures,
  measuredMs: 10_000,
  interrupted: false,
  drained: true,
  errors: [],
  ...change,
});

describe('a cell record is built once from its phases', () => {
  it('names the cell, its topic, group and files from the run and its index', () => {
    expect(plan.name).toBe('003-json-r1');
    expect(plan.topic).toBe('kafka-lab-r-3');
    expect(plan.groupId).toBe('kafka-lab-r-3-processors');
    expect(plan.files).toEqual({ logs: 'cells/003-json-r1', histograms: 'cells/003-json-r1/histograms.json' });
  });

  it('a load that ran to the end is completed, with its loss and the collectors parts merged in order', () => {
    const result = cellOutcome(plan, {
      outcome: loadOutcome(),
      parts: [
        { lag: { second: [0, 1], lag: [5, 0] } },
        { profileReports: [{ process: 'generator-1', kind: 'flamegraph', file: 'a.html' }], errors: ['first'] },
        { profileReports: [{ process: 'broker-1', kind: 'jfr-flamegraph', file: 'b.html' }], errors: ['second'] },
      ],
    });
    expect(result.status).toBe('completed');
    expect(result.lost).toBe(0);
    expect(result.timeseries?.lag).toEqual({ second: [0, 1], lag: [5, 0] });
    expect(result.profileReports?.map((r) => r.process)).toEqual(['generator-1', 'broker-1']);
    expect(result.errors).toEqual(['first', 'second']);
  });

  it('processors that never caught up leave loss unassessed, not zero', () => {
    const result = cellOutcome(plan, { outcome: loadOutcome({ drained: false, errors: ['behind'] }), parts: [] });
    expect(result.status).toBe('completed');
    expect(result).not.toHaveProperty('lost');
    expect(result.errors).toEqual(['behind']);
  });

  it('an interrupt keeps what was measured, marked; under a second of it keeps no rates or latency', () => {
    const long = cellOutcome(plan, { outcome: loadOutcome({ interrupted: true, measuredMs: 4_000 }), parts: [] });
    expect(long.status).toBe('aborted');
    expect(long.reason).toBe('interrupted after 4.0 s of the measured phase; figures cover only that part');
    expect(long.throughput).toEqual(figures.throughput);
    const short = cellOutcome(plan, { outcome: loadOutcome({ interrupted: true, measuredMs: 400, drained: false }), parts: [] });
    expect(short.reason).toContain('too short for throughput or latency; loss not assessed');
    expect(short).not.toHaveProperty('throughput');
    expect(short).not.toHaveProperty('lost');
    expect(short.produced).toEqual(figures.produced);
  });

  it('a load that says why it measured nothing fails with that reason and keeps what it has', () => {
    const windows = { windows: [] };
    const result = cellOutcome(plan, {
      outcome: { figures: { producerPerformance: windows }, measuredMs: 10_000, interrupted: false, drained: true, reason: 'no window', errors: [] },
      parts: [],
    });
    expect(result).toMatchObject({ status: 'failed', reason: 'no window', producerPerformance: windows });
  });

  it('a cell that stopped before its load reported is failed, or aborted after an interrupt, with the collectors parts', () => {
    const failed = cellOutcome(plan, { failure: { interrupted: false, message: 'topic creation failed' }, parts: [{ resources: [] }] });
    expect(failed).toMatchObject({ status: 'failed', reason: 'topic creation failed', resources: [] });
    expect(cellOutcome(plan, { failure: { interrupted: true, message: 'interrupted' }, parts: [] })).toMatchObject({
      status: 'aborted',
      reason: 'interrupted',
    });
  });
});

describe('the drain', () => {
  const processor = (latestProgress: number, idleMs = 0) => ({ latestProgress, lastProgressAt: Date.now() - idleMs });

  it('ends as soon as the processors hold every acknowledged message', async () => {
    const started = Date.now();
    expect(await drain([processor(600), processor(400)], 1000, { maxMs: 5_000, pollMs: 5 })).toBe(true);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('gives up on a stalled group: no progress for longer than the stall allows', async () => {
    expect(await drain([processor(10, 500)], 1000, { maxMs: 5_000, stallMs: 100, pollMs: 5 })).toBe(false);
  });

  it('waits while processors make progress, up to its budget, and counts down', async () => {
    const moving = { latestProgress: 0, lastProgressAt: Date.now() };
    const timer = setInterval(() => {
      moving.latestProgress += 10;
      moving.lastProgressAt = Date.now();
    }, 5);
    const shown: number[] = [];
    const caughtUp = await drain([moving], 1_000_000, { maxMs: 150, stallMs: 100, pollMs: 5, countdown: (s) => shown.push(s) });
    clearInterval(timer);
    expect(caughtUp).toBe(false);
    expect(shown).toEqual([1]);
  });

  it('stops at once when the user insists (a second Ctrl-C)', async () => {
    const hurry = new AbortController();
    hurry.abort();
    const started = Date.now();
    expect(await drain([processor(10)], 1000, { maxMs: 5_000, hurry: hurry.signal })).toBe(false);
    expect(Date.now() - started).toBeLessThan(100);
  });
});
