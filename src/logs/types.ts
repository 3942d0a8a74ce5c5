/**
 * What `wsgate logs` reads and keeps: one parsed line at a time (access-log requests or
 * wsgate's own JSON events), folded into a bounded tally that the rules read. No query string,
 * user name or token is kept: only paths, statuses, durations, counts and line numbers.
 */

export type LogFormat = 'ingress-nginx' | 'nginx-combined' | 'wsgate';

/** Where a line came from, for example references (`file:line`). */
export interface LineRef {
  file: string;
  line: number;
}

/** One request from an access log. */
export interface AccessEntry {
  kind: 'access';
  format: 'ingress-nginx' | 'nginx-combined';
  method: string;
  /** The path without its query string (tokens ride there). */
  path: string;
  status: number;
  /** `$request_time` in seconds, when the format has it: a WebSocket session's whole life. */
  requestTime?: number;
  /** `$proxy_upstream_name` (ingress-nginx), else the upstream address when logged. */
  upstream?: string;
  /** The last upstream's status (`$upstream_status`), when logged. */
  upstreamStatus?: number;
}

/** One event from wsgate's JSON log (src/server/logger.ts writes them with pino). */
export interface WsgateEntry {
  kind: 'wsgate';
  event: 'close' | 'auth-failure' | 'refuse' | 'reject' | 'drain' | 'drained' | 'heartbeat-timeout' | 'slow-consumer' | 'rate-limit' | 'other';
  code?: number;
  reason?: string;
  durationMs?: number;
  status?: number;
  connections?: number;
}

export type LogEntry = AccessEntry | WsgateEntry;

/** The result of parsing one line: an entry, a line to ignore (blank, not a request), or garbage. */
export type ParsedLine = { ok: true; format: LogFormat; entry: LogEntry } | { ok: false; reason: 'garbled' | 'too-long' } | { ok: 'skip' };
