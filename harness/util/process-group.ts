import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Liveness by /proc where it exists, so that a zombie (exited, not yet reaped) counts as gone.
 * Elsewhere falls back to signal 0.
 */
export function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  }
}

/** The command line of a live process, to tell our JVM from an unrelated process that reused its PID. */
export function commandLineOf(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return undefined;
  }
}

/** Sends a signal to the whole process group led by `pid`. False when the group no longer exists. */
export function signalGroup(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw error;
  }
}

/** Waits until `pid` is gone, polling every 50 ms; false when it still lives after `timeoutMs`. */
export async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await sleep(50);
  }
  return !isAlive(pid);
}

/** How a stop ended: `terminated` by SIGTERM within the grace period, `killed` after it, `gone` before we asked. */
export type StopOutcome = 'terminated' | 'killed' | 'gone';

/** SIGTERM to the group (so shutdown hooks run), SIGKILL once `graceMs` has passed. */
export async function stopProcessGroup(pid: number, graceMs: number): Promise<StopOutcome> {
  if (!isAlive(pid)) return 'gone';
  // A paused (SIGSTOPped) process cannot act on SIGTERM until it is continued.
  signalGroup(pid, 'SIGCONT');
  if (!signalGroup(pid, 'SIGTERM')) return 'gone';
  if (await waitForExit(pid, graceMs)) return 'terminated';
  signalGroup(pid, 'SIGKILL');
  await waitForExit(pid, 5_000);
  return 'killed';
}

/** SIGKILL to the group, then waits until the leader is gone. */
export async function killProcessGroup(pid: number): Promise<void> {
  if (signalGroup(pid, 'SIGKILL')) await waitForExit(pid, 5_000);
}

/** Live processes whose command line contains `text` (Linux: read from /proc; elsewhere none are found). */
export function processesMentioning(text: string): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  return entries
    .filter((entry) => /^\d+$/.test(entry) && Number(entry) !== process.pid)
    .map(Number)
    .filter((pid) => isAlive(pid) && commandLineOf(pid)?.includes(text));
}
