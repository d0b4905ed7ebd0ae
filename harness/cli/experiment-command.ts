import { Command } from 'commander';
import { UserError } from '../errors.ts';
import { formatDuration } from '../spec/duration.ts';
import { listExperimentNames, loadExperiment, type Experiment } from '../spec/load-experiment.ts';
import { distinctClusters, estimateSeconds } from '../spec/plan-estimate.ts';
import { data, table } from './output.ts';

function flatten(value: unknown, prefix = ''): string[] {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    return Object.entries(value).flatMap(([key, inner]) => flatten(inner, prefix ? `${prefix}.${key}` : key));
  }
  return [`${prefix}=${Array.isArray(value) ? JSON.stringify(value) : String(value)}`];
}

function printPlan(experiment: Experiment): void {
  data(`experiment: ${experiment.name} (${experiment.file})`);
  if (experiment.description) data(`description: ${experiment.description}`);
  data(`runs: ${experiment.variants.length} variant(s) × ${experiment.repetitions} repetition(s) = ${experiment.cells.length} cells; each ${experiment.warmup} warm-up + ${experiment.duration} measured`);
  data(`baseline: ${experiment.baseline}`);
  data(`clusters: ${distinctClusters(experiment).map((c) => `${c.provider} ${c.brokers} broker(s)${c.controllers ? ` + ${c.controllers} controller(s)` : ''}, Kafka ${c.kafkaVersion}`).join('; ')}`);
  data(`estimated duration: ~${formatDuration(estimateSeconds(experiment) * 1000)} (a guide, from this project's start-up bench on 2 cores)`);
  data('');
  data(table(['variant', 'sets'], experiment.variants.map((variant) => [variant.name, flatten(variant.overrides).join(' ') || '(the base as is)'])));
  data('');
  data(table(['cell', 'variant', 'repetition'], experiment.cells.map((cell) => [String(cell.index + 1), cell.variant, String(cell.repetition)])));
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
  data(table(['experiment', 'cells', 'description'], rows));
}

/** `kafka-lab experiment <name>`: validate, plan, and (with the runner) run an experiment file. */
export function experimentCommand(): Command {
  return new Command('experiment')
    .description('run experiments/<name>.yaml (or a path to a .yaml) on a real cluster')
    .argument('[name]', 'experiment name in experiments/, or a path to a .yaml file')
    .option('--dry-run', 'validate and print the expanded plan (cells, estimated duration); start nothing')
    .option('--list', 'list the experiments in experiments/ with their descriptions')
    .option('--set <key=value>', 'override a key for a quick try, e.g. --set topic.partitions=6 (repeatable)', (value: string, previous: string[] = []) => [...previous, value])
    .action(async (name: string | undefined, options: { dryRun?: boolean; list?: boolean; set?: string[] }) => {
      if (options.list) return printList();
      if (!name) throw new UserError('which experiment?', 'name one, e.g. `npm run experiment quickstart`, or see `npm run experiment -- --list`');
      const experiment = await loadExperiment(name, { set: options.set ?? [] });
      if (options.dryRun) return printPlan(experiment);
      throw new UserError(
        `${experiment.file} is valid (${experiment.cells.length} cells), but the runner that executes cells is not built yet`,
        'use --dry-run to see the plan; running arrives with the rest of the experiment engine (issue 3)',
      );
    });
}
