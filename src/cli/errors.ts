/**
 * CLI errors. A `UsageError` exits 2 with a message naming the flag; nothing here prints a
 * stack trace to the user (set WSGATE_DEBUG=1 to see one).
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  readonly code = 'USAGE';
  readonly exitCode = 2;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** An error the user can act on (bad file, unreachable thing); exits with `exitCode`. */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly code: string,
    readonly exitCode = 1,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
