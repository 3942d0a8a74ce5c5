/**
 * `wsgate`: the command-line entry. Dispatches to a command module, turns errors into
 * messages and exit codes (2 for usage), and never shows a stack trace unless WSGATE_DEBUG=1.
 */
import { LANGS, isLang, langFromEnv, type Lang } from '../i18n/index.js';
import type { Command, CommandIO } from './command.js';
import { CliError, UsageError, usageError } from './errors.js';
import { cliMessage } from './messages.js';
import { version } from './version.js';

const COMMANDS: Record<string, () => Promise<{ command: Command }>> = {
  serve: () => import('./commands/serve.js'),
  doctor: () => import('./commands/doctor.js'),
  deploy: () => import('./commands/deploy.js'),
  lint: () => import('./commands/lint.js'),
  logs: () => import('./commands/logs.js'),
};

export { version };

async function usage(lang: Lang): Promise<string> {
  // The Chinese help is loaded only when asked for (it reads the server's option list).
  const zh = lang === 'zh-CN' ? await import('./help.zh-CN.js') : null;
  const top = zh?.MAIN_HELP_ZH;
  const lines = [top?.usage ?? 'Usage: wsgate <command> [options]', '', top?.commands ?? 'Commands:'];
  for (const [name, load] of Object.entries(COMMANDS)) {
    const { command } = await load();
    lines.push(`  ${name.padEnd(8)} ${zh?.HELP_ZH[name]?.summary ?? command.summary}`);
  }
  lines.push(
    '',
    top?.options ?? 'Options:',
    top?.help ?? '  -h, --help     show help (also: wsgate <command> --help)',
    top?.version ?? '  -v, --version  print the version',
    top?.lang ?? '  --lang <lang>  language of the output: en or zh-CN (default: from LC_ALL/LANG)',
    '',
  );
  return lines.join('\n');
}

/** A command's --help in the language asked for (English when it has no words in it). */
async function commandUsage(command: Command, lang: Lang): Promise<string> {
  if (lang === 'zh-CN') {
    const { HELP_ZH } = await import('./help.zh-CN.js');
    const { TARGETS } = await import('../deploy/index.js');
    const zh = HELP_ZH[command.name];
    if (zh) return zh.usage(TARGETS);
  }
  return command.usage;
}

/**
 * Takes the global `--lang en|zh-CN` (or `--lang=…`) out of argv, wherever it stands.
 * Without it the language follows LC_ALL/LC_MESSAGES/LANG (docs/i18n.md).
 *
 * @example takeLang(['doctor', 'wss://x/ws', '--lang', 'zh-CN'], {}) // { lang: 'zh-CN', argv: ['doctor', 'wss://x/ws'] }
 */
export function takeLang(argv: readonly string[], env: NodeJS.ProcessEnv): { lang: Lang; argv: string[] } {
  let lang = langFromEnv(env);
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      rest.push(...argv.slice(i));
      break;
    }
    if (arg !== '--lang' && !arg.startsWith('--lang=')) {
      rest.push(arg);
      continue;
    }
    const value = arg === '--lang' ? argv[++i] : arg.slice('--lang='.length);
    if (value === undefined || value === '') throw Object.assign(usageError('LANG_MISSING', { langs: LANGS.join(', ') }), { lang });
    if (!isLang(value)) throw Object.assign(usageError('LANG_INVALID', { value, langs: LANGS.join(', ') }), { lang });
    lang = value;
  }
  return { lang, argv: rest };
}

/** Runs the CLI; resolves with the process exit code. */
export async function main(args: string[], baseIo: CommandIO = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env }): Promise<number> {
  let io: CommandIO = baseIo;
  let argv: string[];
  try {
    const taken = takeLang(args, io.env);
    io = { ...io, lang: taken.lang };
    argv = taken.argv;
  } catch (err) {
    return reportError(err, { ...io, lang: (err as { lang?: Lang }).lang ?? 'en' });
  }
  const [first, ...rest] = argv;
  try {
    if (first === undefined || first === '-h' || first === '--help' || first === 'help') {
      io.stdout.write(await usage(io.lang ?? 'en'));
      return first === undefined ? 2 : 0;
    }
    if (first === '-v' || first === '--version') {
      io.stdout.write(`${version()}\n`);
      return 0;
    }
    const load = COMMANDS[first];
    if (!load) throw usageError('UNKNOWN_COMMAND', { name: first, commands: Object.keys(COMMANDS).join(', ') });
    const { command } = await load();
    if (rest.includes('-h') || rest.includes('--help')) {
      const text = await commandUsage(command, io.lang ?? 'en');
      io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
      return 0;
    }
    return await command.run(rest, io);
  } catch (err) {
    return reportError(err, io);
  }
}

/** The one top-level handler: a precise message in the user's language, the right exit code, no stack trace. */
export function reportError(err: unknown, io: Pick<CommandIO, 'stderr' | 'env' | 'lang'>): number {
  const lang = io.lang ?? 'en';
  if (err instanceof UsageError || err instanceof CliError) {
    const text = err.words ? cliMessage(lang, err.words.key, err.words.data) : err.message;
    io.stderr.write(`wsgate: ${text}\n`);
    return err.exitCode;
  }
  const message = err instanceof Error ? err.message : String(err);
  io.stderr.write(`wsgate: ${cliMessage(lang, 'UNEXPECTED', { error: message })}\n`);
  if (io.env.WSGATE_DEBUG && err instanceof Error && err.stack) io.stderr.write(`${err.stack}\n`);
  return 1;
}
