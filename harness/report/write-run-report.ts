import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../errors.ts';
import { repoRoot } from '../paths.ts';
import { writeFileAtomic } from '../util/atomic-write.ts';
import { upgradeRunRecord, type RunRecord } from '../results/run-record.ts';
import { decodeHistogram } from '../metrics/latency-histogram.ts';
import { histogramToCurve, type RepetitionCurve } from './histograms-to-percentile-curve.ts';
import { modelToCsv } from './model-to-csv.ts';
import { modelToHtml, type VegaLibraries } from './model-to-html.ts';
import type { ComparisonContext } from './report-model.ts';
import { modelToMarkdown } from './model-to-markdown.ts';
import { runToModel, type ReportModel } from './report-model.ts';
import { completedCells, variantNames } from './run-to-summary.ts';
import { errorMessage } from '../util/error-message.ts';
import { writeProfileDiffs } from './write-profile-diffs.ts';

export async function readRunRecord(runDir: string): Promise<RunRecord> {
  const file = path.join(runDir, 'run.json');
  const text = await readFile(file, 'utf8').catch(() => {
    throw new UserError(`${runDir} is not a run folder (no run.json)`, 'pass a folder such as results/quickstart/<runId>');
  });
  let record: unknown;
  try {
    record = JSON.parse(text);
  } catch (error) {
    throw new UserError(
      `${file} is not valid JSON (${errorMessage(error)})`,
      'the file is damaged or was cut short; run the experiment again, or restore the file',
    );
  }
  const problem = runRecordProblem(record);
  if (problem) throw new UserError(`${file}: ${problem}`, 'this is not a kafka-lab run.json (docs/results.md describes one), or it is damaged');
  return upgradeRunRecord(record as RunRecord);
}

/** What makes a parsed run.json unusable for a report, if anything: the fields every renderer reads. */
function runRecordProblem(record: unknown): string | undefined {
  if (typeof record !== 'object' || record === null || Array.isArray(record)) return 'the top level is not an object';
  const fields = record as Record<string, unknown>;
  for (const key of ['experiment', 'runId', 'status', 'baseline']) if (typeof fields[key] !== 'string') return `"${key}" is missing or not a string`;
  for (const key of ['durationMs', 'warmupMs', 'repetitions']) if (typeof fields[key] !== 'number') return `"${key}" is missing or not a number`;
  if (typeof fields.environment !== 'object' || fields.environment === null) return '"environment" is missing';
  if (!Array.isArray(fields.cells)) return '"cells" is missing or not a list';
  const bad = fields.cells.findIndex(
    (cell) =>
      typeof cell !== 'object' ||
      cell === null ||
      typeof (cell as Record<string, unknown>).variant !== 'string' ||
      typeof (cell as Record<string, unknown>).params !== 'object',
  );
  return bad >= 0 ? `cells[${bad}] has no variant or params` : undefined;
}

export async function readVegaLibraries(): Promise<VegaLibraries> {
  // The packages' exports maps hide their browser builds from require.resolve, so read them from node_modules.
  const read = (file: string) => readFile(path.join(repoRoot, 'node_modules', file), 'utf8');
  const [vega, vegaLite, vegaEmbed] = await Promise.all([
    read('vega/build/vega.min.js'),
    read('vega-lite/build/vega-lite.min.js'),
    read('vega-embed/build/vega-embed.min.js'),
  ]);
  // A sourceMappingURL comment would make the browser fetch a file the report does not ship.
  const strip = (source: string) => source.replace(/\n\/\/# sourceMappingURL=.*$/m, '');
  return { vega: strip(vega), vegaLite: strip(vegaLite), vegaEmbed: strip(vegaEmbed) };
}

/**
 * Each completed repetition's end-to-end histogram as a percentile curve: one curve per repetition, so one bad
 * repetition shows as one line instead of setting its variant's whole tail. A histograms file that is missing or
 * damaged is left out and named in `missing`, never dropped silently.
 */
async function curvesOf(runDir: string, record: RunRecord): Promise<{ curves: RepetitionCurve[]; missing: string[] }> {
  const curves: RepetitionCurve[] = [];
  const missing: string[] = [];
  for (const variant of variantNames(record)) {
    for (const cell of completedCells(record, variant)) {
      if (!cell.files) continue;
      const file = cell.files.histograms;
      try {
        const histograms = JSON.parse(await readFile(path.resolve(runDir, file), 'utf8')) as { merged?: { endToEnd?: string; produce?: string } };
        // A producer-only cell has no end-to-end histogram: its latency is send → acknowledgement, as in the summary.
        const latency = histograms.merged?.endToEnd ?? histograms.merged?.produce;
        // Decoded here: a damaged histogram throws inside this try, so the report can name its file.
        if (latency) curves.push({ variant, repetition: cell.repetition, points: histogramToCurve(decodeHistogram(latency)) });
      } catch (error) {
        const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : 'unreadable';
        missing.push(`${file} is ${reason}: the percentile curves leave out ${variant} repetition ${cell.repetition}`);
      }
    }
  }
  return { curves, missing };
}

/**
 * Renders report.html, summary.md and summary.csv into `dir` from a run record whose file paths are relative to
 * `dir`: a run folder's own record, or a comparison of several runs. Returns the model they were rendered from.
 */
export async function writeReport(
  dir: string,
  record: RunRecord,
  experimentYaml: string,
  comparison?: ComparisonContext,
  gate?: ReportModel['gate'],
): Promise<{ model: ReportModel; markdown: string; files: string[] }> {
  const { curves, missing } = await curvesOf(dir, record);
  const diffs = await writeProfileDiffs(
    dir,
    record,
    comparison?.runs.map((run) => run.label),
  );
  const model: ReportModel = {
    ...runToModel(record, curves, [...missing, ...diffs.missing], comparison),
    profileDiffs: diffs.links,
    ...(gate ? { gate } : {}),
  };
  const markdown = modelToMarkdown(model);
  const html = modelToHtml({ model, experimentYaml, libraries: await readVegaLibraries(), ...(comparison ? { comparison } : {}) });
  const files = ['report.html', 'summary.md', 'summary.csv'].map((name) => path.join(dir, name));
  await writeFileAtomic(files[0]!, html);
  await writeFileAtomic(files[1]!, markdown);
  await writeFileAtomic(files[2]!, modelToCsv(model));
  return { model, markdown, files };
}

/** Renders a run folder's report from its files alone, so any old run can be rendered again. */
export async function writeRunReport(runDir: string): Promise<{ model: ReportModel; markdown: string; files: string[] }> {
  const record = await readRunRecord(runDir);
  const experimentYaml = await readFile(path.join(runDir, 'experiment.yaml'), 'utf8').catch(() => '(experiment.yaml is missing)');
  return writeReport(runDir, record, experimentYaml);
}
