import { repetitionLabel } from '../../results/cell-result.ts';
import path from 'node:path';
import type { Admin } from 'kafkajs';
import type { Cluster } from '../../cluster/types.ts';
import type { Cell, Experiment, Variant } from '../../experiment-file/load-experiment.ts';
import type { Setup } from '../../experiment-file/experiment-schema.ts';
import type { MeasureWindow } from '../../workload/ipc.ts';
import { nowMs } from '../../util/clock.ts';
import { fileSlug } from '../../util/file-slug.ts';

/** What a cell needs from the run around it. */
export interface CellContext {
  experiment: Experiment;
  variant: Variant;
  cell: Cell;
  cluster: Cluster;
  admin: Admin;
  runId: string;
  runDir: string;
  /** Addresses of the servers the run provisioned for sinks (see SinkPlugin.provision), by sink name. */
  sinkServers?: Partial<Record<string, string>>;
  signal: AbortSignal;
  /** Aborted by a second interrupt: the drain ends at once. */
  hurry?: AbortSignal;
  onPhase: (phase: string) => void;
  onLive?: (second: LiveSecond) => void;
  onReading?: (reading: LiveReading) => void;
}

/** Once a second while a cell generates: what its workers reported over the second before. */
export interface LiveSecond {
  /** Acknowledged, all generators together. */
  ackedPerSec: number;
  /** Read by the processors (absent without processors). */
  processedPerSec?: number;
  /** The highest of the processors' end-to-end p99s over that second, ms; absent outside the measured phase. */
  p99Ms?: number;
}

/** A figure a collector took this second, for the live view: the chart it belongs on, its line, its value. */
export interface LiveReading {
  chart: 'cpuPercent' | 'lag' | 'brokerProduceMeanMs' | 'brokerProduceP99Ms';
  series: string;
  value: number;
}

/** Everything about a cell that is decided before it starts: its names, folders and topics. */
export interface CellPlan {
  context: CellContext;
  setup: Setup;
  /** `001-<variant>-r1`: the cell's folder under cells/. */
  name: string;
  dir: string;
  profileDir: string;
  topic: string;
  /** Where threshold-alert publishes; created only for that task. */
  alertsTopic: string;
  groupId: string;
  /** The sink's table (database sinks). */
  table: string;
  startedAt: string;
  /** The cell's files, relative to the run folder. */
  files: { logs: string; histograms: string };
}

/** Names, folders and topics of one cell; the topic carries the run id so runs never share one. */
export function planCell(context: CellContext): CellPlan {
  const { cell, variant, runId, runDir } = context;
  const name = `${String(cell.index + 1).padStart(3, '0')}-${fileSlug(variant.name)}-${repetitionLabel(cell.repetition)}`;
  const dir = path.join(runDir, 'cells', name);
  const topic = `kafka-lab-${runId}-${cell.index + 1}`;
  return {
    context,
    setup: variant.setup,
    name,
    dir,
    profileDir: path.join(dir, 'profiles'),
    topic,
    alertsTopic: `${topic}-alerts`,
    groupId: `${topic}-processors`,
    table: `cell_${cell.index + 1}`,
    startedAt: new Date().toISOString(),
    files: { logs: path.join('cells', name), histograms: path.join('cells', name, 'histograms.json') },
  };
}

/** The schedule's start `leadMs` from now, then the warm-up, then the measured phase. */
export function measureWindow(experiment: Experiment, leadMs: number): MeasureWindow {
  const startAt = nowMs() + leadMs;
  return { startAt, measureStart: startAt + experiment.warmupMs, measureEnd: startAt + experiment.warmupMs + experiment.durationMs };
}
