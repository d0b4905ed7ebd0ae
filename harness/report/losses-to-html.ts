import { repetitionLabel } from '../results/cell-result.ts';
import type { CellResult, LostMessages } from '../results/cell-result.ts';
import { escapeHtml } from './html-escape.ts';

const whole = (value: number) => value.toLocaleString('en-US');
/** Sequence runs a line shows: a loss spread over partitions by key is hundreds of short runs. */
const shownRuns = 6;
const range = ([low, high]: [number, number], show: (value: number) => string) => (low === high ? show(low) : `${show(low)}–${show(high)}`);
const secondsOf = (value: number) => `${value.toFixed(2)} s`;

/** When a group was sent, against the kill where the cell killed a broker: "5.71–5.99 s (0.29–0.01 s before the kill)". */
function sentAgainstKill(group: LostMessages, killedAt: number | undefined): string {
  if (!group.sentSeconds) return '';
  const sent = range(group.sentSeconds, secondsOf);
  if (killedAt === undefined) return `, sent at ${sent}`;
  const [first, last] = group.sentSeconds.map((s) => s - killedAt) as [number, number];
  const side = (delta: number) => `${Math.abs(delta).toFixed(2)} s ${delta < 0 ? 'before' : 'after'}`;
  return `, sent at ${sent} (${side(first)}${first === last ? '' : ` to ${side(last)}`} the kill at ${killedAt} s)`;
}

/** One line per group of lost messages of a cell: producer, partition, offsets, sequence numbers, send times. */
export function lossLines(cell: CellResult): string[] {
  // Runs before the exact kill time have its whole second only: sends within that second read as "after" it.
  const killedAt = cell.fault?.killedAt ?? cell.fault?.killedAtSecond;
  return (cell.lossLocation ?? []).map((group) => {
    const where = group.partition === undefined ? '' : ` on partition ${group.partition}`;
    const offsets = group.offsets ? `, acknowledged at offsets ${range(group.offsets, whole)}` : '';
    const runs = group.seqRuns
      .slice(0, shownRuns)
      .map((run) => range(run, whole))
      .join(', ');
    const more = group.runs > shownRuns ? ` and ${whole(group.runs - shownRuns)} more runs (run.json lists ${group.seqRuns.length})` : '';
    return `${cell.variant} ${repetitionLabel(cell.repetition)}: producer ${group.producer} lost ${whole(group.count)}${where}${offsets}${sentAgainstKill(group, killedAt)}; sequence numbers ${runs}${more}`;
  });
}

/** Where the run's lost messages were (lossLines), or nothing when none was lost. */
export function lossesSection(lines: string[]): string {
  if (lines.length === 0) return '';
  return `<section><h2>Where acknowledged messages were lost</h2><p>Messages a producer saw acknowledged that no processor received, by producer and the partition the brokers acknowledged them on (partitions, offsets and send times need a client that reports each delivery, in a cell with a fault); send times are seconds since the cell's start, as the broker kill's.</p><ul id="losses">${lines.map((line) => `<li>${escapeHtml(line)}</li>`).join('')}</ul></section>`;
}
