/**
 * nginx access-log lines: ingress-nginx's default `upstreaminfo` format and nginx's `combined`
 * (with `$request_time` appended when present). Field order and meaning: docs/logs.md.
 */
import type { AccessEntry } from '../types.js';

const QUOTED = '"((?:[^"\\\\]|\\\\.)*)"';
/** `$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"` */
const COMBINED_HEAD = `^(\\S+) - (\\S+) \\[([^\\]]+)\\] ${QUOTED} (\\d{3}) (\\d+|-) ${QUOTED} ${QUOTED}`;
/** … then `$request_length $request_time [$proxy_upstream_name] [$proxy_alternative_upstream_name] $upstream_addr $upstream_response_length $upstream_response_time $upstream_status $req_id` */
const UPSTREAMINFO = new RegExp(`${COMBINED_HEAD} (\\d+|-) (\\d+(?:\\.\\d+)?|-) \\[([^\\]]*)\\] \\[([^\\]]*)\\] (.*)$`);
const COMBINED = new RegExp(`${COMBINED_HEAD}(?: (\\d+\\.\\d+))?(?:\\s.*)?$`);

/** `kubectl logs --prefix` / `--timestamps` put these in front of every line. */
const KUBECTL_PREFIX = /^(?:\[pod\/[^\]]*\] )?(?:\d{4}-\d\d-\d\dT[\d:.]+(?:Z|[+-]\d\d:?\d\d) )?/;

export function stripKubectlPrefix(line: string): string {
  return line.replace(KUBECTL_PREFIX, '');
}

function request(text: string): { method: string; path: string } | null {
  const m = /^([A-Z]{3,10}) (\S+)(?: HTTP\/[\d.]+)?$/.exec(text);
  if (!m) return null;
  const q = m[2]!.search(/[?#]/);
  return { method: m[1]!, path: q < 0 ? m[2]! : m[2]!.slice(0, q) };
}

/** Splits the upstream tail: addr, response length, response time, status, req_id. Each may be a
 * list: `a, b` across retries, `a : b` across internal redirects; the last value is the answer. */
function upstreamTail(tail: string): { addr?: string; status?: number } | null {
  const tokens = tail.replace(/\s*,\s+|\s+:\s+/g, ',').trim().split(/\s+/);
  if (tokens.length < 5) return null;
  const last = (token: string): string => token.split(',').pop()!.trim();
  const addr = last(tokens[tokens.length - 5]!);
  const status = Number(last(tokens[tokens.length - 2]!));
  return { ...(addr && addr !== '-' ? { addr } : {}), ...(Number.isInteger(status) && status > 0 ? { status } : {}) };
}

/** Parses an ingress-nginx `upstreaminfo` line, or returns null. */
export function parseUpstreamInfo(line: string): AccessEntry | null {
  const m = UPSTREAMINFO.exec(line);
  if (!m) return null;
  const req = request(m[4]!);
  if (!req) return null;
  const tail = upstreamTail(m[13]!);
  if (!tail) return null;
  const entry: AccessEntry = { kind: 'access', format: 'ingress-nginx', method: req.method, path: req.path, status: Number(m[5]) };
  if (m[10] !== '-') entry.requestTime = Number(m[10]);
  const name = m[11]!.trim();
  const upstream = name && name !== '-' ? name : tail.addr;
  if (upstream) entry.upstream = upstream;
  if (tail.status !== undefined) entry.upstreamStatus = tail.status;
  return entry;
}

/** Parses an nginx `combined` line (with an optional `$request_time` after it), or returns null. */
export function parseCombined(line: string): AccessEntry | null {
  const m = COMBINED.exec(line);
  if (!m) return null;
  const req = request(m[4]!);
  if (!req) return null;
  const entry: AccessEntry = { kind: 'access', format: 'nginx-combined', method: req.method, path: req.path, status: Number(m[5]) };
  if (m[9] !== undefined) entry.requestTime = Number(m[9]);
  return entry;
}
