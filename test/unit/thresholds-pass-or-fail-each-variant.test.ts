import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../harness/errors.ts';
import { parseExperiment } from '../../harness/experiment-file/load-experiment.ts';
import { modelToMarkdown } from '../../harness/report/model-to-markdown.ts';
import { runToModel } from '../../harness/report/report-model.ts';
import type { RunRecord } from '../../harness/results/run-record.ts';

const recorded = JSON.parse(readFileSync(path.join(import.meta.dirname, '..', 'fixtures', 'runs', 'quickstart', 'run.json'), 'utf8')) as RunRecord;

const file = (thresholds: string, variantThresholds = '') =>
  ['duration: 2s', 'thresholds:', thresholds, 'variants:', '  - name: json', '  - name: protobuf', '    serializer: protobuf', variantThresholds].join('\n');

function refusal(text: string): string {
  try {
    parseExperiment('t.yaml', text);
  } catch (error) {
    if (error instanceof UserError) return `${error.message}\n${error.details ?? ''}`;
    throw error;
  }
  throw new Error('accepted');
}

describe('thresholds in an experiment file', () => {
  it('parse conditions into the metric unit, for all variants or the one that names them', () => {
    const experiment = parseExperiment(
      't.yaml',
      file('  msgsPerSec: ">= 20_000"\n  latency.endToEnd.p99: "< 0.25s"', '    thresholds:\n      generatorCpu: "< 90%"'),
    );
    expect(experiment.thresholds).toEqual([
      { metric: 'msgsPerSec', condition: '>= 20_000', operator: '>=', value: 20_000 },
      { metric: 'latency.endToEnd.p99', condition: '< 0.25s', operator: '<', value: 250 },
      { metric: 'generatorCpu', condition: '< 90%', operator: '<', value: 90, variants: ['protobuf'] },
    ]);
  });

  it('refuse an unknown metric with did-you-mean, a condition without an operator, a unit the metric has not', () => {
    const message = refusal(file('  msgPerSec: ">= 1"\n  lost: 0\n  msgsPerSec: "> 5ms"'));
    expect(message).toContain('thresholds.msgPerSec: is not a summary metric');
    expect(message).toContain('did you mean "msgsPerSec"?');
    expect(message).toContain('thresholds.lost: 0 is not a condition');
    expect(message).toContain('thresholds.msgsPerSec: "ms" is not a unit of msgsPerSec');
  });
});

describe('thresholds after a run', () => {
  const withThresholds = (thresholds: RunRecord['thresholds']): RunRecord => ({ ...recorded, thresholds });

  it('pass or fail per variant with the measured value, and appear in the summary', () => {
    const model = runToModel(
      withThresholds([
        { metric: 'msgsPerSec', condition: '>= 1', operator: '>=', value: 1 },
        { metric: 'lost', condition: '!= 0', operator: '!=', value: 0, variants: ['protobuf'] },
      ]),
    );
    expect(model.thresholds.map((t) => [t.variant, t.metric, t.passed])).toEqual([
      ['json', 'msgsPerSec', true],
      ['protobuf', 'msgsPerSec', true],
      ['protobuf', 'lost', false],
    ]);
    expect(model.thresholds[2]!.text).toBe('FAIL protobuf: lost != 0 — measured 0 messages');
    expect(modelToMarkdown(model)).toContain('## Thresholds\n\n- PASS json: msgsPerSec >= 1 — measured');
  });

  it('fail a metric the variant did not measure: a condition nobody could check has not held', () => {
    const producerOnly: RunRecord = {
      ...withThresholds([{ metric: 'latency.endToEnd.p99', condition: '< 100', operator: '<', value: 100 }]),
      cells: recorded.cells.map((cell) => ({ ...cell, latency: { ...(cell.latency?.produce ? { produce: cell.latency.produce } : {}) } })),
    };
    const [first] = runToModel(producerOnly).thresholds;
    expect(first).toMatchObject({ passed: false });
    expect(first!.text).toContain('not measured');
  });
});
