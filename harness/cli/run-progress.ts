import { repetitionLabel } from '../results/cell-result.ts';
import cliProgress from 'cli-progress';
import type { RunEvents } from '../runner/run-experiment.ts';
import type { LiveSecond } from '../runner/cell/cell-plan.ts';
import { formatDuration } from '../experiment-file/duration.ts';
import { cellSeconds } from '../experiment-file/plan-estimate.ts';
import type { Experiment } from '../experiment-file/load-experiment.ts';
import { info } from './output.ts';

/** bar: a live progress bar on a terminal; plain: one line per step (logs, CI); quiet: failures only. */
export type ProgressMode = 'bar' | 'plain' | 'quiet';

export function pickProgressMode(options: { quiet?: boolean; plain?: boolean }): ProgressMode {
  if (options.quiet) return 'quiet';
  return options.plain || !process.stderr.isTTY ? 'plain' : 'bar';
}

/** How often --plain prints the acknowledged rate while a cell generates. */
const plainRateEverySeconds = 5;

const perSecond = (seconds: LiveSecond[], of: (second: LiveSecond) => number | undefined) =>
  Math.round(seconds.reduce((sum, second) => sum + (of(second) ?? 0), 0) / seconds.length).toLocaleString('en-US');

/** `--plain`'s periodic line: rates over the last seconds, and the worst second's end-to-end p99 while measuring. */
export function liveLine(seconds: LiveSecond[]): string {
  const p99s = seconds.map((second) => second.p99Ms).filter((p99): p99 is number => p99 !== undefined);
  return (
    [
      `${perSecond(seconds, (second) => second.ackedPerSec)} msg/s acknowledged`,
      ...(seconds.some((second) => second.processedPerSec !== undefined) ? [`${perSecond(seconds, (second) => second.processedPerSec)} processed`] : []),
      ...(p99s.length ? [`end-to-end p99 ${Math.max(...p99s).toFixed(1)} ms (worst second)`] : []),
    ].join(', ') + ` (last ${seconds.length} s)`
  );
}

const cellLine = (cell: { index: number; total: number; variant: string; repetition: number }) =>
  `cell ${cell.index + 1}/${cell.total} ${cell.variant} ${repetitionLabel(cell.repetition)}`;

/** Turns the runner's events into what the user sees on stderr; the runner itself never prints. */
export function runProgress(mode: ProgressMode, experiment: Experiment): RunEvents & { stop(): void } {
  const doneLine = (cell: { variant: string; repetition: number; status: string; reason?: string }, done: number, total: number) =>
    `cell ${done}/${total} ${cell.variant} ${repetitionLabel(cell.repetition)}: ${cell.status}${cell.reason ? ` (${cell.reason})` : ''}`;
  if (mode === 'quiet') {
    return {
      onCellDone: (cell, done, total) => {
        if (cell.status !== 'completed') info(doneLine(cell, done, total));
      },
      stop: () => {},
    };
  }
  if (mode === 'plain') {
    // As every perf tool does: a throughput and latency line every few seconds while a cell generates.
    let seconds: LiveSecond[] = [];
    return {
      onProgress: info,
      onCellPhase: (cell, phase) => {
        seconds = [];
        info(`${cellLine(cell)}: ${phase}`);
      },
      onLive: (second) => {
        seconds.push(second);
        if (seconds.length < plainRateEverySeconds) return;
        info(`  ${liveLine(seconds)}`);
        seconds = [];
      },
      onCellDone: (cell, done, total) => info(doneLine(cell, done, total)),
      stop: () => {},
    };
  }
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: '{bar} {value}/{total} cells | {step} | {rate} msg/s | ETA {left}',
      hideCursor: true,
      clearOnComplete: false,
    },
    cliProgress.Presets.shades_classic,
  );
  const perCell = cellSeconds(experiment);
  let done = 0;
  let started = false;
  const left = () => formatDuration(Math.max(0, experiment.cells.length - done) * perCell * 1000);
  // Started on the first event, so lines printed before the run (the results folder) stay above the bar.
  const update = (payload: Record<string, string>, value?: number) => {
    if (!started) bar.start(experiment.cells.length, 0, { step: '', rate: '-', left: left() });
    started = true;
    if (value === undefined) bar.update(payload);
    else bar.update(value, payload);
  };
  return {
    onProgress: (line) => update({ step: line }),
    onCellPhase: (cell, phase) => update({ step: `${cellLine(cell)}: ${phase}`, left: left() }),
    onLive: (second) => update({ rate: String(second.ackedPerSec) }),
    onCellDone: (cell) => {
      done++;
      update({ step: `${cell.variant} ${repetitionLabel(cell.repetition)}: ${cell.status}`, rate: '-', left: left() }, done);
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}
