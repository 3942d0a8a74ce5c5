/**
 * `wsgate`: the command-line entry. Dispatches to a command module, turns errors into
 * messages and exit codes (2 for usage), and never shows a stack trace unless WSGATE_DEBUG=1.
 */
import type { Command, CommandIO } from './command.js';
import { CliError, UsageError } from './errors.js';
import { version } from './version.js';

const COMMANDS: Record<string, () => Promise<{ command: Command }>> = {
  serve: () => import('./commands/serve.js'),
  doctor: () => import('./commands/doctor.js'),
  deploy: () => import('./commands/deploy.js'),
  lint: () => import('./commands/lint.js'),
  logs: () => import('./commands/logs.js'),
};

export { version };

async function usage(): Promise<string> {
  const lines = ['Usage: wsgate <command> [options]', '', 'Commands:'];
  for (const [name, load] of Object.entries(COMMANDS)) {
    const { command } = await load();
    lines.push(`  ${name.padEnd(8)} ${command.summary}`);
  }
  lines.push('', 'Options:', '  -h, --help     show help (also: wsgate <command> --help)', '  -v, --version  print the version', '');
  return lines.join('\n');
}

/** Runs the CLI; resolves with the process exit code. */
export async function main(argv: string[], io: CommandIO = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env }): Promise<number> {
  const [first, ...rest] = argv;
  try {
    if (first === undefined || first === '-h' || first === '--help' || first === 'help') {
      io.stdout.write(await usage());
      return first === undefined ? 2 : 0;
    }
    if (first === '-v' || first === '--version') {
      io.stdout.write(`${version()}\n`);
      return 0;
    }
    const load = COMMANDS[first];
    if (!load) throw new UsageError(`unknown command "${first}" (try: ${Object.keys(COMMANDS).join(', ')})`);
    const { command } = await load();
    if (rest.includes('-h') || rest.includes('--help')) {
      io.stdout.write(command.usage.endsWith('\n') ? command.usage : `${command.usage}\n`);
      return 0;
    }
    return await command.run(rest, io);
  } catch (err) {
    return reportError(err, io);
  }
}

/** The one top-level handler: a precise message, the right exit code, no stack trace. */
export function reportError(err: unknown, io: Pick<CommandIO, 'stderr' | 'env'>): number {
  if (err instanceof UsageError) {
    io.stderr.write(`wsgate: ${err.message}\n`);
    return 2;
  }
  if (err instanceof CliError) {
    io.stderr.write(`wsgate: ${err.message}\n`);
    return err.exitCode;
  }
  const message = err instanceof Error ? err.message : String(err);
  io.stderr.write(`wsgate: unexpected error: ${message}\n`);
  if (io.env.WSGATE_DEBUG && err instanceof Error && err.stack) io.stderr.write(`${err.stack}\n`);
  return 1;
}
