import type { LoopStats } from '../metrics/running-stats.ts';
import type { KafkaConnection } from '../drivers/connection.ts';
import type { Setup } from '../experiment-file/experiment-schema.ts';
import type { EncodedDeliveries } from './delivery-record.ts';

/** The environment variable that tells a workload process where the runner's socket is. */
export const workerSocketVariable = 'KAFKA_LAB_WORKER_SOCKET';

/** The measured window, in wall-clock ms since the epoch, shared by every process of a cell. */
export interface MeasureWindow {
  /** When generators start sending (warm-up begins). */
  startAt: number;
  measureStart: number;
  measureEnd: number;
}

export interface GeneratorConfig {
  producerId: number;
  connection: KafkaConnection;
  topic: string;
  setup: Setup;
  window: MeasureWindow;
}

export interface ProcessorConfig {
  processorId: number;
  connection: KafkaConnection;
  topic: string;
  alertsTopic: string;
  groupId: string;
  setup: Setup;
  cellDir: string;
  table: string;
  /** The address of the server the run provisioned for the sink (see SinkPlugin.provision). */
  sinkServer?: string;
}

export interface GeneratorReport {
  producerId: number;
  attempted: number;
  acked: number;
  errors: number;
  firstError?: string;
  /**
   * `attempted`, `acked` and `bytes`: messages meant to be sent inside the measured phase (by intended send time,
   * as latency is measured); `ackedInWindow` and `bytesInWindow`: those of them acknowledged before the phase
   * ended, which is the rate the cluster carried (a late acknowledgement, in the drain, does not count).
   */
  measured: { attempted: number; acked: number; bytes: number; ackedInWindow: number; bytesInWindow: number };
  /** Send → acknowledgement from the actual send time (the service time), per message or per request: see ackUnit. */
  produceLatency: string;
  /**
   * At a fixed rate: send → acknowledgement from each message's intended (scheduled) send time, so that a message
   * that waited behind a stall counts from when it should have been sent. Absent at max rate (no schedule).
   */
  produceLatencyFromIntended?: string;
  /**
   * What one recorded acknowledgement covers. `batch`: the generator hands the client a batch of messages in one
   * call and the call settles on the batch's last delivery, so every message of the batch is recorded with the
   * batch's slowest acknowledgement (an upper bound per message). `message`: each message's own delivery report.
   */
  ackUnit?: 'message' | 'batch';
  /** In a cell with a fault, from a client that reports each delivery: where each message was acknowledged. */
  deliveries?: EncodedDeliveries;
  /** The sequence numbers of the messages intended inside the measured window: [first, end). */
  measuredSeqs?: { first: number; end: number };
  ackedSeqs: string;
  /** Of them, those acknowledged before the measured window ended (base64 SequenceSet). */
  ackedInWindowSeqs?: string;
  ackedPerSecond: number[];
  loop: LoopStats;
  /** This process's own CPU over the measured window, % of one core (see windowCpu); absent if the window did not end. */
  windowCpuPercent?: number;
}

export interface ProcessorReport {
  processorId: number;
  /** False for processors that count records without reading sequence numbers (bare, consumer-performance). */
  sequenced: boolean;
  received: number;
  unique: number;
  duplicates: number;
  measured: { received: number; bytes: number };
  endToEnd: string;
  endToEndCorrected: string;
  receivedSeqs: Record<string, string>;
  /** Of them, those received before the measured window ended, by producer: the consumed rate's numerator. */
  receivedInWindowSeqs?: Record<string, string>;
  consumedPerSecond: number[];
  persisted: number;
  /** Of them, rows whose write completed inside the measured window: what the summary counts. */
  persistedMeasured: number;
  task: Record<string, number>;
  /** As GeneratorReport's. */
  windowCpuPercent?: number;
  firstError?: string;
}

/** Messages from the runner to a workload process. */
export type ToWorker =
  | { type: 'generate'; config: GeneratorConfig }
  | { type: 'process'; config: ProcessorConfig }
  | { type: 'window'; window: MeasureWindow }
  /** Generators: stop sending now and report what was sent (the run was interrupted). */
  | { type: 'stop' }
  /** Processors: say which sequence numbers you hold now (the drain ends on their union, not on a sum of counts). */
  | { type: 'sequences' }
  | { type: 'finish' };

/** Messages from a workload process to the runner. */
export type FromWorker =
  /** `pid` is the worker's own: under a profiler the process the runner started is the profiler. */
  | { type: 'alive'; pid: number }
  /** A processor is consuming; `toolPid` is the Kafka tool it runs (consumer-performance), for the resource sampler. */
  | { type: 'ready'; toolPid?: number }
  /** `p99Ms`: a processor's end-to-end p99 over the second before, while it measures. */
  | { type: 'progress'; count: number; p99Ms?: number }
  | { type: 'generator-report'; report: GeneratorReport }
  | { type: 'processor-report'; report: ProcessorReport }
  /** The answer to `sequences`: what the processor holds, by producer (base64 SequenceSets). */
  | { type: 'sequences'; receivedSeqs: Record<string, string> }
  | { type: 'failed'; message: string };
