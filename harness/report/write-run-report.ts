import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../errors.ts';
import { repoRoot } from '../paths.ts';
import { writeFileAtomic } from '../util/atomic-write.ts';
import type { RunRecord } from '../runner/run-folder.ts';
import { percentileCurve, type CurvePoint } from './histograms-to-percentile-curve.ts';
import { runToCharts } from './run-to-charts.ts';
import { runToHtml, type ComparisonContext, type VegaLibraries } from './run-to-html.ts';
import { profilingOverheads } from './profiling-overhead.ts';
import { completedCells, summarizeVariants, variantNames } from './run-to-summary.ts';
import { summaryToCsv, summaryToMarkdown } from './summary-to-text.ts';
import { verdicts } from './verdicts.ts';

export async function readRunRecord(runDir: string): Promise<RunRecord> {
  const text = await readFile(path.join(runDir, 'run.json'), 'utf8').catch(() => {
    throw new UserError(`${runDir} is not a run folder (no run.json)`, 'pass a folder such as results/quickstart/<runId>');
  });
  return JSON.parse(text) as RunRecord;
}

export async function readVegaLibraries(): Promise<VegaLibraries> {
  // The packages' exports maps hide their browser builds from require.resolve, so read them from node_modules.
  const read = (file: string) => readFile(path.join(repoRoot, 'node_modules', file), 'utf8');
  const [vega, vegaLite, vegaEmbed] = await Promise.all([read('vega/build/vega.min.js'), read('vega-lite/build/vega-lite.min.js'), read('vega-embed/build/vega-embed.min.js')]);
  // A sourceMappingURL comment would make the browser fetch a file the report does not ship.
  const strip = (source: string) => source.replace(/\n\/\/# sourceMappingURL=.*$/m, '');
  return { vega: strip(vega), vegaLite: strip(vegaLite), vegaEmbed: strip(vegaEmbed) };
}

/** Each variant's end-to-end histograms, all repetitions merged, as a percentile curve. */
async function curvesOf(runDir: string, record: RunRecord): Promise<Record<string, CurvePoint[]>> {
  const curves: Record<string, CurvePoint[]> = {};
  for (const variant of variantNames(record)) {
    const encoded: string[] = [];
    for (const cell of completedCells(record, variant)) {
      if (!cell.files) continue;
      const histograms = JSON.parse(await readFile(path.resolve(runDir, cell.files.histograms), 'utf8').catch(() => '{}')) as { merged?: { endToEnd?: string; produce?: string } };
      // A producer-only cell has no end-to-end histogram: its latency is send → acknowledgement, as in the summary.
      const latency = histograms.merged?.endToEnd ?? histograms.merged?.produce;
      if (latency) encoded.push(latency);
    }
    curves[variant] = percentileCurve(encoded);
  }
  return curves;
}

/**
 * Renders report.html, summary.md and summary.csv into `dir` from a run record whose file paths are relative to
 * `dir`: a run folder's own record, or a comparison of several runs.
 */
export async function writeReport(dir: string, record: RunRecord, experimentYaml: string, comparison?: ComparisonContext): Promise<{ markdown: string; files: string[] }> {
  const rows = summarizeVariants(record);
  const judged = verdicts(record);
  const markdown = summaryToMarkdown(record, rows, judged);
  const html = runToHtml({
    record, rows, verdicts: judged, overheads: profilingOverheads(record),
    charts: runToCharts(record, rows, await curvesOf(dir, record)),
    experimentYaml,
    libraries: await readVegaLibraries(),
    ...(comparison ? { comparison } : {}),
  });
  const files = ['report.html', 'summary.md', 'summary.csv'].map((name) => path.join(dir, name));
  await writeFileAtomic(files[0]!, html);
  await writeFileAtomic(files[1]!, markdown);
  await writeFileAtomic(files[2]!, summaryToCsv(rows));
  return { markdown, files };
}

/** Renders a run folder's report from its files alone, so any old run can be rendered again. */
export async function writeRunReport(runDir: string): Promise<{ markdown: string; files: string[] }> {
  const record = await readRunRecord(runDir);
  const experimentYaml = await readFile(path.join(runDir, 'experiment.yaml'), 'utf8').catch(() => '(experiment.yaml is missing)');
  return writeReport(runDir, record, experimentYaml);
}
