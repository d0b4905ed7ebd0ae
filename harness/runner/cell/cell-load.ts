import type { WatchedProcess } from '../../metrics/resource-sampler.ts';
import type { CellFigures, CellResult } from '../../results/cell-result.ts';
import type { MeasureWindow } from '../../workload/ipc.ts';

/** What a load measured. */
export interface LoadOutcome {
  figures: CellFigures & Pick<CellResult, 'producerPerformance'>;
  /** How much of the measured phase ran, ms: all of it unless interrupted. */
  measuredMs: number;
  interrupted: boolean;
  /** False when processors had not caught up when the drain ended: loss is then not assessed. */
  drained: boolean;
  /** Set when the load measured nothing usable or knows best what to say: the cell's reason, as is. */
  reason?: string;
  errors: string[];
}

/**
 * How a cell's messages are produced (and consumed): the harness's workers, or Kafka's ProducerPerformance. A
 * strategy: runCell calls the same four steps whatever the generator kind.
 */
export interface CellLoad {
  /** How long its processes need between `start` and the schedule's start (forked workers load and connect). */
  leadMs: number;
  /** Starts what must run before the schedule is set: processors joined in a stable group, generators forked. */
  prepare(): Promise<void>;
  /** Sets the schedule; returns the processes the collectors watch and the group whose lag they read. */
  start(window: MeasureWindow): Promise<{ processes: WatchedProcess[]; groupId?: string }>;
  /** Runs the schedule to its end; `generatorsDone` runs once nothing is sent any more, before the drain. */
  run(generatorsDone: () => Promise<void>): Promise<LoadOutcome>;
  /** Stops every process it started, in whatever state; resolves once profilers wrapped around them finished. */
  stop(): Promise<void>;
  /** True when a profiler wraps a process: stopping takes a while then. */
  readonly profiled: boolean;
}
