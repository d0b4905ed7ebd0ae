import type { LatencySummary } from '../metrics/latency-histogram.ts';
import type { ProcessSeries } from '../metrics/resource-sampler.ts';
import type { BrokerMetricsSeries } from '../metrics/broker-metrics-sampler.ts';
import type { CellKey } from '../experiment-file/cell-key.ts';
import type { Setup } from '../experiment-file/experiment-schema.ts';
import type { ProcessProfile } from '../profile/cell-cpu-profiles.ts';
import type { ProfileReport } from '../profile/worker-profilers.ts';

/** What every cell record has, whatever became of the cell. */
interface CellRecordBase {
  index: number;
  /** The cell's display name, cellName(key). */
  variant: string;
  /** What the cell is a repetition of, as data (variant, matrix combination, ramp rate, run in a comparison). */
  key: CellKey;
  repetition: number;
  params: Setup;
  topic: string;
  startedAt: string;
  endedAt?: string;
  resources?: ProcessSeries[];
  /** Each broker's own metrics per second (local clusters, through the JMX exporter agent): see docs/results.md. */
  brokerMetrics?: BrokerMetricsSeries[];
  /** With profile.cpu: each generator's and processor's top functions (self and total time). */
  profiles?: ProcessProfile[];
  /** Profilers' pages: 0x flame graphs, clinic reports, brokers' JFR flame graphs. */
  profileReports?: ProfileReport[];
  /**
   * A ProducerPerformance cell: the tool's own window lines (its records/s and latency per 5 s, per 1 s from Kafka
   * 4.2), and the share of the measured phase they cover (absent in runs before 2026-12, which used whole windows only).
   */
  producerPerformance?: { windows: PerformanceWindow[]; coverage?: number };
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

/** The figures of a cell's measured phase; a completed cell has at least `produced`, `throughput` and `timeseries`. */
export interface CellFigures {
  produced?: { attempted: number; acked: number; errors: number };
  /**
   * unique and duplicates need sequence numbers: absent when processors only count records (bare, consumer-performance).
   * unique: messages received by any processor (the union of their sequence sets); duplicates: every further receipt,
   * on the same processor or another one (runs before 2026-12 counted repeats within one processor only).
   */
  consumed?: { received: number; unique?: number; duplicates?: number };
  lost?: number;
  /** Where the lost messages were: by producer and partition (docs/measurement.md); absent when none was lost. */
  lossLocation?: LostMessages[];
  /**
   * Rows the sink wrote: `persisted` all of them, warm-up and drain included; `measured` those whose write completed
   * inside the measured window, the sink's share of the window msgs/s covers (absent in runs older than it).
   */
  sink?: { persisted: number; measured?: number };
  /**
   * Carried rates of the measured window (docs/measurement.md): produced = messages intended inside it and
   * acknowledged before it ended; consumed = messages intended inside it and received by any processor before it
   * ended (`consumedBasis` intended-in-window), or, for processors that only count records, what arrived during it
   * (arrived-in-window; runs before 2026-12 have no basis and counted arrivals). Absent in a producer-only cell.
   * `offeredPerSec` is what a fixed-rate schedule offered (all producers), absent at max rate.
   */
  throughput?: {
    producedPerSec: number;
    consumedPerSec?: number;
    consumedBasis?: 'intended-in-window' | 'arrived-in-window';
    mbPerSec: number;
    offeredPerSec?: number;
  };
  /**
   * Produce latency is send → acknowledgement from the actual send (the service time), `produceFromIntended` the same
   * from each message's scheduled send time (fixed rate only); `ackUnit` says what one acknowledgement covered.
   * endToEnd is send → processed from the actual send, endToEndCorrected from the scheduled one (null at max rate);
   * both absent in a producer-only cell.
   */
  latency?: {
    produce?: LatencySummary;
    produceFromIntended?: LatencySummary;
    ackUnit?: 'message' | 'batch';
    endToEnd?: LatencySummary;
    endToEndCorrected?: LatencySummary | null;
  };
  generatorLoop?: { meanMs: number; stddevMs: number; loops: number };
  task?: Record<string, number>;
  /**
   * Each generator's and processor's own CPU time over exactly the measured window (process.cpuUsage read inside the
   * process at the window's start and end), % of one core, by process name: the check on the sampled figures.
   */
  windowCpu?: Record<string, number>;
  timeseries?: { second: number[]; producedPerSec: number[]; consumedPerSec: number[]; lag: { second: number[]; lag: number[] } };
}

/** A cell that ran its measured phase to the end. */
export interface CompletedCell extends CellRecordBase, CellFigures {
  status: 'completed';
  reason?: undefined;
  produced: NonNullable<CellFigures['produced']>;
  throughput: NonNullable<CellFigures['throughput']>;
  timeseries: NonNullable<CellFigures['timeseries']>;
}

/** A cell stopped by an interrupt: what it measured until then, and `reason` says what that covers. */
export interface AbortedCell extends CellRecordBase, CellFigures {
  status: 'aborted';
  reason: string;
}

/** A cell that could not measure (its cluster, topic or workers failed): `reason` says why. */
export interface FailedCell extends CellRecordBase, CellFigures {
  status: 'failed';
  reason: string;
}

/**
 * Everything recorded for one cell (a variant × a repetition); the unit of run.json's `cells[]`. What became of
 * the cell decides what it holds: see CompletedCell, AbortedCell, FailedCell.
 */
export type CellResult = CompletedCell | AbortedCell | FailedCell;

/**
 * Acknowledged messages of one producer that no processor received, on one partition: how many, which sequence
 * numbers, the offsets the brokers acknowledged them at and when they were handed to the client. Partition, offsets
 * and send times need a client that reports each delivery (confluent-rdkafka) in a cell with a fault; without them
 * a producer's lost messages are one group with their sequence numbers only.
 */
export interface LostMessages {
  producer: number;
  partition?: number;
  count: number;
  /** The lost sequence numbers as runs [first, last], the first 20 of `runs`. */
  seqRuns: Array<[number, number]>;
  runs: number;
  /** The lowest and highest offset they were acknowledged at. */
  offsets?: [number, number];
  /** The first and last send, seconds since the cell's start (the timeseries' and the fault's seconds). */
  sentSeconds?: [number, number];
}

/** What happened to the broker a cell killed, in seconds since the cell's start (the timeseries' seconds). */
export interface FaultRecord {
  broker: number;
  killedAtSecond?: number;
  /** The kill in seconds since the cell's start to the millisecond (killedAtSecond is its whole second, as the timeseries counts). */
  killedAt?: number;
  restartedAtSecond?: number;
  /** How long the restart took until the broker served again. */
  restartTookSeconds?: number;
  /** See recoverySeconds; null when it had not recovered by the end of the cell. */
  recoverySeconds?: number | null;
  error?: string;
}

/** What a ramp step records in its cell. */
export interface RampCellInfo {
  variant: string;
  step: number;
  /** Offered msgs/s of all producers together. */
  offeredRate: number;
  sustainable: boolean;
  reason: string;
}

/** One of ProducerPerformance's periodic lines (it prints one every 5 s), with when we read it. */
export interface PerformanceWindow {
  /** Seconds since the cell's start (the generators' schedule start) when the line arrived (fractional from 2026-12). */
  endSecond: number;
  records: number;
  recordsPerSec: number;
  mbPerSec: number;
  avgLatencyMs: number;
  maxLatencyMs: number;
}

/** A pilot cell (repetition 0): run and reported, never counted in a figure, an interval or a verdict. */
export const isPilot = (cell: Pick<CellResult, 'repetition'>) => cell.repetition === 0;

/** `pilot`, `r3`: how a repetition is named wherever a person reads it. */
export const repetitionLabel = (repetition: number) => (repetition === 0 ? 'pilot' : `r${repetition}`);

export function isCompleted(cell: CellResult): cell is CompletedCell {
  return cell.status === 'completed';
}
