import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { ensureKafkaJars } from '../cluster/local/kafka-jars.ts';
import { javaBinary } from '../cluster/local/jvm-options.ts';
import type { KafkaConnection } from '../drivers/connection.ts';
import { onCpus } from '../util/cpu-placement.ts';
import { dyingWithParent } from '../util/die-with-parent.ts';
import { signalGroup, stopProcessGroup } from '../util/process-group.ts';

/** One of Kafka's own command-line tools (kafka-tools, from the Kafka cache fetched with the brokers), running. */
export interface KafkaToolRun {
  pid: number;
  /** Stops the tool (its whole process group) and waits for it to exit. */
  stop(): Promise<void>;
  /** SIGKILL to its process group at once: for a process about to exit that cannot wait. */
  kill(): void;
}

/**
 * Starts `mainClass` in its own process group, each line of its standard output handed to `onLine`, its standard
 * error appended to `logFile`. It gets SIGTERM if the process that started it dies, however that dies. The tools
 * speak plaintext only here.
 */
export async function startKafkaTool(options: {
  kafkaVersion: string;
  connection: KafkaConnection;
  mainClass: string;
  args: string[];
  logFile: string;
  onLine: (line: string) => void;
  cpus?: string;
}): Promise<KafkaToolRun> {
  const tool = options.mainClass.split('.').pop();
  if (options.connection.sasl || options.connection.ssl) throw new Error(`${tool} runs against plaintext clusters only here (the cluster needs SASL/TLS)`);
  const classpath = await ensureKafkaJars(options.kafkaVersion);
  const log = openSync(options.logFile, 'a');
  const java = dyingWithParent(javaBinary(), ['-Xmx512m', '-cp', classpath, options.mainClass, ...options.args]);
  const { command, args } = onCpus(java.command, java.args, options.cpus);
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', log], detached: true });
  closeSync(log);
  createInterface({ input: child.stdout! }).on('line', options.onLine);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    pid: child.pid!,
    stop: async () => {
      await stopProcessGroup(child.pid!, 10_000);
      await exited;
    },
    kill: () => {
      signalGroup(child.pid!, 'SIGKILL');
    },
  };
}
