import type { Environment } from '../results/run-record.ts';
import { escapeHtml } from './html-escape.ts';

/** A run's environment under a label, for one column of the table. */
export interface LabelledEnvironment {
  label: string;
  environment: Environment;
}

/** The facts that make numbers comparable; a difference in any of them earns a warning. */
const comparable: Array<[string, (env: Environment) => string]> = [
  ['CPU', (env) => `${env.cpu.cores} × ${env.cpu.model}`],
  ['memory', (env) => `${env.memoryGiB} GiB`],
  ['platform', (env) => env.platform],
  ['Node', (env) => env.node],
  [
    'clients',
    (env) =>
      Object.entries(env.clients)
        .map(([k, v]) => `${k} ${v}`)
        .join(', '),
  ],
  ['Kafka', (env) => env.kafkaVersions.join(', ')],
  ['git', (env) => `${env.gitSha}${env.gitDirty ? ' (uncommitted changes)' : ''}`],
  [
    'CPU placement',
    (env) =>
      env.cpuPlacement?.map((p) => `${p.variant}: brokers on ${p.cluster ?? 'any'}, workload on ${p.workload ?? 'any'}`).join('; ') ||
      'none (every process on any CPU)',
  ],
];

/** Facts that differ between any two runs by nature: shown, never warned about. */
const incidental: Array<[string, (env: Environment) => string]> = [
  ['load average at start', (env) => env.loadAverageAtStart.map((l) => l.toFixed(2)).join(' ')],
  ['started', (env) => env.startedAt],
  ['ended', (env) => env.endedAt ?? ''],
];

/** Names of the comparable facts that are not the same in every environment. */
export function environmentDifferences(environments: Environment[]): string[] {
  return comparable.filter(([, of]) => new Set(environments.map(of)).size > 1).map(([name]) => name);
}

/** One column per run; rows whose comparable fact differs are marked. */
export function environmentsTable(runs: LabelledEnvironment[]): string {
  const differing = new Set(environmentDifferences(runs.map((run) => run.environment)));
  const head = runs.length > 1 ? `<tr><th></th>${runs.map((run) => `<th>${escapeHtml(run.label)}</th>`).join('')}</tr>` : '';
  const rows = [...comparable, ...incidental].map(([name, of]) => {
    const mark = differing.has(name) ? ' class="differs"' : '';
    return `<tr${mark}><th>${escapeHtml(name)}${differing.has(name) ? ' ⚠' : ''}</th>${runs.map((run) => `<td>${escapeHtml(of(run.environment))}</td>`).join('')}</tr>`;
  });
  return `<table id="environment">${head}${rows.join('')}</table>`;
}
