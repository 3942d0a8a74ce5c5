/**
 * Logging: pino JSON lines. Tokens never reach a log: every URL goes through `redactUrl`, and
 * the Authorization/Cookie headers are redacted should a request ever be logged whole.
 */
import { pino, type Logger, type DestinationStream } from 'pino';

export type { Logger };

export interface LoggerOptions {
  level: string;
  /** Where lines go (default stdout). Tests pass a stream to read them. */
  stream?: DestinationStream | NodeJS.WritableStream;
  /** Bound into every line, e.g. `{ node }`. */
  base?: Record<string, unknown>;
}

export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      base: options.base ?? {},
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization', 'headers.cookie', 'token', 'ticket'], censor: '[redacted]' },
      formatters: { level: (label) => ({ level: label }) },
    },
    (options.stream as DestinationStream | undefined) ?? pino.destination({ dest: 1, sync: true }),
  );
}

/**
 * Drops the value of every query parameter, so `?token=…`/`?ticket=…` never reach a log.
 * @example redactUrl('/api/ws/chat?token=abc&x=1') // '/api/ws/chat?token=[redacted]&x=[redacted]'
 */
export function redactUrl(url: string | undefined): string {
  if (!url) return '';
  const q = url.indexOf('?');
  if (q < 0) return url;
  const query = url
    .slice(q + 1)
    .split('&')
    .filter(Boolean)
    .map((pair) => `${pair.split('=')[0]!.slice(0, 40)}=[redacted]`)
    .join('&');
  return `${url.slice(0, q)}?${query}`;
}
