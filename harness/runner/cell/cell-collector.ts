import type { WatchedProcess } from '../../metrics/resource-sampler.ts';
import type { CellFigures, CellResult } from '../../results/cell-result.ts';
import type { MeasureWindow } from '../../workload/ipc.ts';

/** What a collector learns when the load starts: the schedule's window, the processes to watch, the group. */
export interface StartedLoad {
  window: MeasureWindow;
  processes: WatchedProcess[];
  /** The processors' consumer group, when the cell has processors that commit. */
  groupId?: string;
}

/** A collector's part of the cell's result: fields of the record, a lag series, errors to report. */
export type CellPart = Partial<Pick<CellResult, 'resources' | 'brokerMetrics' | 'profiles' | 'profileReports' | 'fault' | 'disk'>> & {
  lag?: { second: number[]; lag: number[] };
  errors?: string[];
};

/**
 * Something that watches a cell and hands back its part of the result: a sampler, a profiler, a fault, a disk
 * reading. `start` runs once the load's processes are up, `stop` after they are gone — also when the cell failed
 * or was interrupted before `start`, so `stop` must cope with never having started.
 */
export interface CellCollector {
  start(load: StartedLoad): Promise<void>;
  /** The generators finished; the drain has not begun (a broker fault heals here, so the drain can finish). */
  generatorsDone?(): Promise<void>;
  /** `figures` are what the load measured, absent when it measured nothing. */
  stop(figures: CellFigures | undefined): Promise<CellPart>;
}
