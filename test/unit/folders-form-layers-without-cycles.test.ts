import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../harness/paths.ts';
import { cyclesOf, folderArrows } from '../support/folder-imports.ts';

/**
 * The arrows docs/architecture.md says must never exist. Each names a reason: what the lower folder would have to
 * know that it must not.
 */
const never: Array<{ from: string; to: string[]; why: string }> = [
  { from: 'report', to: ['cluster', 'drivers', 'runner', 'workload', 'cli'], why: 'rendering is a pure function of result files' },
  { from: 'results', to: ['runner', 'report', 'analysis', 'workload', 'cluster', 'drivers', 'cli'], why: 'the record is the model both sides share' },
  {
    from: 'figures',
    to: [
      'analysis',
      'cli',
      'cluster',
      'drivers',
      'experiment-file',
      'history',
      'live',
      'metrics',
      'profile',
      'report',
      'results',
      'runner',
      'util',
      'workload',
    ],
    why: 'the figure catalog is data that the loader, the analysis and every renderer read: it imports nothing',
  },
  {
    from: 'analysis',
    to: ['report', 'runner', 'workload', 'cluster', 'drivers', 'live', 'history', 'cli'],
    why: 'statistics, verdicts and readings are pure functions of result records, below both the runner and the report',
  },
  { from: 'runner', to: ['report', 'live', 'history'], why: 'the runner measures and decides (with analysis/); rendering is the report’s' },
  { from: 'experiment-file', to: ['cluster', 'runner', 'workload', 'report', 'results', 'cli'], why: 'reading a file starts nothing' },
  { from: 'drivers', to: ['workload', 'cluster', 'experiment-file', 'runner', 'cli'], why: 'a client knows a connection, not who made it or what it carries' },
  { from: 'history', to: ['cluster', 'drivers', 'runner', 'workload', 'cli'], why: 'the history reads run folders, as the report does' },
  { from: 'metrics', to: ['workload', 'runner', 'report', 'cli'], why: 'measuring instruments know nothing of the pipeline' },
  {
    from: 'util',
    to: ['cluster', 'drivers', 'experiment-file', 'metrics', 'profile', 'report', 'results', 'runner', 'workload', 'cli'],
    why: 'helpers sit below everything',
  },
];
const onlyTheCliIsTop = 'the CLI is the only place that prints or exits, so nothing imports it';

describe('harness/ folders', () => {
  const arrows = folderArrows(path.join(repoRoot, 'harness'));

  it('import each other without a cycle', () => {
    const cycles = cyclesOf(arrows).map((cycle) => cycle.join(' -> '));
    expect(
      cycles,
      arrows
        .filter((a) => cycles.some((c) => c.includes(`${a.from} -> ${a.to}`)))
        .flatMap((a) => a.imports)
        .join('\n'),
    ).toEqual([]);
  });

  it('never draw the arrows docs/architecture.md forbids', () => {
    const forbidden = arrows.filter((arrow) => arrow.to === 'cli' || never.some((rule) => rule.from === arrow.from && rule.to.includes(arrow.to)));
    expect(
      forbidden.map((arrow) => `${arrow.from} -> ${arrow.to}: ${arrow.imports.join('; ')}`),
      onlyTheCliIsTop,
    ).toEqual([]);
  });

  it('are read from real imports: the known arrows are found', () => {
    const drawn = arrows.map((arrow) => `${arrow.from} -> ${arrow.to}`);
    expect(drawn).toEqual(
      expect.arrayContaining([
        'cli -> runner',
        'runner -> workload',
        'report -> results',
        'report -> analysis',
        'runner -> analysis',
        'experiment-file -> drivers',
      ]),
    );
  });

  it('the cycle finder finds a cycle where there is one', () => {
    expect(
      cyclesOf([
        { from: 'a', to: 'b' },
        { from: 'b', to: 'c' },
        { from: 'c', to: 'a' },
        { from: 'c', to: 'd' },
      ]),
    ).toEqual([['a', 'b', 'c', 'a']]);
    expect(
      cyclesOf([
        { from: 'a', to: 'b' },
        { from: 'a', to: 'c' },
        { from: 'b', to: 'c' },
      ]),
    ).toEqual([]);
  });
});
