import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { leftoverProcesses, onlyRun, sandbox, waitForLine } from '../support/interrupt-sandbox.ts';

// Every phase a user can interrupt, as the --plain progress names it. Two cells, so that an interrupt in the
// first cell's teardown has a finished cell to keep and a second one never to start.
const phases: Array<[string, RegExp]> = [
  ['formatting', /cluster: formatting \d+ nodes? in /],
  ['node start', /cluster: waiting for \d+ nodes? to start/],
  ['topics', /cell 1\/2 .*: topics/],
  ['processors', /cell 1\/2 .*: processors/],
  ['warm-up', /cell 1\/2 .*: warm-up/],
  ['measuring', /cell 1\/2 .*: measuring/],
  ['draining', /cell 1\/2 .*: draining/],
  ['teardown', /cell 1\/2 .*: teardown/],
];
const ways = ['SIGINT', 'SIGTERM', 'double SIGINT'] as const;

describe.each(phases)('interrupted while %s', (_phase, pattern) => {
  it.each(ways)('by %s: exit 130, run.json final, the report written, no JVM left', async (way) => {
    const { start, results, env } = await sandbox([
      'repetitions: 2',
      'duration: 4s',
      'warmup: 1s',
      'cluster: { provider: local }',
      'workload: { message: cpu, rate: 500 }',
      'producer: { client: kafkajs }',
    ]);
    const run = start();
    await waitForLine(run, pattern);
    run.kill(way === 'SIGTERM' ? 'SIGTERM' : 'SIGINT');
    if (way === 'double SIGINT') setTimeout(() => run.kill('SIGINT'), 300);
    const result = await run;
    // On a failure, the signal that ended the runner (if one did) and its last words are in the message.
    expect(result.exitCode, `signal ${String(result.signal)}; stderr: ${String(result.stderr).slice(-800)}`).toBe(130);
    const { runDir, record } = await onlyRun(results);
    expect(record.status).toBe('interrupted');
    // Cells finished before the signal keep their status; none is left looking like it still runs.
    expect(record.cells.every((cell) => ['completed', 'aborted'].includes(cell.status))).toBe(true);
    expect(existsSync(path.join(runDir, 'report.html'))).toBe(true);
    expect(await leftoverProcesses(env.KAFKA_LAB_HOME)).toEqual([]);
  });
});
