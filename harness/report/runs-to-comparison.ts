import { cellName } from '../experiment-file/cell-key.ts';
import { variantNames } from '../analysis/run-to-summary.ts';
import path from 'node:path';
import type { CellResult } from '../results/cell-result.ts';
import { type RunRecord, upgradeRunRecord } from '../results/run-record.ts';
import { environmentDifferences } from './environments-to-html.ts';
import type { ComparisonContext } from './report-model.ts';

/** A run folder as read from disk. */
export interface LoadedRun {
  folder: string;
  record: RunRecord;
  experimentYaml: string;
}

/** Labels that tell the runs apart: the experiment's name, with the run id only where names repeat. */
export function runLabels(runs: LoadedRun[]): string[] {
  const names = runs.map((run) => run.record.experiment);
  return runs.map((run, i) => (names.indexOf(names[i]!) === names.lastIndexOf(names[i]!) ? names[i]! : `${names[i]}@${run.record.runId}`));
}

const worstStatus = (statuses: RunRecord['status'][]): RunRecord['status'] =>
  (['crashed', 'partial', 'interrupted', 'running', 'completed'] as const).find((status) => statuses.includes(status)) ?? 'completed';

/**
 * Several runs as one record, so the comparison gets the run report's charts and verdicts: each variant is named
 * `label/variant`, and every file path is made relative to `outDir`, where the comparison is written.
 * Pure; `baseline` defaults to the first run's baseline.
 */
export function runsToComparison(
  runs: LoadedRun[],
  outDir: string,
  baseline?: string,
): { record: RunRecord; comparison: ComparisonContext; experimentYaml: string } {
  // Records of any schema version: their cells' keys come from the one upgrade (results/run-record.ts).
  runs = runs.map((run) => ({ ...run, record: upgradeRunRecord(run.record) }));
  const labels = runLabels(runs);
  const relocate = (run: LoadedRun, file: string) => path.relative(outDir, path.resolve(run.folder, file));
  let index = 0;
  const cells = runs.flatMap((run, r) =>
    run.record.cells.map(
      (cell): CellResult => ({
        ...cell,
        index: index++,
        key: { ...cell.key, run: labels[r]! },
        variant: cellName({ ...cell.key, run: labels[r]! }),
        ...(cell.files ? { files: { logs: relocate(run, cell.files.logs), histograms: relocate(run, cell.files.histograms) } } : {}),
        ...(cell.profiles ? { profiles: cell.profiles.map((profile) => ({ ...profile, cpuprofile: relocate(run, profile.cpuprofile) })) } : {}),
        ...(cell.profileReports ? { profileReports: cell.profileReports.map((report) => ({ ...report, file: relocate(run, report.file) })) } : {}),
      }),
    ),
  );
  const differences = environmentDifferences(runs.map((run) => run.record.environment));
  const first = runs[0]!.record;
  const described = runs.map((run, r) => `${labels[r]} (${run.record.experiment}, run ${run.record.runId})`).join(' vs ');
  // Each run's thresholds were checked in its own report; against label/variant names they would mean nothing. Runs
  // compared after the fact are judged in one look: a run's repetitions: auto design described its own looks only.
  const { thresholds: _ownThresholds, adaptive: _ownDesign, ...shared } = first;
  // Each run's variants in its file's order, run after run: the cells ran shuffled.
  const variants = runs.flatMap((run, r) =>
    variantNames(run.record).map((name) =>
      cellName({ ...(run.record.cells.find((cell) => cell.variant === name)?.key ?? { variant: name }), run: labels[r]! }),
    ),
  );
  const record: RunRecord = {
    ...shared,
    experiment: `comparison: ${labels.join(' vs ')}`,
    description: `${described}. Numbers from different runs${differences.length ? `, measured in different environments (${differences.join(', ')} differ)` : ''}.`,
    runId: runs.map((run) => run.record.runId).join('+'),
    status: worstStatus(runs.map((run) => run.record.status)),
    baseline: baseline ?? cellName({ ...(first.baselineKey ?? { variant: first.baseline }), run: labels[0]! }),
    baselineKey: baseline
      ? (cells.find((cell) => cell.variant === baseline)?.key ?? { variant: baseline })
      : { ...(first.baselineKey ?? { variant: first.baseline }), run: labels[0]! },
    // CPU figures skip the warm-up: the longest of the runs' warm-ups skips it in every run.
    warmupMs: Math.max(...runs.map((run) => run.record.warmupMs)),
    repetitions: Math.max(...runs.map((run) => run.record.repetitions)),
    variants,
    cells,
  };
  const comparison: ComparisonContext = {
    runs: runs.map((run, r) => ({
      label: labels[r]!,
      experiment: run.record.experiment,
      runId: run.record.runId,
      folder: path.relative(outDir, run.folder),
      environment: run.record.environment,
      status: run.record.status,
      repetitions: run.record.repetitions,
      durationMs: run.record.durationMs,
      warmupMs: run.record.warmupMs,
    })),
    differences,
  };
  const experimentYaml = runs.map((run, r) => `# ${labels[r]}: ${path.relative(outDir, run.folder)}/experiment.yaml\n${run.experimentYaml}`).join('\n');
  return { record, comparison, experimentYaml };
}
