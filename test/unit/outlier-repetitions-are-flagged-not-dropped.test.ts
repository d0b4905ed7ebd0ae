import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { modelToHtml } from '../../harness/report/model-to-html.ts';
import { madOutliers } from '../../harness/analysis/outliers.ts';
import { runToModel } from '../../harness/report/report-model.ts';
import { isCompleted } from '../../harness/results/cell-result.ts';
import type { RunRecord } from '../../harness/results/run-record.ts';

const recorded = JSON.parse(readFileSync(path.join(import.meta.dirname, '..', 'fixtures', 'runs', 'quickstart', 'run.json'), 'utf8')) as RunRecord;
const template = recorded.cells.find(isCompleted)!;

/** Two variants of four repetitions; p99 per repetition as given. */
function run(p99s: Record<string, number[]>): RunRecord {
  return {
    ...recorded,
    baseline: 'linger-5',
    cells: Object.entries(p99s).flatMap(([variant, values], v) =>
      values.map((p99, i) => ({
        ...template,
        index: v * 10 + i,
        variant,
        repetition: i + 1,
        throughput: { producedPerSec: 5000, consumedPerSec: 5000 + i, mbPerSec: 1 },
        latency: {
          ...template.latency!,
          endToEnd: { ...template.latency!.endToEnd!, p99 },
          endToEndCorrected: { ...template.latency!.endToEndCorrected!, p99 },
        },
      })),
    ),
  };
}

describe('outlier repetitions', () => {
  it('are values beyond 3 scaled MADs and 20 % of the median: a cold first cell, not a tight group', () => {
    expect(madOutliers([27_689, 1_713, 1_559, 1_702])).toEqual([0]);
    expect(madOutliers([217, 208, 207, 209])).toEqual([]);
    expect(madOutliers([100, 100, 100, 100])).toEqual([]);
    expect(madOutliers([1, 500])).toEqual([]);
  });

  it('are named in the summary and the verdicts, marked in the per-repetition table, and kept in every figure', () => {
    const model = runToModel(run({ 'linger-5': [1_611, 123, 97, 126], 'linger-0': [27_689, 1_713, 1_559, 1_702] }));
    expect(model.outliers.map((o) => `${o.variant} r${o.repetition} ${o.metric}`)).toEqual(['linger-5 r1 p99 latency', 'linger-0 r1 p99 latency']);
    const p99Verdict = model.verdicts.find((v) => v.metric === 'p99 latency')!;
    expect(p99Verdict.text).toContain('[outlier repetition(s): linger-5 r1, linger-0 r1; see the per-repetition table]');
    expect(model.repetitions.filter((row) => row.outlierIn.length)).toHaveLength(2);
    expect(model.rows.find((row) => row.variant === 'linger-0')!.completed).toBe(4);
    const html = modelToHtml({ model, experimentYaml: '', libraries: { vega: '', vegaLite: '', vegaEmbed: '' } });
    expect(html.match(/<tr class="outlier">/g)).toHaveLength(2);
    expect(html).toContain('<li>linger-0 r1: p99 latency 27,689 ms lies beyond 3 MADs and 20 % of the variant&#39;s median');
  });
});
