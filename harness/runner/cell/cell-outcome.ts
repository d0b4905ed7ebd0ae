import type { CellFigures, CellResult } from '../../results/cell-result.ts';
import type { CellPart } from './cell-collector.ts';
import type { LoadOutcome } from './cell-load.ts';
import type { CellPlan } from './cell-plan.ts';

/** How a cell ended: what its load measured (if it got that far), the collectors' parts, or what went wrong. */
export interface CellEnding {
  outcome?: LoadOutcome;
  parts: CellPart[];
  /** Set when the cell stopped on an error or an interrupt before its load reported. */
  failure?: { interrupted: boolean; message: string };
}

/** Collectors' parts merged in order: lists concatenate, the lag series joins the load's timeseries. */
function mergeParts(parts: CellPart[]): CellPart {
  const merged: CellPart = {};
  for (const { profileReports, errors, ...rest } of parts) {
    Object.assign(merged, rest);
    if (profileReports) merged.profileReports = [...(merged.profileReports ?? []), ...profileReports];
    if (errors) merged.errors = [...(merged.errors ?? []), ...errors];
  }
  return merged;
}

/**
 * An interrupted cell keeps what it measured, marked: throughput and latency only when at least a second of
 * the measured phase ran, loss only when the short drain let processors catch up (else it would count
 * messages still in flight as lost).
 */
function keptAfterInterrupt(figures: CellFigures, measuredMs: number, drained: boolean): { figures: CellFigures; reason: string } {
  const { throughput, latency, lost, lossLocation, ...rest } = figures;
  const notes = [`interrupted after ${(measuredMs / 1000).toFixed(1)} s of the measured phase; figures cover only that part`];
  const long = measuredMs >= 1000;
  if (!long) notes.push('too short for throughput or latency');
  if (!drained) notes.push('loss not assessed: processors had not caught up');
  return {
    figures: {
      ...rest,
      ...(long && throughput ? { throughput } : {}),
      ...(long && latency ? { latency } : {}),
      ...(drained && lost !== undefined ? { lost, ...(lossLocation ? { lossLocation } : {}) } : {}),
    },
    reason: notes.join('; '),
  };
}

/** The cell's record, built once from everything its phases handed back. */
export function cellOutcome(plan: CellPlan, ending: CellEnding): CellResult {
  const { cell, variant } = plan.context;
  const { lag, errors: collectorErrors, ...collected } = mergeParts(ending.parts);
  const errors = [...(ending.outcome?.errors ?? []), ...(collectorErrors ?? [])];
  const base = {
    index: cell.index,
    variant: variant.name,
    key: variant.key,
    repetition: cell.repetition,
    params: plan.setup,
    topic: plan.topic,
    startedAt: plan.startedAt,
    files: plan.files,
  };
  const ended = { ...collected, endedAt: new Date().toISOString(), ...(errors.length ? { errors } : {}) };
  const { outcome, failure } = ending;
  if (failure || !outcome) {
    const message = failure?.message ?? 'the load reported nothing';
    return failure?.interrupted ? { ...base, status: 'aborted', reason: message, ...ended } : { ...base, status: 'failed', reason: message, ...ended };
  }
  const { timeseries, ...figures } = outcome.figures;
  const withLag = timeseries ? { timeseries: { ...timeseries, lag: lag ?? timeseries.lag } } : {};
  if (outcome.reason !== undefined) {
    const status = outcome.interrupted ? 'aborted' : 'failed';
    return { ...base, status, reason: outcome.reason, ...figures, ...withLag, ...ended };
  }
  if (outcome.interrupted) {
    const kept = keptAfterInterrupt(figures, outcome.measuredMs, outcome.drained);
    return { ...base, status: 'aborted', reason: kept.reason, ...kept.figures, ...withLag, ...ended };
  }
  // Messages still in the topic are not lost; with a backlog left, loss cannot be told apart from it.
  const { lost, lossLocation, ...assessed } = figures;
  const { produced, throughput } = figures;
  if (!produced || !throughput || !withLag.timeseries)
    return { ...base, status: 'failed', reason: 'the load reported no acknowledgements or rates', ...figures, ...withLag, ...ended };
  return {
    ...base,
    status: 'completed',
    ...assessed,
    ...(outcome.drained && lost !== undefined ? { lost, ...(lossLocation ? { lossLocation } : {}) } : {}),
    produced,
    throughput,
    timeseries: withLag.timeseries,
    ...ended,
  };
}
