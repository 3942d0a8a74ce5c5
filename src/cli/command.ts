/** The shape every `wsgate <command>` module exports. */
import type { Lang } from '../i18n/index.js';

export interface CommandIO {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  stdin: NodeJS.ReadableStream;
  env: NodeJS.ProcessEnv;
  /** The language of the human text (--lang, else LC_ALL/LC_MESSAGES/LANG); en when unset. */
  lang?: Lang;
}

export interface Command {
  name: string;
  summary: string;
  /** Full --help text. */
  usage: string;
  /** Runs the command; resolves with the exit code. */
  run(argv: string[], io: CommandIO): Promise<number>;
}

/** Colour only on a TTY, and never when NO_COLOR is set (no-color.org). */
export function useColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  return Boolean(stream.isTTY) && env.NO_COLOR === undefined && env.TERM !== 'dumb';
}
