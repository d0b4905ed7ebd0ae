import type { CellCollector } from './cell-collector.ts';
import type { CellPlan } from './cell-plan.ts';
import { diskUseCollector } from './disk-use-collector.ts';
import { faultCollector } from './fault-collector.ts';
import { lagCollector } from './lag-collector.ts';
import { brokerFlightRecordings, cpuProfileTables, workerProfilePages } from './profile-collectors.ts';
import { resourceCollector } from './resource-collector.ts';
import { brokerMetricsCollector } from './broker-metrics-collector.ts';

/**
 * Every collector of a cell, in the order they start and stop (and their parts are merged: worker profile pages
 * come before brokers'). A new measurement is a collector here, not another step in runCell.
 */
export function collectorsFor(plan: CellPlan): CellCollector[] {
  return [
    resourceCollector(plan),
    brokerMetricsCollector(plan),
    lagCollector(plan),
    faultCollector(plan),
    workerProfilePages(plan),
    brokerFlightRecordings(plan),
    cpuProfileTables(plan),
    diskUseCollector(plan),
  ];
}
