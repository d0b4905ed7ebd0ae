/** Exit codes of every kafka-lab command; documented in README.md. */
export const ExitCode = {
  ok: 0,
  internal: 1,
  badInput: 2,
  environment: 3,
  /** Every result was written, and a threshold of the experiment file failed. */
  thresholdFailed: 4,
  /** `compare --fail-on-regression`: a variant got worse beyond the tolerance, or the gate could not judge. */
  regression: 5,
  interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * An error the user can act on: `what` went wrong and the `hint` that fixes it.
 * The CLI prints it as `Error: <what> (<hint>)` without a stack trace.
 */
export class UserError extends Error {
  constructor(
    readonly what: string,
    readonly hint: string,
    readonly exitCode: ExitCode = ExitCode.badInput,
    readonly details?: string,
  ) {
    super(`${what} (${hint})`);
    this.name = 'UserError';
  }
}

/** A problem with the machine or a started process rather than with the user's input. */
export class EnvironmentError extends UserError {
  constructor(what: string, hint: string, details?: string) {
    super(what, hint, ExitCode.environment, details);
    this.name = 'EnvironmentError';
  }
}
