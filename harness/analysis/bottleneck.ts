import { frameOwner } from '../profile/frame-owner.ts';
import { cellAckLatency } from './cell-metrics.ts';
import type { CellResult } from '../results/cell-result.ts';
import type { RunRecord } from '../results/run-record.ts';
import { processingLag } from './processing-lag.ts';
import { busiestBrokerIdle, harnessCpu } from './run-to-summary.ts';

/** A cell's limit in plain words, and the rule that named it (docs/results.md lists the rules). */
export interface BottleneckReading {
  rule: 'machine' | 'generator' | 'processor' | 'broker' | 'consumption' | 'acknowledgements' | 'none' | 'unknown';
  text: string;
}

/** The thresholds the rules use; named so docs and tests quote the same numbers. */
export const bottleneckThresholds = {
  /** A Node process at or above this % of one core is saturated: Node runs its JavaScript on one thread. */
  saturatedProcessPercent: 90,
  /** The machine is saturated when all the processes measured together use this share of its cores. */
  saturatedMachineShare: 0.9,
  /** A broker whose request handlers idle less than this % has no headroom. */
  busyHandlersIdlePercent: 20,
  /** A fixed-rate cell whose acknowledged rate stayed under this share of the offered rate was not acknowledged in time. */
  acknowledgedShare: 0.95,
  /** Processing lag "grew all along" when it ended the window above this many seconds of the carried rate … */
  laggingSeconds: 1,
  /** … and rose in at least this share of the window's seconds. */
  risingShare: 0.6,
};

const percent = (value: number) => `${value.toFixed(0)} %`;

/**
 * The processing lag at the end of each second of the measured phase, and at its start. The timeseries' index i
 * counts what happened in [i, i + 1) seconds since the schedule's start (not the resource sampler's convention,
 * whose sample at s covers the second before it), so the phase [warm-up, warm-up + duration) is indices warm-up
 * to warm-up + duration − 1, and the lag at its start is the one at the end of index warm-up − 1.
 */
export function windowLag(cell: Pick<CellResult, 'timeseries'>, record: Pick<RunRecord, 'warmupMs' | 'durationMs'>): number[] {
  if (!cell.timeseries) return [];
  const first = Math.round(record.warmupMs / 1000);
  const end = Math.round((record.warmupMs + record.durationMs) / 1000);
  const lag = processingLag(cell.timeseries);
  return first > 0 ? [lag[first - 1] ?? 0, ...lag.slice(first, end)] : lag.slice(first, end);
}

/** Whether the processors fell further behind through the measured phase. */
function lagGrew(cell: CellResult, record: Pick<RunRecord, 'warmupMs' | 'durationMs'>): { from: number; to: number } | undefined {
  if (!cell.timeseries || !cell.throughput) return undefined;
  const lag = windowLag(cell, record);
  if (lag.length < 3) return undefined;
  const rises = lag.slice(1).filter((value, i) => value > lag[i]!).length;
  const rate = cell.throughput.producedPerSec;
  const end = lag.at(-1)!;
  return end > bottleneckThresholds.laggingSeconds * rate && end > lag[0]! && rises >= bottleneckThresholds.risingShare * (lag.length - 1)
    ? { from: lag[0]!, to: end }
    : undefined;
}

/**
 * What limited a completed cell, from what was measured, by the first rule that holds: processors falling behind
 * (at max rate the generator is always busy, so a growing lag says more), a broker without idle request handlers,
 * a saturated generator, a saturated processor. A machine whose cores were all busy is said beside it — on a shared
 * machine every process's speed is also a measure of sharing. Otherwise a fixed-rate cell that carried its rate was
 * limited by nothing, and a cell none of the rules explain is named as such: "unknown" is a finding, not a guess.
 */
export function bottleneck(cell: CellResult, record: RunRecord, carriedOffered: boolean): BottleneckReading {
  const inner = processBottleneck(cell, record, carriedOffered);
  const total = harnessCpu(cell, record, ['generator', 'processor', 'broker', 'controller']);
  const cores = record.environment.cpu.cores;
  if (total === undefined || total < bottleneckThresholds.saturatedMachineShare * cores * 100) return inner;
  const machine = `the machine's ${cores} cores, ${percent(total)} of ${cores * 100} % busy`;
  // A cell that carried its offered rate was limited by nothing, however busy the machine was around it.
  if (inner.rule === 'none') return { rule: 'none', text: `${inner.text}, though ${machine}` };
  return inner.rule === 'unknown' ? { rule: 'machine', text: machine } : { rule: inner.rule, text: `${inner.text}, on ${machine}` };
}

function processBottleneck(cell: CellResult, record: RunRecord, carriedOffered: boolean): BottleneckReading {
  const t = bottleneckThresholds;
  const saturated = (role: string) => {
    const busiest = (cell.resources ?? [])
      .filter((p) => p.role === role)
      .map((p) => ({ name: p.name, cpu: cell.windowCpu?.[p.name] ?? harnessCpu({ ...cell, resources: [p] }, record, [role]) }))
      .filter((entry): entry is { name: string; cpu: number } => entry.cpu !== undefined)
      .sort((a, b) => b.cpu - a.cpu)[0];
    return busiest && busiest.cpu >= t.saturatedProcessPercent ? busiest : undefined;
  };
  const lag = lagGrew(cell, record);
  if (lag) {
    const processor = saturated('processor');
    return {
      rule: 'consumption',
      text: `consumption: processing lag grew from ${lag.from.toLocaleString('en-US')} to ${lag.to.toLocaleString('en-US')} messages through the measured phase${processor ? ` (${processor.name} at ${percent(processor.cpu)} of a core)` : ''}`,
    };
  }
  const idle = busiestBrokerIdle(cell, record);
  if (idle !== undefined && idle < t.busyHandlersIdlePercent) {
    return { rule: 'broker', text: `the brokers: request handlers only ${percent(idle)} idle on the busiest broker` };
  }
  const generator = saturated('generator');
  const offered = cell.throughput?.offeredPerSec;
  const acknowledged = cell.throughput?.producedPerSec;
  if (!generator && offered !== undefined && acknowledged !== undefined && acknowledged < t.acknowledgedShare * offered) {
    const ack = cellAckLatency(cell);
    const ackP99 = ack ? `, ack p99 ${Math.round(ack.p99).toLocaleString('en-US')} ms` : '';
    // Processors that read the offered rate saw the brokers commit it: then the delivery reports reached the generator late.
    const consumed = cell.throughput?.consumedPerSec;
    const readInTime =
      consumed !== undefined && consumed >= t.acknowledgedShare * offered
        ? ` (the processors read ${Math.round(consumed).toLocaleString('en-US')} msgs/s: the delivery reports reached the generator late, not the brokers)`
        : '';
    return {
      rule: 'acknowledgements',
      text: `acknowledgements: ${Math.round(acknowledged).toLocaleString('en-US')} of ${offered.toLocaleString('en-US')} msgs/s offered were acknowledged inside the window${ackP99}, no generator saturated${readInTime}`,
    };
  }
  if (generator)
    return { rule: 'generator', text: `the generator: ${generator.name} at ${percent(generator.cpu)} of a core${profileLead(cell, generator.name)}` };
  const processor = saturated('processor');
  if (processor)
    return { rule: 'processor', text: `the processor: ${processor.name} at ${percent(processor.cpu)} of a core${profileLead(cell, processor.name)}` };
  if (carriedOffered) return { rule: 'none', text: 'nothing: it carried the offered rate with CPU and request handlers to spare' };
  const busiest = [...(cell.profiles ?? [])].sort((a, b) => b.busyMs - a.busyMs)[0];
  return {
    rule: 'unknown',
    text: `something the rules do not name: no process saturated, request handlers idle, no growing lag${busiest ? profileLead(cell, busiest.process) : ' (look at the profiles and the produce latency)'}`,
  };
}

/**
 * What a profiled process spent most of its time on, as the reading's last words ("; processor-1's profile is led by
 * JSON.parse (native) at 21 % self"): the pipeline's own frames only, the harness's measuring left out.
 */
function profileLead(cell: CellResult, process: string): string {
  const lead = cell.profiles?.find((profile) => profile.process === process)?.topFunctions.find((f) => frameOwner(f.location) === 'pipeline');
  return lead ? `; ${process}'s profile is led by ${lead.function} ${lead.location} at ${percent(lead.selfPercent)} self` : '';
}

type ReadingRow = { variant: string; limitedBy?: BottleneckReading };

/** A variant's readings over its completed repetitions, grouped by rule, the most frequent rule first. */
function readingsByRule(rows: ReadingRow[], variant: string): { groups: BottleneckReading[][]; count: number } {
  const readings = rows.filter((row) => row.variant === variant && row.limitedBy).map((row) => row.limitedBy!);
  const byRule = new Map<string, BottleneckReading[]>();
  for (const reading of readings) byRule.set(reading.rule, [...(byRule.get(reading.rule) ?? []), reading]);
  return { groups: [...byRule.values()].sort((a, b) => b.length - a.length), count: readings.length };
}

/** How often each rule limited a variant's completed repetitions, the most frequent first: "acknowledgements 2 of 3, none 1 of 3". */
export function ruleCounts(rows: ReadingRow[], variant: string): string | undefined {
  const { groups, count } = readingsByRule(rows, variant);
  return count === 0 ? undefined : groups.map((group) => `${group[0]!.rule} ${group.length} of ${count}`).join(', ');
}

/** Per variant, what limited its completed repetitions: the readings grouped by rule, the most frequent first. */
export function variantBottlenecks(rows: ReadingRow[]): Array<{ variant: string; text: string }> {
  return [...new Set(rows.map((row) => row.variant))].flatMap((variant) => {
    const { groups, count } = readingsByRule(rows, variant);
    if (count === 0) return [];
    const text = groups.map((group) => `${group[0]!.text} (${group.length} of ${count})`).join('; ');
    return [{ variant, text: `${variant} was limited by ${text}` }];
  });
}
