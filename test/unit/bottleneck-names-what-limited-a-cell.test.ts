import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isCompleted, type CompletedCell } from '../../harness/results/cell-result.ts';
import type { RunRecord } from '../../harness/results/run-record.ts';
import { bottleneck, bottleneckThresholds, ruleCounts, variantBottlenecks, windowLag } from '../../harness/analysis/bottleneck.ts';

const recorded = JSON.parse(readFileSync(path.join(import.meta.dirname, '..', 'fixtures', 'runs', 'quickstart', 'run.json'), 'utf8')) as RunRecord;
const template = recorded.cells.find(isCompleted)!;
// A 2-core record with 3 s warm-up and 10 s measured: the window is seconds 4..13.
const record: RunRecord = {
  ...recorded,
  warmupMs: 3000,
  durationMs: 10_000,
  environment: { ...recorded.environment, cpu: { ...recorded.environment.cpu, cores: 2 } },
};
const seconds = Array.from({ length: 16 }, (_, i) => i);
const flat = (value: number) => seconds.map(() => value);

/** A completed cell with these CPU levels, this much consumed per second, and optionally a broker's handler idle %. */
function cellWith(options: {
  generator: number;
  processor: number;
  broker: number;
  consumedPerSec?: number;
  acknowledgedPerSec?: number;
  handlerIdle?: number;
}): CompletedCell {
  const process = (name: string, role: 'generator' | 'processor' | 'broker', cpu: number) => ({
    name,
    role,
    pid: 1,
    second: seconds,
    cpuPercent: flat(cpu),
    rssMb: flat(100),
  });
  return {
    ...template,
    throughput: { producedPerSec: options.acknowledgedPerSec ?? 1000, consumedPerSec: options.consumedPerSec ?? 1000, mbPerSec: 1, offeredPerSec: 1000 },
    timeseries: {
      second: seconds,
      producedPerSec: flat(options.acknowledgedPerSec ?? 1000),
      consumedPerSec: flat(options.consumedPerSec ?? 1000),
      lag: { second: [], lag: [] },
    },
    resources: [
      process('generator-1', 'generator', options.generator),
      process('processor-1', 'processor', options.processor),
      process('broker-1', 'broker', options.broker),
    ],
    ...(options.handlerIdle !== undefined
      ? {
          brokerMetrics: [
            { name: 'broker-1', second: seconds, figures: seconds.map(() => ({ requestHandlerIdlePercent: options.handlerIdle })), failedScrapes: 0 },
          ],
        }
      : {}),
  };
}

describe('the bottleneck reading', () => {
  it('names a saturated generator', () => {
    expect(bottleneck(cellWith({ generator: 97, processor: 30, broker: 30 }), record, false)).toEqual({
      rule: 'generator',
      text: 'the generator: generator-1 at 97 % of a core',
    });
  });

  it('names a processor falling behind before a busy generator, since at max rate the generator is always busy', () => {
    const reading = bottleneck(cellWith({ generator: 85, processor: 92, broker: 1, consumedPerSec: 400 }), record, false);
    expect(reading.rule).toBe('consumption');
    expect(reading.text).toMatch(
      /^consumption: processing lag grew from [\d,]+ to [\d,]+ messages through the measured phase \(processor-1 at 92 % of a core\)$/,
    );
  });

  it(`names a broker whose request handlers idle under ${bottleneckThresholds.busyHandlersIdlePercent} %`, () => {
    expect(bottleneck(cellWith({ generator: 40, processor: 30, broker: 60, handlerIdle: 3 }), record, false).rule).toBe('broker');
    expect(bottleneck(cellWith({ generator: 40, processor: 30, broker: 60, handlerIdle: 60 }), record, true).rule).toBe('none');
  });

  it('says the machine was saturated beside the process that limited, or alone', () => {
    const busy = bottleneck(cellWith({ generator: 95, processor: 50, broker: 50 }), record, false);
    expect(busy).toEqual({ rule: 'generator', text: "the generator: generator-1 at 95 % of a core, on the machine's 2 cores, 195 % of 200 % busy" });
    expect(bottleneck(cellWith({ generator: 80, processor: 60, broker: 60 }), record, false)).toMatchObject({ rule: 'machine' });
  });

  it('calls a cell that carried its offered rate limited by nothing, even on a busy machine', () => {
    expect(bottleneck(cellWith({ generator: 80, processor: 60, broker: 60 }), record, true)).toEqual({
      rule: 'none',
      text: "nothing: it carried the offered rate with CPU and request handlers to spare, though the machine's 2 cores, 200 % of 200 % busy",
    });
  });

  it('names acknowledgements that fell short of a fixed rate while no generator was saturated', () => {
    const reading = bottleneck(cellWith({ generator: 30, processor: 20, broker: 20, acknowledgedPerSec: 400, consumedPerSec: 400 }), record, false);
    expect(reading.rule).toBe('acknowledgements');
    expect(reading.text).toMatch(
      /^acknowledgements: 400 of 1,000 msgs\/s offered were acknowledged inside the window(, ack p99 [\d,]+ ms)?, no generator saturated$/,
    );
    const lateReports = bottleneck(cellWith({ generator: 30, processor: 20, broker: 20, acknowledgedPerSec: 400, consumedPerSec: 1000 }), record, false);
    expect(lateReports.text).toMatch(/\(the processors read 1,000 msgs\/s: the delivery reports reached the generator late, not the brokers\)$/);
    // A saturated generator could not send the rate in the first place: that is what it says then.
    expect(bottleneck(cellWith({ generator: 95, processor: 20, broker: 20, acknowledgedPerSec: 400, consumedPerSec: 400 }), record, false).rule).toBe(
      'generator',
    );
  });

  it('calls a fixed-rate cell that carried its rate limited by nothing, and leaves an unexplained one unnamed', () => {
    expect(bottleneck(cellWith({ generator: 20, processor: 20, broker: 20 }), record, true).rule).toBe('none');
    expect(bottleneck(cellWith({ generator: 20, processor: 20, broker: 20 }), record, false).rule).toBe('unknown');
  });

  it("adds what a profiled process spent most on, leaving the harness's own frames out", () => {
    const profiled = {
      ...cellWith({ generator: 20, processor: 91, broker: 20 }),
      profiles: [
        {
          process: 'processor-1',
          cpuprofile: 'p.cpuprofile',
          busyMs: 9000,
          idleMs: 100,
          topFunctions: [
            { function: 'waitForWorker', location: 'node:internal/modules/esm/hooks:585', selfMs: 900, totalMs: 900, selfPercent: 10, totalPercent: 10 },
            { function: 'commit', location: 'node_modules/pg/lib/client.js:500', selfMs: 600, totalMs: 600, selfPercent: 6.6, totalPercent: 6.6 },
          ],
        },
      ],
    };
    expect(bottleneck(profiled, record, false).text).toBe(
      "the processor: processor-1 at 91 % of a core; processor-1's profile is led by commit node_modules/pg/lib/client.js:500 at 7 % self",
    );
  });

  it('counts the rules behind a variant for its throughput verdict', () => {
    const generator = { rule: 'generator' as const, text: '' };
    const none = { rule: 'none' as const, text: '' };
    const rows = [
      { variant: 'a', limitedBy: none },
      { variant: 'a', limitedBy: generator },
      { variant: 'a', limitedBy: generator },
      { variant: 'a' },
      { variant: 'b', limitedBy: none },
    ];
    expect(ruleCounts(rows, 'a')).toBe('generator 2 of 3, none 1 of 3');
    expect(ruleCounts(rows, 'b')).toBe('none 1 of 1');
    expect(ruleCounts(rows, 'c')).toBeUndefined();
  });

  it('groups a variant’s readings by rule, the most frequent first', () => {
    const generator = { rule: 'generator' as const, text: 'the generator: generator-1 at 97 % of a core' };
    const machine = { rule: 'machine' as const, text: 'the machine' };
    expect(
      variantBottlenecks([
        { variant: 'a', limitedBy: machine },
        { variant: 'a', limitedBy: generator },
        { variant: 'a', limitedBy: generator },
      ]),
    ).toEqual([{ variant: 'a', text: 'a was limited by the generator: generator-1 at 97 % of a core (2 of 3); the machine (1 of 3)' }]);
  });
});

describe('the processing lag the consumption rule reads', () => {
  it('is sliced on the measured phase exactly: the lag before it and at the end of each of its seconds, not the drain’s first second', () => {
    // 3 s warm-up, 10 s measured: timeseries index i counts [i, i + 1), so the phase is indices 3..12. The
    // processors read 800 of 1,000 msgs/s through the phase (lag grows 200 a second), then the drain lets them
    // catch up in index 13. Sliced one second late, the window ended on the drain's 0 and nothing grew.
    const produced = seconds.map((s) => (s < 13 ? 1000 : 0));
    const consumed = seconds.map((s) => (s < 3 ? 1000 : s < 13 ? 800 : s === 13 ? 2000 : 0));
    const cell = {
      ...cellWith({ generator: 50, processor: 95, broker: 30 }),
      timeseries: { second: seconds, producedPerSec: produced, consumedPerSec: consumed, lag: { second: [], lag: [] } },
    };
    expect(windowLag(cell, record)).toEqual([0, 200, 400, 600, 800, 1000, 1200, 1400, 1600, 1800, 2000]);
    const reading = bottleneck(cell, { ...record, environment: { ...record.environment, cpu: { ...record.environment.cpu, cores: 8 } } }, false);
    expect(reading.rule).toBe('consumption');
    expect(reading.text).toContain('from 0 to 2,000 messages');
  });
});
