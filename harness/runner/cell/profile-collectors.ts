import { mkdir } from 'node:fs/promises';
import { brokerNodes } from '../../cluster/types.ts';
import { startBrokerRecordings, stopBrokerRecordings, type RecordedBroker } from '../../profile/broker-flight-recordings.ts';
import { summarizeCpuProfiles } from '../../profile/cell-cpu-profiles.ts';
import { collectProfileReports } from '../../profile/worker-profilers.ts';
import type { CellCollector } from './cell-collector.ts';
import type { CellPlan } from './cell-plan.ts';
import { errorMessage } from '../../util/error-message.ts';

/** The pages of profilers wrapped around the load's workers (0x, clinic): ready once the workers have exited. */
export function workerProfilePages(plan: CellPlan): CellCollector {
  return {
    async start() {},
    async stop() {
      const reports = await collectProfileReports(plan.profileDir, plan.context.runDir);
      return reports.length ? { profileReports: reports } : {};
    },
  };
}

/** With profile.cpu: each worker's --cpu-prof profile as a table of its top functions. */
export function cpuProfileTables(plan: CellPlan): CellCollector {
  return {
    async start() {},
    async stop() {
      if (!plan.setup.profile.cpu) return {};
      try {
        return { profiles: await summarizeCpuProfiles(plan.profileDir, plan.context.runDir) };
      } catch (error) {
        return { profiles: [], errors: [`cpu profiles: ${errorMessage(error)}`] };
      }
    },
  };
}

/**
 * With profile.broker: a Java Flight Recording of each broker JVM this machine runs, started with the load so the
 * flame graph shows the cell's traffic, not its set-up.
 */
export function brokerFlightRecordings(plan: CellPlan): CellCollector {
  const { cluster, runDir } = plan.context;
  const brokers: RecordedBroker[] = plan.setup.profile.broker
    ? brokerNodes(cluster)
        .filter((node) => node.pid)
        .map((node) => ({ id: node.id, pid: node.pid! }))
    : [];
  const errors: string[] = [];
  if (plan.setup.profile.broker && brokers.length === 0)
    errors.push(`profile.broker: no broker JVM of this cluster (provider ${cluster.provider}) runs on this machine; nothing recorded`);
  let started = false;
  return {
    async start() {
      if (brokers.length === 0) return;
      await mkdir(plan.profileDir, { recursive: true });
      errors.push(...(await startBrokerRecordings(brokers)));
      started = true;
    },
    async stop() {
      if (!started) return errors.length ? { errors } : {};
      const stopped = await stopBrokerRecordings(brokers, plan.profileDir, runDir);
      const all = [...errors, ...stopped.errors];
      return { ...(stopped.reports.length ? { profileReports: stopped.reports } : {}), ...(all.length ? { errors: all } : {}) };
    },
  };
}
