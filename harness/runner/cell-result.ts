import type { LatencySummary } from '../metrics/latency-histogram.ts';
import type { ProcessSeries } from '../metrics/resource-sampler.ts';
import type { Setup } from '../spec/experiment-schema.ts';
import type { ProcessProfile } from '../profile/cell-cpu-profiles.ts';
import type { PerformanceWindow } from '../workload/producer-performance.ts';
import type { FaultRecord } from './broker-fault.ts';
import type { RampCellInfo } from './ramp-search.ts';
import type { ProfileReport } from '../profile/worker-profilers.ts';

export type CellStatus = 'completed' | 'failed' | 'aborted';

/** Everything measured for one cell (a variant × a repetition); the unit of run.json's `cells[]`. */
export interface CellResult {
  index: number;
  variant: string;
  repetition: number;
  status: CellStatus;
  reason?: string;
  params: Setup;
  topic: string;
  startedAt: string;
  endedAt?: string;
  produced?: { attempted: number; acked: number; errors: number };
  /** unique and duplicates need sequence numbers: absent when processors only count records (bare, consumer-performance). */
  consumed?: { received: number; unique?: number; duplicates?: number };
  lost?: number;
  sink?: { persisted: number };
  /** consumedPerSec is absent in a producer-only cell (processor.consumers: 0). */
  /**
   * Carried rates of the measured window: produced = meant for it and acknowledged before it ended; consumed =
   * received during it. `offeredPerSec` is what a fixed-rate schedule offered (all producers), absent at max rate.
   */
  throughput?: { producedPerSec: number; consumedPerSec?: number; mbPerSec: number; offeredPerSec?: number };
  /** Produce latency is send → acknowledgement; end-to-end ones are absent in a producer-only cell. */
  latency?: { produce?: LatencySummary; endToEnd?: LatencySummary; endToEndCorrected?: LatencySummary | null };
  generatorLoop?: { meanMs: number; stddevMs: number; loops: number };
  task?: Record<string, number>;
  timeseries?: { second: number[]; producedPerSec: number[]; consumedPerSec: number[]; lag: { second: number[]; lag: number[] } };
  resources?: ProcessSeries[];
  /** With profile.cpu: each generator's and processor's top functions (self and total time). */
  profiles?: ProcessProfile[];
  /** Profilers' pages: 0x flame graphs, clinic reports, brokers' JFR flame graphs. */
  profileReports?: ProfileReport[];
  /** A ProducerPerformance cell: the tool's own window lines (its records/s and latency per 5 s). */
  producerPerformance?: { windows: PerformanceWindow[] };
  /** With fault: the broker killed (and restarted) during the measured phase, and the recovery time. */
  fault?: FaultRecord;
  /** A step of a ramp: its variant, offered rate, and whether it was sustainable. */
  ramp?: RampCellInfo;
  /** The topic's log segments on the brokers' disks after the cell (local clusters): all replicas, and per message per replica. */
  disk?: { bytes: number; bytesPerMessage: number };
  errors?: string[];
  /** Files of this cell, relative to the run folder. */
  files?: { logs: string; histograms: string };
}
