/**
 * CLI errors. A `UsageError` exits 2 with a message naming the flag; nothing here prints a
 * stack trace to the user (set WSGATE_DEBUG=1 to see one). Both carry a message key and its
 * data (messages.ts), so the top-level handler words them in the user's language.
 */
import { cliMessage, type MessageData, type MessageKey } from './messages.js';

export interface Worded {
  key: MessageKey;
  data: MessageData;
}

export class UsageError extends Error {
  override readonly name = 'UsageError';
  readonly code = 'USAGE';
  readonly exitCode = 2;
  readonly words?: Worded;
  constructor(message: string, options?: { cause?: unknown; words?: Worded }) {
    super(message, options);
    if (options?.words) this.words = options.words;
  }
}

/** A usage error from the message table: English message, words for every language. */
export function usageError(key: MessageKey, data: MessageData = {}, options?: { cause?: unknown }): UsageError {
  return new UsageError(cliMessage('en', key, data), { ...options, words: { key, data } });
}

/** An error the user can act on (bad file, unreachable thing); exits with `exitCode`. */
export class CliError extends Error {
  override readonly name = 'CliError';
  words?: Worded;
  constructor(
    message: string,
    readonly code: string,
    readonly exitCode = 1,
    options?: { cause?: unknown; words?: Worded },
  ) {
    super(message, options);
    if (options?.words) this.words = options.words;
  }
}

/** A CliError from the message table. */
export function cliError(key: MessageKey, data: MessageData, code: string, exitCode = 1, options?: { cause?: unknown }): CliError {
  return new CliError(cliMessage('en', key, data), code, exitCode, { ...options, words: { key, data } });
}
