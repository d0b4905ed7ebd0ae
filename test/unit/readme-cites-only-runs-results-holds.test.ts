import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../harness/paths.ts';

/** A run folder named in prose: results/<experiment>/<runId>, runIds as the runner makes them (20261125-110232-4466). */
const runPath = /results\/([\w.-]+)\/(\d{8}-\d{6}-[0-9a-f]{4})/g;
/** A run named by its id alone ("Run 20261125-024938-8d16"), which the table's rows use. */
const runId = /\b(\d{8}-\d{6}-[0-9a-f]{4})\b/g;

const documents = [
  'README.md',
  ...readdirSync(path.join(repoRoot, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];
const committedRunIds = new Set(
  readdirSync(path.join(repoRoot, 'results'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((experiment) => readdirSync(path.join(repoRoot, 'results', experiment.name))),
);

describe('figures in README and docs', () => {
  it.each(documents)('%s cites only run folders that results/ holds', (document) => {
    const text = readFileSync(path.join(repoRoot, document), 'utf8');
    const cited = [...text.matchAll(runPath)].map((match) => match[0]);
    const missing = cited.filter((folder) => !existsSync(path.join(repoRoot, folder)));
    expect(missing, `${document} cites runs results/ does not hold`).toEqual([]);
    const ids = [...text.matchAll(runId)].map((match) => match[1]!);
    expect(
      ids.filter((id) => !committedRunIds.has(id)),
      `${document} names run ids results/ does not hold`,
    ).toEqual([]);
  });

  it("README's findings table gives every row the run folder its figures come from", () => {
    const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    const table = readme.slice(readme.indexOf('## What the suite found'), readme.indexOf('### Two questions'));
    const rows = table.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| experiment') && !line.startsWith('| ---'));
    expect(rows.length).toBeGreaterThan(3);
    for (const row of rows) expect(row, row.slice(0, 60)).toMatch(runPath);
  });
});
