import { rm } from 'node:fs/promises';
import path from 'node:path';
import { execa } from '../util/exec.ts';
import { jfrToFlameGraph } from './jfr-converter.ts';
import type { ProfileReport } from './worker-profilers.ts';
import { errorMessage } from '../util/error-message.ts';

/** A broker JVM to record: its node id and PID. */
export interface RecordedBroker {
  id: number;
  pid: number;
}

const recordingName = 'kafka-lab-cell';

/**
 * Java Flight Recorder per cell, started and stopped on the running brokers with jcmd, so one cluster can serve
 * many cells and each cell's flame graph covers that cell only. The `profile` settings sample Java stacks every
 * 10-20 ms; JFR's overhead is low by design, which is why it, not an agent, profiles the brokers.
 */
export async function startBrokerRecordings(brokers: RecordedBroker[]): Promise<string[]> {
  const errors: string[] = [];
  await Promise.all(
    brokers.map(async (broker) => {
      const result = await execa('jcmd', [String(broker.pid), 'JFR.start', `name=${recordingName}`, 'settings=profile'], { reject: false, all: true });
      if (result.exitCode !== 0 || /error|exception/i.test(result.all ?? ''))
        errors.push(`broker-${broker.id}: JFR.start failed: ${(result.all ?? '').trim().split('\n').pop()}`);
    }),
  );
  return errors;
}

/** Stops each broker's recording into `<dir>/broker-<id>.jfr` and turns it into `broker-<id>.jfr-flamegraph.html`. */
export async function stopBrokerRecordings(brokers: RecordedBroker[], dir: string, runDir: string): Promise<{ reports: ProfileReport[]; errors: string[] }> {
  const reports: ProfileReport[] = [];
  const errors: string[] = [];
  await Promise.all(
    brokers.map(async (broker) => {
      const process = `broker-${broker.id}`;
      const recording = path.join(dir, `${process}.jfr`);
      const html = path.join(dir, `${process}.jfr-flamegraph.html`);
      const stop = await execa('jcmd', [String(broker.pid), 'JFR.stop', `name=${recordingName}`, `filename=${recording}`], { reject: false, all: true });
      if (stop.exitCode !== 0) {
        errors.push(`${process}: JFR.stop failed: ${(stop.all ?? '').trim().split('\n').pop()}`);
        return;
      }
      try {
        await jfrToFlameGraph(recording, html, `${process} (Java Flight Recorder, CPU samples)`);
        // The HTML holds the stacks; the binary recording is megabytes a cell and readable only with JDK tools.
        await rm(recording, { force: true });
        reports.push({ process, kind: 'jfr-flamegraph', file: path.relative(runDir, html) });
      } catch (error) {
        errors.push(`${process}: ${errorMessage(error)}`);
      }
    }),
  );
  return { reports: reports.sort((a, b) => a.process.localeCompare(b.process)), errors };
}
