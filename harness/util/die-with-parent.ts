import { existsSync } from 'node:fs';

const setpriv = '/usr/bin/setpriv';

/**
 * A command that gets SIGTERM when the process that started it dies, even by SIGKILL (Linux's parent-death signal,
 * through util-linux's setpriv, which execs the command: the PID stays). Where setpriv is missing, the command as is.
 */
export function dyingWithParent(command: string, args: string[]): { command: string; args: string[] } {
  return existsSync(setpriv) ? { command: setpriv, args: ['--pdeathsig', 'TERM', '--', command, ...args] } : { command, args };
}
