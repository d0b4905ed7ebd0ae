import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../../harness/results/run-record.ts';
import { faultsSection } from '../../harness/report/faults-to-html.ts';
import { runToModel } from '../../harness/report/report-model.ts';

const recorded = JSON.parse(readFileSync(path.join(import.meta.dirname, '..', 'fixtures', 'runs', 'quickstart', 'run.json'), 'utf8')) as RunRecord;

describe('broker failures in the report', () => {
  it('lists each killed broker with its recovery time, loss and failed sends', () => {
    const record: RunRecord = {
      ...recorded,
      cells: recorded.cells.map((cell, i) =>
        i === 0 ? { ...cell, lost: 3, fault: { broker: 2, killedAtSecond: 12, restartedAtSecond: 25, restartTookSeconds: 9.5, recoverySeconds: null } } : cell,
      ),
    };
    const html = faultsSection(runToModel(record).faults);
    expect(html).toContain(
      '<li>json r1: broker 2 killed at 12 s, restarted at 25 s (restart took 9.5 s); recovery not within the cell; 3 acknowledged message(s) lost; 0 send(s) failed</li>',
    );
    expect(html.match(/<li>/g)).toHaveLength(1);
  });

  it('adds nothing to a run without faults', () => {
    expect(runToModel(recorded).faults).toEqual([]);
    expect(faultsSection([])).toBe('');
  });
});
