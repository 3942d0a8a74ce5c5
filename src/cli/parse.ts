/** Parsing of flag values shared by the commands: durations, sizes, host:port. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { readDuration } from '../server/duration.js';
import { usageError } from './errors.js';

/**
 * Parses a duration: `250ms`, `10s`, `1.5m`, `2h`, or a bare number taken in `bareUnit`.
 * @example parseDuration('--idle', '120s') // 120000
 */
export function parseDuration(flag: string, value: string, bareUnit: 'ms' | 's' = 'ms'): number {
  const r = readDuration(value, bareUnit);
  if ('ms' in r) return r.ms;
  if (r.error === 'range') throw usageError('OUT_OF_RANGE', { flag, value });
  throw usageError('BAD_DURATION', { flag, value });
}

/** Parses `host:port` (IPv6 as `[::1]:8080`). */
export function parseHostPort(flag: string, value: string, defaultPort?: number): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]+))(?::(\d{1,5}))?$/.exec(value.trim());
  const host = m?.[1] ?? m?.[2];
  const port = m?.[3] !== undefined ? Number(m[3]) : defaultPort;
  if (!host || port === undefined || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw usageError('BAD_HOST_PORT', { flag, value });
  }
  return { host, port };
}

type FlagOptions = NonNullable<ParseArgsConfig['options']>;

/**
 * `node:util` parseArgs with positionals, strict, and its errors turned into a UsageError
 * (exit 2) that points at the command's help.
 * @example parseFlags('lint', argv, { json: { type: 'boolean' } })
 */
export function parseFlags<O extends FlagOptions>(command: string, argv: string[], options: O): ReturnType<typeof parseArgs<{ args: string[]; options: O; allowPositionals: true; strict: true }>> {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    const message = (err as Error).message.replace(/\. To specify a positional argument.*$/s, '');
    throw usageError('BAD_FLAGS', { detail: message, command }, { cause: err });
  }
}
