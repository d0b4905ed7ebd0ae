import { ExitCode, UserError } from '../errors.ts';

/** Progress and notes go to stderr; stdout carries only data a script may read. */
export function info(line: string): void {
  process.stderr.write(`${line}\n`);
}

export function data(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** The one place errors become text and exit codes: `Error: <what> (<hint>)`, a stack only for bugs. */
export function reportError(error: unknown): ExitCode {
  if (error instanceof UserError) {
    info(`Error: ${error.what} (${error.hint})`);
    if (error.details) info(error.details.replace(/^/gm, '  | '));
    return error.exitCode;
  }
  if (error instanceof Error && error.name === 'AbortError') {
    info('Interrupted; everything started was stopped.');
    return ExitCode.interrupted;
  }
  info(`Error: internal: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  info('(this is a bug in kafka-lab; please report it with the command you ran)');
  return ExitCode.internal;
}
