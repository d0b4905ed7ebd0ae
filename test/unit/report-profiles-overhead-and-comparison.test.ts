import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../../harness/results/run-record.ts';
import { environmentDifferences, environmentsTable } from '../../harness/report/environments-to-html.ts';
import { profilingOverheads } from '../../harness/analysis/profiling-overhead.ts';
import { profileLinksTable } from '../../harness/report/profiles-to-html.ts';
import { runsToComparison } from '../../harness/report/runs-to-comparison.ts';
import { modelToMarkdown } from '../../harness/report/model-to-markdown.ts';
import { runToModel } from '../../harness/report/report-model.ts';

const recorded = JSON.parse(readFileSync(path.join(import.meta.dirname, '..', 'fixtures', 'runs', 'quickstart', 'run.json'), 'utf8')) as RunRecord;
const hostile = '<img src=x onerror=alert(1)>';

/** The fixture with its protobuf variant turned into "json, profiled", at half the msgs/s. */
function withProfiledTwin(): RunRecord {
  return {
    ...recorded,
    cells: recorded.cells.map((cell) =>
      cell.variant === 'json'
        ? cell
        : {
            ...cell,
            variant: 'json-profiled',
            params: { ...cell.params, serializer: 'json', profile: { ...cell.params.profile, flamegraph: true } },
            throughput: { ...cell.throughput!, consumedPerSec: cell.throughput!.consumedPerSec! / 2 },
            profileReports: [{ process: hostile, kind: 'flamegraph', file: `cells/${cell.index}/${hostile}.flamegraph.html` }],
          },
    ),
  };
}

describe('profiling overhead', () => {
  it('compares a profiled variant with its unprofiled twin, with no interval for 2 repetitions a side', () => {
    const [overhead, ...others] = profilingOverheads(withProfiledTwin());
    expect(others).toEqual([]);
    expect(overhead).toMatchObject({ profiled: 'json-profiled', unprofiled: 'json' });
    expect(overhead!.msgsPerSecRatio).toBeCloseTo(0.5, 2);
    // A bootstrap of 2 against 2 is their min–max range, not an interval: the figure stands alone and says so.
    expect(overhead!.msgsPerSecLow).toBeUndefined();
    expect(overhead!.text).toMatch(/^json-profiled \(flamegraph\) vs json: msgs\/s 0\.50× \(2 repetitions: no interval\)/);
  });

  it('says nothing when no variant differs from a profiled one only in profile', () => {
    expect(profilingOverheads(recorded)).toEqual([]);
    const record = withProfiledTwin();
    record.cells = record.cells.map((cell) => (cell.variant === 'json' ? { ...cell, params: { ...cell.params, serializer: 'protobuf' as const } } : cell));
    expect(profilingOverheads(record)).toEqual([]);
  });
});

describe('profile links', () => {
  it('links every profiler page and shows a hostile process name as text', () => {
    const html = profileLinksTable(withProfiledTwin(), (file) => `../run/${file}`);
    expect(html.match(/class="profile-link"/g)).toHaveLength(2);
    expect(html).toContain('href="../run/cells/1/&lt;img src=x onerror=alert(1)&gt;.flamegraph.html"');
    expect(html).not.toContain('<img');
  });
});

describe('comparing runs', () => {
  const other: RunRecord = {
    ...recorded,
    experiment: 'serializers',
    runId: 'r2',
    environment: { ...recorded.environment, node: 'v22.1.0', loadAverageAtStart: [9, 9, 9] },
  };
  const runs = [
    { folder: '/results/quickstart/r1', record: recorded, experimentYaml: 'name: quickstart\n' },
    { folder: '/results/serializers/r2', record: other, experimentYaml: 'name: serializers\n' },
  ];

  it('names variants label/variant, renumbers cells and points files at the runs from the output folder', () => {
    const { record, comparison } = runsToComparison(runs, '/results/compare/now');
    expect([...new Set(record.cells.map((cell) => cell.variant))]).toEqual([
      'quickstart/json',
      'quickstart/protobuf',
      'serializers/json',
      'serializers/protobuf',
    ]);
    expect(record.cells.map((cell) => cell.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(record.cells[4]!.files!.histograms).toBe(path.join('..', '..', 'serializers', 'r2', recorded.cells[0]!.files!.histograms));
    expect(record.baseline).toBe('quickstart/json');
    expect(comparison.differences).toEqual(['Node']);
  });

  it("judges each variant against the baseline run's variant of the same name", () => {
    const { record, comparison } = runsToComparison(runs, '/results/compare/now');
    const judged = runToModel(record, [], [], comparison).verdicts.map((verdict) => `${verdict.variant} vs ${verdict.baseline}`);
    expect([...new Set(judged)]).toEqual([
      'quickstart/protobuf vs quickstart/json',
      'serializers/json vs quickstart/json',
      'serializers/protobuf vs quickstart/protobuf',
    ]);
  });

  it("states each run's own repetitions and durations, not the first run's for all", () => {
    const shorter = { ...runs[1]!, record: { ...other, repetitions: 1, durationMs: 8_000, warmupMs: 2_000 } };
    const { record, comparison } = runsToComparison([runs[0]!, shorter], '/out');
    const markdown = modelToMarkdown({ ...runToModel(record), comparison });
    expect(markdown).toContain(
      `quickstart: run ${recorded.runId}, status ${recorded.status}, ${recorded.repetitions} repetition(s) of ${recorded.durationMs / 1000} s`,
    );
    expect(markdown).toContain('serializers: run r2, status completed, 1 repetition(s) of 8 s after 2 s warm-up');
    expect(markdown).not.toContain('Status: ');
  });

  it('labels two runs of one experiment by run id', () => {
    const { record } = runsToComparison([runs[0]!, { ...runs[0]!, folder: '/results/quickstart/r2', record: { ...recorded, runId: 'r2' } }], '/out');
    expect(record.cells[0]!.variant).toBe(`quickstart@${recorded.runId}/json`);
    expect(record.cells[4]!.variant).toBe('quickstart@r2/json');
  });

  it('marks only comparable facts that differ; load and times always differ and are not warned about', () => {
    expect(environmentDifferences([recorded.environment, other.environment])).toEqual(['Node']);
    const table = environmentsTable([
      { label: 'a', environment: recorded.environment },
      { label: 'b', environment: other.environment },
    ]);
    expect(table.match(/class="differs"/g)).toHaveLength(1);
    expect(table).toContain('<tr class="differs"><th>Node ⚠</th><td>v20.20.2</td><td>v22.1.0</td></tr>');
  });
});
