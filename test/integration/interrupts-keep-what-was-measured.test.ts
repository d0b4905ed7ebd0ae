import { existsSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { isAlive } from '../../harness/util/process-group.ts';
import { bin, leftoverProcesses, onlyRun, sandbox, waitForLine } from '../support/interrupt-sandbox.ts';

describe('an interrupted run keeps what it measured and leaves nothing running', () => {
  it('SIGINT while the cluster formats its storage: run.json says aborted, the report is written, no JVM is left', async () => {
    const { start, results, env } = await sandbox();
    const run = start();
    const seen = await waitForLine(run, /formatting \d+ nodes? in (\S+)/);
    const clusterDir = /formatting \d+ nodes? in (\S+)/.exec(seen)![1]!;
    run.kill('SIGINT');
    const result = await run;
    expect(result.exitCode).toBe(130);
    const { runDir, record } = await onlyRun(results);
    expect(record.status).toBe('interrupted');
    expect(existsSync(path.join(runDir, 'report.html'))).toBe(true);
    expect(await leftoverProcesses(env.KAFKA_LAB_HOME)).toEqual([]);
    expect(existsSync(clusterDir)).toBe(false);
  });

  it('a second SIGINT while measuring skips the drain but still writes the cell, the report and stops everything', async () => {
    const { start, results, env } = await sandbox();
    const run = start();
    await waitForLine(run, /: measuring/);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    run.kill('SIGINT');
    await new Promise((resolve) => setTimeout(resolve, 300));
    run.kill('SIGINT');
    const result = await run;
    expect(result.exitCode).toBe(130);
    expect(result.stderr).toMatch(/again: skipping the drain/);
    const { runDir, record } = await onlyRun(results);
    expect(record.status).toBe('interrupted');
    expect(record.cells[0]!.status).toBe('aborted');
    expect(record.cells[0]!.throughput?.producedPerSec).toBeGreaterThan(0);
    expect(existsSync(path.join(runDir, 'report.html'))).toBe(true);
    expect(await leftoverProcesses(env.KAFKA_LAB_HOME)).toEqual([]);
  });

  it('stdout and stderr closed by their reader (a pipe into `head`) do not kill the run', async () => {
    const { start, results } = await sandbox();
    const run = start();
    await waitForLine(run, /: measuring/);
    run.stdout!.destroy();
    run.stderr!.destroy();
    const result = await run;
    expect(result.exitCode).toBe(0);
    const { runDir, record } = await onlyRun(results);
    expect(record.status).toBe('completed');
    expect(existsSync(path.join(runDir, 'report.html'))).toBe(true);
  });

  it('SIGKILL while measuring: the next run marks the dead run crashed and removes its cluster dir', async () => {
    const { start, results, env } = await sandbox();
    const run = start();
    const seen = await waitForLine(run, /: measuring/);
    const clusterDir = /formatting \d+ nodes? in (\S+)/.exec(seen)![1]!;
    run.kill('SIGKILL');
    await run;
    const { runDir, record } = await onlyRun(results);
    expect(record.status).toBe('running');
    for (let waited = 0; (await leftoverProcesses(env.KAFKA_LAB_HOME)).length && waited < 30_000; waited += 250)
      await new Promise((resolve) => setTimeout(resolve, 250));
    expect(await leftoverProcesses(env.KAFKA_LAB_HOME)).toEqual([]);
    expect(existsSync(clusterDir)).toBe(true);
    const down = await execa(process.execPath, [bin, 'cluster', 'down'], { reject: false, env });
    expect(down.exitCode).toBe(0);
    expect(down.stderr).toContain(`removed the cluster dir of a dead run: ${clusterDir}`);
    expect(existsSync(clusterDir)).toBe(false);
    const { markCrashedRuns } = await import('../../harness/runner/crashed-runs.ts');
    expect(await markCrashedRuns(results)).toEqual([runDir]);
    expect(isAlive(record.runnerPid!)).toBe(false);
  });
});
