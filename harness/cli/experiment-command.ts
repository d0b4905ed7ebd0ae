import { Command } from 'commander';
import { ExitCode, UserError } from '../errors.ts';
import { allOf, runExperiment } from '../runner/run-experiment.ts';
import { startLiveView } from '../live/live-view.ts';
import { modelToTerminal } from '../report/model-to-terminal.ts';
import { writeRunReport } from '../report/write-run-report.ts';
import { formatDuration } from '../experiment-file/duration.ts';
import { leaves, valueLabel } from '../experiment-file/deep-merge.ts';
import { listExperimentNames, loadExperiment, type Experiment } from '../experiment-file/load-experiment.ts';
import { distinctClusters, estimateMostSeconds, estimateSeconds } from '../experiment-file/plan-estimate.ts';
import { data, info } from './output.ts';
import { textTable } from '../report/text-table.ts';
import { interrupts } from './interrupts.ts';
import { pickProgressMode, runProgress, type ProgressMode } from './run-progress.ts';

function printPlan(experiment: Experiment): void {
  data(`experiment: ${experiment.name} (${experiment.file})`);
  if (experiment.description) data(`description: ${experiment.description}`);
  data(
    experiment.ramp
      ? `ramp: up to ${experiment.ramp.maxSteps} steps per variant from ${experiment.ramp.from} msgs/s per producer (×${experiment.ramp.factor}, then bisecting to ${experiment.ramp.precision * 100} %), SLO p99 ≤ ${experiment.ramp.p99Ms} ms: up to ${experiment.cells.length} cells; each ${experiment.warmup} warm-up + ${experiment.duration} measured`
      : `runs: ${experiment.variants.length} variant(s) × ${experiment.repetitions} repetition(s)${experiment.pilot ? ' after a pilot round (run, shown, not counted)' : ''} = ${experiment.cells.length} cells; each ${experiment.warmup} warm-up + ${experiment.duration} measured`,
  );
  if (!experiment.ramp) data(`order: ${experiment.order.shuffled ? `each round shuffled, seed ${experiment.order.seed}` : 'as written'}`);
  data(`baseline: ${experiment.baseline}`);
  data(
    `clusters: ${distinctClusters(experiment)
      .map((c) => `${c.provider} ${c.brokers} broker(s)${c.controllers ? ` + ${c.controllers} controller(s)` : ''}, Kafka ${c.kafkaVersion}`)
      .join('; ')}`,
  );
  data(
    `estimated duration: ~${formatDuration(estimateSeconds(experiment) * 1000)}${upTo(experiment)} (a guide, from this project's start-up bench on 2 cores)`,
  );
  data('');
  data(
    textTable(
      ['variant', 'sets'],
      experiment.variants.map((variant) => [
        variant.name,
        leaves(variant.overrides)
          .map(([key, value]) => `${key}=${valueLabel(value)}`)
          .join(' ') || '(the base as is)',
      ]),
    ),
  );
  data('');
  data(
    textTable(
      ['cell', 'variant', 'repetition'],
      experiment.cells.map((cell) => [String(cell.index + 1), cell.variant, cell.repetition === 0 ? 'pilot' : String(cell.repetition)]),
    ),
  );
}

async function printList(): Promise<void> {
  const rows: string[][] = [];
  for (const name of await listExperimentNames()) {
    try {
      const experiment = await loadExperiment(name);
      rows.push([name, String(experiment.cells.length), experiment.description]);
    } catch (error) {
      rows.push([name, '-', `INVALID: ${error instanceof UserError ? error.what : String(error)}`]);
    }
  }
  data(textTable(['experiment', 'cells', 'description'], rows));
}

/** With repetitions: auto, how long the run may take at most. */
function upTo(experiment: Experiment): string {
  const most = estimateMostSeconds(experiment);
  return most === undefined
    ? ''
    : `, up to ~${formatDuration(most * 1000)} if verdicts need all ${experiment.adaptive!.maxRepetitions} repetitions (repetitions: auto)`;
}

async function run(experiment: Experiment, mode: ProgressMode, livePort: number | undefined): Promise<void> {
  // The live view's port is taken (or refused) before anything starts.
  const live = livePort === undefined ? undefined : await startLiveView(experiment.name, livePort);
  if (live) info(`live view: ${live.url} (stops with the run)`);
  info(
    `${experiment.name}: ${experiment.cells.length} cells${experiment.adaptive ? ' to start with' : ''}, estimated ~${formatDuration(estimateSeconds(experiment) * 1000)}${upTo(experiment)}`,
  );
  const display = runProgress(mode, experiment);
  let ending = 'the run stopped before it began';
  const { runDir, record } = await runExperiment(experiment, {
    ...allOf(display, { onRunFolder: (dir) => info(`results: ${dir}`) }, live?.events ?? {}),
    signal: interrupts.stop,
    hurry: interrupts.hurry,
  })
    .then((done) => {
      ending = `the run ended: ${done.record.status}; its report is ${done.runDir}/report.html`;
      return done;
    })
    .finally(async () => {
      display.stop();
      await live?.close(ending);
    });
  // The report files first: the terminal shows the same model they were rendered from.
  const { model } = await writeRunReport(runDir);
  data(modelToTerminal(model));
  data(`run folder: ${runDir}`);
  if (record.status === 'interrupted') throw new UserError('the run was interrupted', `what was measured is in ${runDir}`, ExitCode.interrupted);
  if (record.status !== 'completed') throw new UserError('some cells failed', `their reasons are in ${runDir}/run.json`, ExitCode.environment);
  const failed = model.thresholds.filter((threshold) => !threshold.passed);
  if (failed.length) {
    throw new UserError(
      `${failed.length} of ${model.thresholds.length} threshold(s) failed`,
      `each is marked FAIL above and in ${runDir}/report.html`,
      ExitCode.thresholdFailed,
    );
  }
}

/** `--live` alone picks a free port; `--live 8080` asks for that one. */
function livePortOf(live: boolean | string | undefined): number | undefined {
  if (live === undefined || live === false) return undefined;
  if (live === true) return 0;
  const port = Number(live);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new UserError(`--live ${live}: not a port number`, 'give a port from 1024 to 65535, or --live alone to have one picked');
  return port;
}

/** `kafka-lab experiment <name>`: validate, plan, and (with the runner) run an experiment file. */
export function experimentCommand(): Command {
  return new Command('experiment')
    .description('run experiments/<name>.yaml (or a path to a .yaml) on a real cluster')
    .argument('[name]', "experiment name in experiments/, or a path to a .yaml file (a run folder's experiment.yaml runs that run again)")
    .option('--dry-run', 'validate and print the expanded plan (cells, estimated duration); start nothing')
    .option('--list', 'list the experiments in experiments/ with their descriptions')
    .option('--quiet', 'no progress output, only failed cells and the final summary')
    .option(
      '--plain',
      'one progress line per step, and every 5 s the rates acknowledged and processed and the end-to-end p99 of the worst second (from the intended send time at a fixed rate), instead of a live bar (the default when stderr is not a terminal)',
    )
    .option(
      '--live [port]',
      "serve a live view of the running cell on 127.0.0.1 (a free port unless one is given; the address is printed on stderr): rates, end-to-end p99, lag, CPU of every process, each broker's produce mean and p99, cells done",
    )
    .option('--set <key=value>', 'override a key for a quick try, e.g. --set topic.partitions=6 (repeatable)', (value: string, previous: string[] = []) => [
      ...previous,
      value,
    ])
    .action(
      async (
        name: string | undefined,
        options: { dryRun?: boolean; list?: boolean; set?: string[]; quiet?: boolean; plain?: boolean; live?: boolean | string },
      ) => {
        if (options.list) return printList();
        if (!name) throw new UserError('which experiment?', 'name one, e.g. `npm run experiment quickstart`, or see `npm run experiment -- --list`');
        const experiment = await loadExperiment(name, { set: options.set ?? [] });
        if (options.dryRun) return printPlan(experiment);
        await run(experiment, pickProgressMode(options), livePortOf(options.live));
      },
    );
}
