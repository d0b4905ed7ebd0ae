import { execa as baseExeca } from 'execa';

/**
 * execa without its `cleanup` option. With cleanup, execa subscribes every child to signal-exit, whose SIGINT and
 * SIGTERM listeners re-raise the signal (and so kill this process) whenever the number of the process's listeners
 * equals the number of its subscribers, which happens by chance with a few children alive: a Ctrl-C while the
 * cluster formats its storage, or a second Ctrl-C, killed the runner before it could write what it had measured.
 * kafka-lab ends its children itself (process groups; brokers die with their parent through PR_SET_PDEATHSIG), so
 * no library needs a signal handler of its own.
 */
export const execa = baseExeca({ cleanup: false });
