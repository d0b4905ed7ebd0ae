import { spawn } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { EnvironmentError } from '../../errors.ts';
import { isAlive } from '../../util/process-group.ts';
import { readFrom, tailOf } from '../../util/file-tail.ts';
import { onCpus } from '../../util/cpu-placement.ts';
import { dyingWithParent } from '../../util/die-with-parent.ts';

/** How to start one Kafka JVM. */
export interface NodeLaunch {
  id: number;
  javaBin: string;
  jvmArgs: string[];
  classpath: string;
  propertiesFile: string;
  logFile: string;
  /** Linux only: the JVM gets SIGTERM when the process that started it dies, even by SIGKILL. */
  dieWithParent: boolean;
  /** The CPUs the JVM runs on (a taskset list); any CPU when absent. */
  cpus?: string;
}

/**
 * Starts a node as the leader of its own process group (so a stop reaches every thread and child),
 * writing stdout and stderr to its log file. Resolves with the PID once the process exists.
 */
export async function launchNode(launch: NodeLaunch): Promise<number> {
  const javaArgs = [...launch.jvmArgs, '-cp', launch.classpath, 'kafka.Kafka', launch.propertiesFile];
  const java = launch.dieWithParent ? dyingWithParent(launch.javaBin, javaArgs) : { command: launch.javaBin, args: javaArgs };
  const { command, args } = onCpus(java.command, java.args, launch.cpus);
  const log = openSync(launch.logFile, 'a');
  try {
    const child = spawn(command, args, { detached: true, stdio: ['ignore', log, log] });
    await once(child, 'spawn').catch((error: NodeJS.ErrnoException) => {
      throw new EnvironmentError(
        `could not start Kafka node ${launch.id}: ${error.message}`,
        error.code === 'ENOENT' ? 'install a JDK 17 (`npm run setup`) or set JAVA_HOME' : 'see the error above',
      );
    });
    child.unref();
    return child.pid!;
  } finally {
    closeSync(log);
  }
}

const startedLine = /Kafka Server started/;
const portTaken = /Address already in use|BindException/;

/**
 * Waits until the node logs that it has started, appended after `fromOffset` of its log.
 * Fails fast when the process exits, with the tail of its log in the error.
 */
export async function waitForNodeStarted(options: {
  id: number;
  pid: number;
  logFile: string;
  fromOffset: number;
  timeoutMs: number;
  signal?: AbortSignal;
}): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  let offset = options.fromOffset;
  let carry = '';
  while (Date.now() < deadline) {
    options.signal?.throwIfAborted();
    const chunk = await readFrom(options.logFile, offset);
    offset = chunk.offset;
    const window = carry + chunk.text;
    if (startedLine.test(window)) return;
    if (portTaken.test(window)) {
      throw new EnvironmentError(
        `Kafka node ${options.id} could not bind its port: another process took it after it was chosen`,
        'start the cluster again; ports are chosen afresh each time',
        await tailOf(options.logFile),
      );
    }
    carry = window.slice(-200);
    if (!isAlive(options.pid)) {
      throw new EnvironmentError(`Kafka node ${options.id} exited during start-up`, `its full log is ${options.logFile}`, await tailOf(options.logFile));
    }
    await sleep(100);
  }
  throw new EnvironmentError(
    `Kafka node ${options.id} did not start within ${Math.round(options.timeoutMs / 1000)} s`,
    `its full log is ${options.logFile}; a slow machine may need a longer --timeout`,
    await tailOf(options.logFile),
  );
}
