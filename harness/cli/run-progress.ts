import cliProgress from 'cli-progress';
import type { RunEvents } from '../runner/run-experiment.ts';
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

const cellLine = (cell: { index: number; total: number; variant: string; repetition: number }) =>
  `cell ${cell.index + 1}/${cell.total} ${cell.variant} r${cell.repetition}`;

/** Turns the runner's events into what the user sees on stderr; the runner itself never prints. */
export function runProgress(mode: ProgressMode, experiment: Experiment): RunEvents & { stop(): void } {
  const doneLine = (cell: { variant: string; repetition: number; status: string; reason?: string }, done: number, total: number) =>
    `cell ${done}/${total} ${cell.variant} r${cell.repetition}: ${cell.status}${cell.reason ? ` (${cell.reason})` : ''}`;
  if (mode === 'quiet') {
    return {
      onCellDone: (cell, done, total) => {
        if (cell.status !== 'completed') info(doneLine(cell, done, total));
      },
      stop: () => {},
    };
  }
  if (mode === 'plain') {
    // As every perf tool does: a throughput line every few seconds while a cell generates.
    let seconds: number[] = [];
    return {
      onProgress: info,
      onCellPhase: (cell, phase) => {
        seconds = [];
        info(`${cellLine(cell)}: ${phase}`);
      },
      onLive: (ackedPerSec) => {
        seconds.push(ackedPerSec);
        if (seconds.length < plainRateEverySeconds) return;
        info(
          `  ${Math.round(seconds.reduce((sum, rate) => sum + rate, 0) / seconds.length).toLocaleString('en-US')} msg/s acknowledged (last ${seconds.length} s)`,
        );
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
    onLive: (rate) => update({ rate: String(rate) }),
    onCellDone: (cell) => {
      done++;
      update({ step: `${cell.variant} r${cell.repetition}: ${cell.status}`, rate: '-', left: left() }, done);
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}
