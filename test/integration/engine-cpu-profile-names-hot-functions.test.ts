import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runInline } from '../support/run-inline-experiment.ts';

describe('profile.cpu on a real run', () => {
  it("writes a .cpuprofile per process and a top-functions table naming the workload's hot functions", async () => {
    const { runDir, record } = await runInline(
      'cpu-profile',
      [
        'duration: 4s',
        'warmup: 1s',
        'cluster: { provider: local }',
        'workload: { message: bus, rate: max }',
        'serializer: json',
        'profile: { cpu: true }',
      ].join('\n'),
    );
    const cell = record.cells[0]!;
    expect(cell.status).toBe('completed');
    const byProcess = Object.fromEntries(cell.profiles!.map((p) => [p.process, p]));
    expect(Object.keys(byProcess).sort()).toEqual(['generator-1', 'processor-1']);
    for (const profile of cell.profiles!) {
      expect(existsSync(path.join(runDir, profile.cpuprofile))).toBe(true);
      expect(profile.busyMs).toBeGreaterThan(100);
      expect(profile.topFunctions.length).toBeGreaterThan(5);
    }
    // At max rate the generator serializes (JSON) and kafkajs encodes record batches (CRC-32C, varints);
    // the processor deserializes and kafkajs decodes them.
    const names = (process: string) => byProcess[process]!.topFunctions.map((f) => `${f.function} ${f.location}`).join('\n');
    expect(names('generator-1')).toMatch(/json-serializer\.ts/);
    expect(names('generator-1')).toMatch(/kafkajs\/src\/protocol\//);
    expect(names('processor-1')).toMatch(/json-serializer\.ts/);
    expect(names('processor-1')).toMatch(/kafkajs\/src\/protocol\/(recordBatch|decoder)/);
    // Native frames name their caller; tsx's loader and the harness's measuring are told apart from the pipeline.
    const natives = cell.profiles!.flatMap((p) => p.topFunctions.filter((f) => f.location === '(native)' && !f.function.startsWith('(')));
    for (const native of natives) expect(native.caller, native.function).toMatch(/\S+ \S+/);
  }, 180_000);
});
