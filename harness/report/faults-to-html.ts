import { repetitionLabel } from '../results/cell-result.ts';
import type { CellResult } from '../results/cell-result.ts';
import { escapeHtml } from './html-escape.ts';

const seconds = (value: number | null | undefined) => (value === undefined ? '–' : value === null ? 'not within the cell' : `${value} s`);

/** One line per cell that killed a broker: when, the recovery time, and what the pipeline lost. */
export function faultLine(cell: CellResult): string {
  const fault = cell.fault!;
  const lost = cell.lost === undefined ? 'loss not assessed' : `${cell.lost} acknowledged message(s) lost`;
  const failed = cell.produced ? `${cell.produced.errors} send(s) failed` : '';
  const when =
    fault.killedAtSecond === undefined
      ? 'not killed'
      : `killed at ${fault.killedAt ?? fault.killedAtSecond} s, restarted at ${fault.restartedAtSecond ?? '–'} s (restart took ${seconds(fault.restartTookSeconds)})`;
  return `${cell.variant} ${repetitionLabel(cell.repetition)}: broker ${fault.broker} ${when}; recovery ${seconds(fault.recoverySeconds)}; ${lost}; ${failed}${fault.error ? `; ${fault.error}` : ''}`;
}

/** The run's broker kills (one faultLine each), or nothing when it had none. */
export function faultsSection(lines: string[]): string {
  if (lines.length === 0) return '';
  return `<section><h2>Broker failures</h2><p>Recovery time: from the kill until acknowledged msgs/s first came back to half their level of the 5 s before it.</p><ul id="faults">${lines.map((line) => `<li>${escapeHtml(line)}</li>`).join('')}</ul></section>`;
}
