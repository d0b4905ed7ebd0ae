import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../../harness/results/run-record.ts';
import { repoRoot } from '../../harness/paths.ts';
import { isAlive } from '../../harness/util/process-group.ts';
import { runInline } from '../support/run-inline-experiment.ts';
import { temporaryHome } from '../support/cli.ts';
import { writeFile } from 'node:fs/promises';

describe('runs that go wrong', () => {
  it('records a failed cell with its reason and goes on with the next', async () => {
    const { record } = await runInline(
      'one-bad-cell',
      [
        'duration: 2s',
        'warmup: 1s',
        'cluster: { provider: local }',
        'workload: { rate: 200 }',
        'variants:',
        // librdkafka refuses an unknown property when the producer is created: a failure at run time.
        '  - { name: broken, producer: { client: confluent, config: { no.such.property: 1 } } }',
        '  - { name: fine, producer: { client: kafkajs, config: { acks: all } } }',
      ].join('\n'),
    );
    expect(record.status).toBe('partial');
    // The round ran in a shuffled order: each cell by its variant.
    const [broken, fine] = ['broken', 'fine'].map((variant) => record.cells.find((cell) => cell.variant === variant));
    expect(broken!.status).toBe('failed');
    expect(broken!.reason).toMatch(/no\.such\.property/);
    expect(fine!.status).toBe('completed');
    expect(fine!.lost).toBe(0);
  }, 180_000);

  it('Ctrl-C marks the current cell aborted, keeps what was measured and leaves no process', async () => {
    const home = await temporaryHome();
    const file = path.join(home, 'long.yaml');
    await writeFile(file, ['name: long', 'duration: 60s', 'warmup: 1s', 'cluster: { provider: local }', 'workload: { rate: 200 }'].join('\n'));
    const resultsDir = path.join(home, 'results');
    const child = execa(process.execPath, [path.join(repoRoot, 'bin', 'kafka-lab.mjs'), 'experiment', file], {
      reject: false,
      env: { KAFKA_LAB_RESULTS: resultsDir },
    });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    for (let i = 0; i < 1200 && !stderr.includes(': measuring'); i++) await sleep(100);
    expect(stderr).toContain(': measuring');
    const runDir = /results: (.+)/.exec(stderr)![1]!.trim();
    await sleep(3_000);
    child.kill('SIGINT');
    const result = await child;
    expect(result.exitCode).toBe(130);
    const record = JSON.parse(await readFile(path.join(runDir, 'run.json'), 'utf8')) as RunRecord;
    expect(record.status).toBe('interrupted');
    expect(record.cells).toHaveLength(1);
    const cell = record.cells[0]!;
    expect(cell.status).toBe('aborted');
    // What ran before the interrupt is kept, and said to be partial.
    expect(cell.reason).toMatch(/^interrupted after \d+\.\d s of the measured phase; figures cover only that part/);
    expect(cell.produced!.acked).toBeGreaterThan(200);
    expect(cell.throughput!.producedPerSec).toBeGreaterThan(150);
    expect(cell.throughput!.producedPerSec).toBeLessThan(250);
    expect(cell.lost).toBe(0);
    const pids = (record.cells[0]!.resources ?? []).map((p) => p.pid);
    expect(pids.length).toBeGreaterThanOrEqual(3);
    await sleep(500);
    expect(pids.filter(isAlive)).toEqual([]);
  }, 180_000);
});
