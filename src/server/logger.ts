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
    (options.stream as DestinationStream | undefined) ?? bufferedStdout(),
  );
}

/** How long a log line may wait in the buffer at most. */
export const LOG_FLUSH_MS = 200;

/**
 * Stdout, buffered: lines leave in one write per 8 KB or every LOG_FLUSH_MS, whichever comes
 * first (a handshake logs two lines; a synchronous write per line was two syscalls per
 * connection, the largest single cost of a handshake: docs/server.md, performance notes).
 * pino writes what is left synchronously when the process exits (asynchronous destinations
 * are flushed on exit by pino itself).
 */
function bufferedStdout(): DestinationStream {
  const dest = pino.destination({ dest: 1, sync: false, minLength: 8192 });
  const timer = setInterval(() => {
    // sonic-boom's queued length; flushing an empty buffer would still cost a write
    const state = dest as unknown as { _len?: number; destroyed?: boolean };
    if (state._len !== 0 && !state.destroyed) dest.flush();
  }, LOG_FLUSH_MS);
  timer.unref();
  dest.on('close', () => clearInterval(timer));
  return dest;
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
