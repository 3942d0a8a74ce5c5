/**
 * wsgate's own log lines: pino JSON objects, one a line (src/server/logger.ts). Events are read
 * by their `event` field where the server sets one, else by their message.
 */
import type { WsgateEntry } from '../types.js';

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

/** Messages of events that carry no `event` field (docs/logs.md lists them). */
const BY_MESSAGE: Array<[RegExp, WsgateEntry['event']]> = [
  [/^heartbeat timeout/i, 'heartbeat-timeout'],
  [/^slow consumer/i, 'slow-consumer'],
  [/^rate limit exceeded/i, 'rate-limit'],
  [/^connection closed$/i, 'close'],
  [/^draining$/i, 'drain'],
  [/^drained$/i, 'drained'],
];

/** Parses one wsgate JSON line; null when it is not one (not JSON, or not a log object). */
export function parseWsgate(line: string): WsgateEntry | null {
  if (!line.startsWith('{')) return null;
  let o: Record<string, unknown>;
  try {
    const v = JSON.parse(line) as unknown;
    if (!v || typeof v !== 'object' || Array.isArray(v)) return null;
    o = v as Record<string, unknown>;
  } catch {
    return null;
  }
  if (o.msg === undefined && o.level === undefined && o.event === undefined) return null;
  const msg = str(o.msg) ?? '';
  let event: WsgateEntry['event'] = 'other';
  switch (o.event) {
    case 'close':
    case 'refuse':
    case 'reject':
    case 'drain':
    case 'drained':
      event = o.event;
      break;
    default:
      event = BY_MESSAGE.find(([re]) => re.test(msg))?.[1] ?? 'other';
  }
  const code = num(o.code);
  // Refusals with a 44xx close code are auth failures (src/protocol/close-codes.ts: 4401, 4403).
  if (event === 'refuse' && code !== undefined && code >= 4400 && code <= 4499) event = 'auth-failure';
  const entry: WsgateEntry = { kind: 'wsgate', event };
  if (code !== undefined) entry.code = code;
  const reason = str(o.reason);
  if (reason) entry.reason = reason.slice(0, 80);
  const durationMs = num(o.durationMs);
  if (durationMs !== undefined) entry.durationMs = durationMs;
  const status = num(o.status);
  if (status !== undefined) entry.status = status;
  const connections = num(o.connections);
  if (connections !== undefined) entry.connections = connections;
  return entry;
}
