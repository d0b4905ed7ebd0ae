import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot } from '../paths.ts';
import { stopProcessGroup, waitForExit } from '../util/process-group.ts';
import { onCpus } from '../util/cpu-placement.ts';
import { workerSocketVariable, type FromWorker, type ToWorker } from '../workload/ipc.ts';
import { jsonLines, type JsonLines } from '../workload/json-lines.ts';
import type { WorkerLaunch } from '../profile/worker-launch.ts';

const workerMain = path.join(repoRoot, 'harness', 'workload', 'worker-main.ts');
const tsxLoader = createRequire(import.meta.url).resolve('tsx');

type Waiter = { type: FromWorker['type']; resolve: (message: FromWorker) => void; reject: (error: Error) => void; timer: NodeJS.Timeout };

let socketCount = 0;

/**
 * One generator or processor: a Node process with its own log file, spoken to over a local socket (see
 * json-lines.ts for why not fork's IPC). Its own process group, so a stop reaches a profiler wrapped around
 * it too; it exits by itself when the socket closes, which a dying runner does as well.
 */
export class WorkerProcess {
  latestProgress = 0;
  /** A processor's latest end-to-end p99 (ms, over the second before its last progress message), while it measures. */
  latestP99Ms: number | undefined;
  lastProgressAt = Date.now();
  /** The worker's own PID (under a profiler, not the PID of the process the runner started). */
  pid = 0;
  private waiters: Waiter[] = [];
  private failure: Error | undefined;
  private channel: JsonLines<FromWorker, ToWorker> | undefined;

  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
    private readonly server: Server,
    private readonly socketPath: string,
    private readonly finishMs: number,
  ) {
    child.on('exit', (code, signal) => this.fail(new Error(`${name} exited (${signal ?? `code ${code}`}); see its log`)));
    server.on('connection', (socket) => {
      this.channel = jsonLines<FromWorker, ToWorker>(socket);
      this.channel.onMessage((message) => this.receive(message));
      socket.on('close', () => this.fail(new Error(`${name} closed its connection; see its log`)));
    });
  }

  /** Starts the worker and waits until it says it is alive. */
  static async start(name: string, logFile: string, launch: WorkerLaunch = {}, cpus?: string): Promise<WorkerProcess> {
    const socketPath = path.join(tmpdir(), `kafka-lab-${process.pid}-${++socketCount}.sock`);
    await rm(socketPath, { force: true });
    const server = createServer();
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(socketPath, resolve));
    const nodeArgs = ['--import', tsxLoader, ...(launch.nodeFlags ?? []), workerMain];
    const args = launch.wrapper ? [...launch.wrapper.command, '--', process.execPath, ...nodeArgs] : nodeArgs;
    const log = openSync(logFile, 'a');
    try {
      const pinned = onCpus(process.execPath, args, cpus);
      const child = spawn(pinned.command, pinned.args, {
        stdio: ['ignore', log, log],
        detached: true,
        cwd: launch.wrapper?.cwd,
        env: { ...process.env, ...launch.wrapper?.env, [workerSocketVariable]: socketPath, KAFKAJS_NO_PARTITIONER_WARNING: '1' },
      });
      const worker = new WorkerProcess(name, child, server, socketPath, launch.wrapper?.finishMs ?? 0);
      try {
        worker.pid = (await worker.waitFor('alive', launch.wrapper ? 120_000 : 60_000)).pid;
      } catch (error) {
        await worker.stop();
        throw error;
      }
      return worker;
    } finally {
      closeSync(log);
    }
  }

  /** Whether a profiler wraps this worker (its stop then waits for the profiler's report). */
  get wrapped(): boolean {
    return this.finishMs > 0;
  }

  send(message: ToWorker): void {
    this.channel?.send(message);
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

  /**
   * Closes the socket, so the worker exits normally and its profiles get written; a wrapping profiler then has
   * `finishMs` to write its report. Whatever still runs after that gets SIGTERM, then SIGKILL.
   */
  async stop(): Promise<void> {
    this.child.removeAllListeners('exit');
    this.fail(new Error(`${this.name} was stopped`));
    this.channel?.close();
    const leader = this.child.pid;
    if (leader && this.child.exitCode === null && this.child.signalCode === null) {
      if (!(await waitForExit(leader, 5_000 + this.finishMs))) await stopProcessGroup(leader, 15_000);
    }
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    await rm(this.socketPath, { force: true });
  }

  private receive(message: FromWorker): void {
    if (message.type === 'progress') {
      this.latestProgress = message.count;
      this.latestP99Ms = message.p99Ms;
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
