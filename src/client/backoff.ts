/**
 * Reconnect delays: full-jitter exponential backoff (AWS, Brooker 2015; docs/facts.md "Backoff"),
 * and the server's hints (1012's `;reconnect=<ms>`, 503 `Retry-After`) with a little jitter so
 * clients hinted the same delay still spread out.
 */

export interface BackoffOptions {
  /** Window of the first retry, in ms: the delay is uniform in [0, base·2^attempt]. Default 2000. */
  base?: number;
  /** Largest window, in ms. Default 30000. */
  max?: number;
}

export const DEFAULT_BACKOFF: Required<BackoffOptions> = { base: 2000, max: 30_000 };

/** The upper bound of the delay for `attempt` (0-based): min(max, base·2^attempt). */
export function backoffWindow(attempt: number, options: BackoffOptions = {}): number {
  const { base, max } = { ...DEFAULT_BACKOFF, ...options };
  return Math.min(max, base * 2 ** Math.min(attempt, 30));
}

/**
 * Full jitter: uniform in [0, window). Never two clients on the same schedule, since each
 * draws its own random numbers.
 * @example fullJitter(0) // somewhere in 0..1999 ms
 */
export function fullJitter(attempt: number, options: BackoffOptions = {}, random: () => number = Math.random): number {
  return Math.floor(random() * backoffWindow(attempt, options));
}

/**
 * A server-hinted delay plus up to 10 % (at most 1 s) of jitter.
 * @example hinted(2300) // 2300..2529
 */
export function hinted(delayMs: number, random: () => number = Math.random): number {
  return Math.round(delayMs + random() * Math.min(1000, delayMs * 0.1));
}

/**
 * Parses an HTTP `Retry-After` header in seconds (what wsgate sends) into ms; undefined if
 * absent or not a number of seconds (the HTTP-date form is not worth its bytes here).
 */
export function parseRetryAfter(value: string | null | undefined): number | undefined {
  return value && /^\s*\d+\s*$/.test(value) ? Number(value) * 1000 : undefined;
}
