/**
 * The words of `wsgate logs`: each code's severity, message and remedy, written once here and
 * listed in docs/logs.md. Rules push data only (rules.ts).
 */
import type { Catalog, CodeInfo } from '../findings/index.js';
import { hopsWithLimitNear, remedyFor } from '../knowledge/index.js';

type D = Record<string, unknown>;
const n = (v: unknown): number => (typeof v === 'number' ? v : 0);
const plural = (count: number, one: string, many = `${one}s`): string => `${count} ${count === 1 ? one : many}`;
const pct = (share: unknown): string => `${Math.round(n(share) * 100)}%`;
const list = (r: unknown): string =>
  Object.entries((r ?? {}) as Record<string, number>)
    .map(([k, v]) => `${k} ×${v}`)
    .join(', ');
const at = (d: D): string => (Array.isArray(d.examples) && d.examples.length ? ` (e.g. ${(d.examples as string[]).slice(0, 3).join(', ')})` : '');

function code<T extends D = D>(info: CodeInfo<T>): CodeInfo<T> {
  return info;
}

/** The hops whose default idle limit matches a cut (src/knowledge/idle-limits.ts), if any. */
export function knownCut(seconds: number): string | undefined {
  const hops = hopsWithLimitNear(seconds * 1000).map((l) => l.hop);
  return hops.length ? hops.join(', ') : undefined;
}

/** A heartbeat interval that beats a cut: half of it, at most 30 s, at least 0.5 s. */
export function heartbeatFor(seconds: number): number {
  return seconds >= 2 ? Math.min(30, Math.floor(seconds / 2)) : 0.5;
}

const SETTING: Record<string, string> = {
  'ingress-nginx':
    'raise `proxy-read-timeout` and `proxy-send-timeout` to 3600 on the Ingress (annotations `nginx.ingress.kubernetes.io/proxy-read-timeout: "3600"` and `…/proxy-send-timeout: "3600"`) or in the controller ConfigMap',
  'nginx-combined': 'raise `proxy_read_timeout` and `proxy_send_timeout` in the WebSocket location (e.g. 3600s)',
  wsgate: remedyFor('idle', {}),
};

export const LOGS_CATALOG: Catalog = {
  SESSIONS_CUT_AT_TIMEOUT: code({
    severity: 'error',
    title: 'sessions cut at the same age',
    message: (d) => {
      const hop = knownCut(n(d.seconds));
      return `${plural(n(d.sessions), 'WebSocket session')} (${pct(d.share)} of ${n(d.total)}) ended after ${n(d.seconds)} s: a proxy or CDN idle or lifetime cut${hop ? `; ${Math.round(n(d.seconds))} s is the default of ${hop}` : ''}${at(d)}`;
    },
    remedy: (d) => `${SETTING[String(d.source)] ?? SETTING['nginx-combined']}, and have the server send a heartbeat every ${heartbeatFor(n(d.seconds))} s or less (wsgate serve --ping-interval ${heartbeatFor(n(d.seconds))}s), well under the ${n(d.seconds)} s cut`,
  }),
  UPGRADE_NOT_FORWARDED: code({
    severity: 'error',
    title: 'upgrade not forwarded',
    message: (d) => `${plural(n(d.count), 'request')} on the WebSocket path got ${list(d.statuses)}: the Upgrade header did not reach the server (or a plain HTTP request hit the path)${at(d)}`,
    remedy: () => `${remedyFor('upgrade-not-forwarded', { proxy: 'nginx' })}; a 426 from wsgate means it got a plain GET: point browsers at ws(s)://, not http(s)://`,
  }),
  UPSTREAM_ERRORS: code({
    severity: 'error',
    title: 'upstream errors',
    message: (d) =>
      `${plural(n(d.count), 'request')} on the WebSocket path got 502/503/504, by upstream: ${((d.upstreams ?? []) as Array<{ upstream: string; count: number }>).map((u) => `${u.upstream} ×${u.count}`).join(', ')}${at(d)}`,
    remedy: () => `${remedyFor('bad-gateway', { proxy: 'nginx' })}; during deploys, drain before stopping (wsgate serve drains on SIGTERM) and keep readiness probes on /readyz`,
  }),
  CLIENT_ABORTS: code({
    severity: 'warning',
    title: 'clients gave up',
    message: (d) => `${plural(n(d.count), 'request')} on the WebSocket path ended with 499: the client closed the connection before the answer${at(d)}`,
    remedy: () => 'a slow or stuck upgrade makes clients give up: check the upstream answers the handshake quickly (wsgate doctor <url>), and that clients do not time out the handshake too eagerly',
  }),
  CLOSE_CODES: code({
    severity: 'info',
    title: 'close codes',
    message: (d) => `${plural(n(d.count), 'session')} closed, by code: ${list(d.codes)}`,
    remedy: () => '1006 means the connection died without a close frame (often an idle cut on the path); 1001/1012 are restarts and drains; 44xx are refusals (docs/protocol.md)',
  }),
  AUTH_FAILURES: code({
    severity: 'warning',
    title: 'auth failures',
    message: (d) => `${plural(n(d.count), 'connection')} refused for auth, by reason: ${list(d.reasons)}${at(d)}`,
    remedy: () => 'expired: refresh tokens before they expire (or use tickets); missing/invalid: check how the client passes the token; unavailable: the JWKS or introspection endpoint is down',
  }),
  DRAINS: code({
    severity: 'info',
    title: 'drains',
    message: (d) => `${plural(n(d.count), 'drain')} (restarts or deploys), ${plural(n(d.connections), 'connection')} moved with reconnect hints${at(d)}`,
    remedy: () => 'expected during deploys; many outside deploys mean the pod is being restarted (check OOM kills and liveness probes)',
  }),
  HEARTBEAT_TIMEOUTS: code({
    severity: 'warning',
    title: 'heartbeat timeouts',
    message: (d) => `${plural(n(d.count), 'connection')} terminated because no pong came back in time${at(d)}`,
    remedy: () => 'dead links (mobile networks, sleeping laptops) are normal in small numbers; many mean the path drops traffic: run wsgate doctor <url> --idle 120s',
  }),
  SLOW_CONSUMERS: code({
    severity: 'warning',
    title: 'slow consumers',
    message: (d) => `${plural(n(d.count), 'connection')} closed (1013) because the client read too slowly and the send buffer filled${at(d)}`,
    remedy: () => 'publish less to these channels, or raise --max-buffered if the clients are known to be on slow links',
  }),
  LINES_UNPARSED: code({
    severity: 'warning',
    title: 'lines not understood',
    message: (d) => `${plural(n(d.count), 'line')} of ${n(d.lines)} matched none of the formats (ingress-nginx upstreaminfo, nginx combined, wsgate JSON) and were skipped${at(d)}`,
    remedy: () => 'if this is an access log with a custom log_format, pass --format, or log in ingress-nginx’s upstreaminfo format (docs/logs.md)',
  }),
  LINES_TOO_LONG: code({
    severity: 'warning',
    title: 'lines too long',
    message: (d) => `${plural(n(d.count), 'line')} longer than 64 KiB were skipped${at(d)}`,
    remedy: () => 'a binary or corrupted file is in the input: pass only log files',
  }),
  NO_LOG_LINES: code({
    severity: 'warning',
    title: 'nothing to read',
    message: () => 'the input held no access-log or wsgate log lines',
    remedy: () => 'check the file names, or pipe the logs in: kubectl logs -n ingress-nginx deploy/ingress-nginx-controller | wsgate logs -',
  }),
  INPUT_UNREADABLE: code({
    severity: 'error',
    title: 'input unreadable',
    message: (d) => `cannot read ${String(d.file)}: ${String(d.error)}`,
    remedy: () => 'check the path and permissions',
  }),
};

export const LOGS_CODES = Object.keys(LOGS_CATALOG);
