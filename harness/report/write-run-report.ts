import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { repoRoot } from '../paths.ts';
import { writeFileAtomic } from '../util/atomic-write.ts';
import { readRunRecord } from '../results/read-run-record.ts';
import type { RunRecord } from '../results/run-record.ts';
import { decodeHistogram } from '../metrics/latency-histogram.ts';
import { histogramToCurve, type RepetitionCurve } from './histograms-to-percentile-curve.ts';
import { modelToCsv } from './model-to-csv.ts';
import { modelToHtml, type VegaLibraries } from './model-to-html.ts';
import type { ComparisonContext } from './report-model.ts';
import { modelToMarkdown } from './model-to-markdown.ts';
import { runToModel, type ReportModel } from './report-model.ts';
import { cellLatencySource } from '../analysis/cell-metrics.ts';
import { completedCells, variantNames } from '../analysis/run-to-summary.ts';
import { writeProfileDiffs } from './write-profile-diffs.ts';

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
 * Each completed repetition's latency histogram (the summary's) as a percentile curve: one curve per repetition, so one bad
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
        const histograms = JSON.parse(await readFile(path.resolve(runDir, file), 'utf8')) as { merged?: Record<string, string | undefined> };
        // The histogram of the summary's latency (cellLatency): from the intended send time at a fixed rate,
        // send → acknowledgement in a producer-only cell.
        const source = cellLatencySource(cell);
        const latency = source ? histograms.merged?.[source] : undefined;
        // Decoded here: a damaged histogram throws inside this try, so the report can name its file.
        if (latency) curves.push({ variant, repetition: cell.repetition, points: histogramToCurve(decodeHistogram(latency)) });
        else if (source) missing.push(`${file} has no ${source} histogram: the percentile curves leave out ${variant} repetition ${cell.repetition}`);
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
  const diffs = await writeProfileDiffs(dir, record);
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
