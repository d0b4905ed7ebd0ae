import { fork, type ChildProcess } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { repoRoot } from '../paths.ts';
import { stopProcessGroup } from '../util/process-group.ts';
import type { FromWorker, ToWorker } from '../workload/ipc.ts';

const workerMain = path.join(repoRoot, 'harness', 'workload', 'worker-main.ts');
const tsxLoader = createRequire(import.meta.url).resolve('tsx');

type Waiter = { type: FromWorker['type']; resolve: (message: FromWorker) => void; reject: (error: Error) => void; timer: NodeJS.Timeout };

/**
 * One generator or processor: a forked Node process with its own log file, spoken to over IPC.
 * Its own process group, so a kill reaches anything it started; it exits by itself when the runner dies.
 */
export class WorkerProcess {
  latestProgress = 0;
  lastProgressAt = Date.now();
  private waiters: Waiter[] = [];
  private failure: Error | undefined;

  private constructor(readonly name: string, private readonly child: ChildProcess) {
    child.on('message', (message: FromWorker) => this.receive(message));
    child.on('exit', (code, signal) => this.fail(new Error(`${name} exited (${signal ?? `code ${code}`}); see its log`)));
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Forks the worker and waits until it says it is alive. */
  static async start(name: string, logFile: string, extraExecArgv: string[] = []): Promise<WorkerProcess> {
    const log = openSync(logFile, 'a');
    try {
      const child = fork(workerMain, [], {
        execArgv: ['--import', tsxLoader, ...extraExecArgv],
        stdio: ['ignore', log, log, 'ipc'],
        detached: true,
        env: { ...process.env, KAFKAJS_NO_PARTITIONER_WARNING: '1' },
      });
      const worker = new WorkerProcess(name, child);
      await worker.waitFor('alive', 60_000);
      return worker;
    } finally {
      closeSync(log);
    }
  }

  send(message: ToWorker): void {
    this.child.send(message);
  }

  /** The next message of `type`; rejects when the worker fails, exits, or says nothing in time. */
  waitFor<T extends FromWorker['type']>(type: T, timeoutMs: number): Promise<Extract<FromWorker, { type: T }>> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w.timer !== timer);
        reject(new Error(`${this.name} sent no ${type} within ${Math.round(timeoutMs / 1000)} s`));
      }, timeoutMs);
      // A time limit must not keep the runner alive once nobody waits for the answer.
      timer.unref();
      this.waiters.push({ type, resolve: resolve as (message: FromWorker) => void, reject, timer });
    });
  }

  /** SIGTERM (so a CPU profile gets written), SIGKILL after 15 s. */
  async stop(): Promise<void> {
    this.child.removeAllListeners('exit');
    if (this.child.exitCode === null && this.child.signalCode === null) await stopProcessGroup(this.pid, 15_000);
    this.fail(new Error(`${this.name} was stopped`));
  }

  private receive(message: FromWorker): void {
    if (message.type === 'progress') {
      this.latestProgress = message.count;
      this.lastProgressAt = Date.now();
      return;
    }
    if (message.type === 'failed') {
      this.fail(new Error(`${this.name}: ${message.message}`));
      return;
    }
    const index = this.waiters.findIndex((w) => w.type === message.type);
    if (index < 0) return;
    const [waiter] = this.waiters.splice(index, 1);
    clearTimeout(waiter!.timer);
    waiter!.resolve(message);
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const waiter of this.waiters.splice(0)) {
      clearTimeout(waiter.timer);
      waiter.reject(error);
    }
  }
}
