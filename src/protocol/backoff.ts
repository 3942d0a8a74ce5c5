/**
 * Reconnect delays, shared by `wsgate/client` and `wsgate/socket`: full-jitter exponential
 * backoff (docs/client.md, "Reconnecting"), and the server's hints (1012's `;reconnect=<ms>`,
 * 503 `Retry-After`) with a little jitter so clients hinted the same delay still spread out.
 */
import { parseCloseReason } from './close-codes.js';

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
 * The wait before the next attempt after a close with `code` and `reason`: the server's hint
 * (`hintMs`, e.g. from `Retry-After`, else the reason's `;reconnect=<ms>`), jittered; without
 * one, full jitter, starting at the third window after 1013 (try again later: the server asked
 * for room).
 * @example reconnectDelay(1006, '', 0) // 0..1999
 */
export function reconnectDelay(
  code: number,
  reason: string,
  attempt: number,
  hintMs?: number,
  options?: BackoffOptions,
  random: () => number = Math.random,
): number {
  const hint = hintMs ?? parseCloseReason(reason).reconnectDelayMs;
  return hint !== undefined ? hinted(hint, random) : fullJitter(code === 1013 ? Math.max(attempt, 2) : attempt, options, random);
}

/**
 * Parses an HTTP `Retry-After` header (RFC 9110 §10.2.3) into ms from `now`: a number of
 * seconds (what wsgate sends) or an HTTP date (what many other servers and CDNs send; a date
 * in the past means "now", 0). Undefined if absent or neither.
 * @example parseRetryAfter('120') // 120000
 * @example parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('Wed, 21 Oct 2015 07:27:00 GMT')) // 60000
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\s*\d+\s*$/.test(value)) return Number(value) * 1000;
  const at = /[a-z]/i.test(value) ? Date.parse(value) : NaN;
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
