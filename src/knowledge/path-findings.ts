/**
 * The findings a client can observe on the path, worded once for `wsgate doctor` and the web
 * console's browser test (docs/console.md, docs/doctor.md): a problem has the same code,
 * message and remedy wherever it is seen. The doctor's catalog (src/doctor/catalog.ts) uses
 * these entries as they are; both word them with `describe` from src/findings, so both report
 * the same `Finding`.
 */
import { describeCloseCode } from '../protocol/index.js';
import { describe, type CodeInfo, type Finding } from '../findings/index.js';
import type { CdnProvider, PathKind, ProxyKind } from './hops.js';
import { remedyFor } from './remedies.js';

type Data = Record<string, unknown>;

// How finding words show data (the doctor's catalog words its other codes with the same).

/** A data field as text: strings and numbers as they are, anything else `fallback`. */
export const dataText = (v: unknown, fallback = '?'): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : fallback);
/** Milliseconds as seconds: `1.5 s` under ten seconds, `60 s` above; `?` when not a number. */
export const formatSeconds = (ms: unknown): string => (typeof ms === 'number' ? `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s` : '?');
/** The CDN and proxy a finding's data names (`data.cdn`, `data.proxy`), for `remedyFor`. */
export const pathKindOf = (d: Data): PathKind => ({ cdn: (d.cdn as CdnProvider | undefined) ?? null, proxy: (d.proxy as ProxyKind | undefined) ?? null });
const str = dataText;
const secs = formatSeconds;
const kind = pathKindOf;

/** The doctor's own event loop ran late around the cut: say how far the reading may be off (docs/doctor.md). */
function lateLoop(d: Data): string {
  const u = Number(d.cutUncertaintyMs);
  const cut = Number(d.closedAfterMs);
  const lazy = Number(d.lazyTimerMs ?? 0);
  const lazyText = lazy > 0 ? `; up to ${secs(lazy)} more if a hop's timer is lazy: the server's last traffic came within 0.3 s of earlier traffic, which nginx does not count` : '';
  if (!(u - lazy > cut * 0.1)) return lazyText;
  return `${lazyText}; ±${secs(u - lazy)}: the doctor's event loop ran up to ${secs(Number(d.loopLagMs ?? u))} late (a busy machine), run it again where it is quieter`;
}

const REJECT_CAUSES: Record<string, string> = {
  'upgrade-not-forwarded': 'the Upgrade header never reached a WebSocket server (a proxy forwarded a plain GET)',
  'bad-gateway': 'a proxy or CDN could not reach the WebSocket server behind it',
  'not-found': 'nothing serves this path',
  forbidden: 'refused: a WAF, an access rule or the application said no',
  unavailable: 'the server is draining, overloaded or in maintenance',
  'method-not-allowed': 'the endpoint does not accept GET',
  other: 'the server refused the upgrade',
};

/**
 * Finding codes a client can observe on the path, with the doctor's words.
 *
 * @example
 * PATH_FINDINGS.HANDSHAKE_REJECTED.remedy({ status: 426, cause: 'upgrade-not-forwarded', proxy: 'nginx' })
 */
export const PATH_FINDINGS = {
  TCP_REFUSED: {
    severity: 'error',
    title: 'Connection refused',
    message: (d) => `${str(d.address)}:${str(d.port)} refused the connection (nothing listening, or a firewall rejecting)`,
    remedy: (d) => `start the server or proxy on port ${str(d.port)}, or open the port in the firewall/security group; check the URL's port`,
  },
  HANDSHAKE_TIMEOUT: {
    severity: 'error',
    title: 'Upgrade timed out',
    message: (d) => `the connection opened but no HTTP answer came within ${secs(d.timeoutMs)}`,
    remedy: () => 'something accepts connections but does not speak HTTP back: a hung server, a proxy waiting on a dead upstream (its connect timeout), or a TLS port dialled with ws://',
  },
  HANDSHAKE_REJECTED: {
    severity: 'error',
    title: 'Upgrade rejected',
    message: (d) =>
      `the upgrade got ${str(d.status)}${d.statusText ? ` ${str(d.statusText)}` : ''}: ${REJECT_CAUSES[str(d.cause, 'other')] ?? REJECT_CAUSES.other}${d.cause === 'upgrade-not-forwarded' && d.answeredBy ? ` (answered by ${str(d.answeredBy)})` : ''}`,
    remedy: (d) => {
      switch (d.cause) {
        case 'upgrade-not-forwarded':
          return remedyFor('upgrade-not-forwarded', kind(d));
        case 'bad-gateway':
          return remedyFor('bad-gateway', kind(d));
        case 'not-found':
          return 'check the path (e.g. /api/ws/chat) and that the ingress/proxy routes it to the WebSocket service (Spring Cloud Gateway: a `ws://` or `lb:ws://` route)';
        case 'forbidden':
          return d.cdn ? `check the ${str(d.cdn)} WAF/firewall events for this request, and the token` : 'check the token and any WAF or IP allow-list in front of the server';
        case 'unavailable':
          return 'the server is draining or full: retry after Retry-After; if it persists, check capacity and readiness';
        default:
          return 'check the server and proxy logs for this request';
      }
    },
  },
  AUTH_REJECTED: {
    severity: 'error',
    title: 'Authentication rejected',
    message: (d) =>
      d.closeCode !== undefined
        ? `the server accepted, then closed at once with ${describeCloseCode(Number(d.closeCode))}${d.reason ? ` ("${str(d.reason)}")` : ''}`
        : `the upgrade got ${str(d.status)}: the token was refused`,
    remedy: (d) =>
      d.tokenSource === 'none'
        ? 'the request carried no token: pass one with --token (or ?token= in the URL) the way your clients do'
        : 'the token is missing, invalid or expired: get a fresh one, and check the server\'s token settings (secret, issuer, clock) match the issuer\'s; clients should refresh it once, not retry in a loop',
  },
  CLOSED_AFTER_OPEN: {
    severity: 'error',
    title: 'Closed right after open',
    message: (d) => `the WebSocket opened and then ended after ${str(d.afterMs)} ms with ${describeCloseCode(Number(d.closeCode ?? 1006))}${d.reason ? ` ("${str(d.reason)}")` : ' and no reason'}`,
    remedy: (d) =>
      Number(d.closeCode ?? 1006) === 1006
        ? 'the connection died without a close frame: check the server logs for a crash or an exception on connect, and a proxy that drops upgraded connections (the guide\'s "立即断开 1006")'
        : 'read the close code and reason: the server ended the session on purpose; check its logs',
  },
  NO_PONG: {
    severity: 'error',
    title: 'No pong',
    message: (d) => `the text "ping" got no "pong" within ${secs(d.timeoutMs)}`,
    remedy: () => 'answer the text frame "ping" with "pong" in the server (wsgate serve does), or make clients use the server\'s own heartbeat; messages are not getting through the path if the server does answer',
  },
  IDLE_TIMEOUT: {
    severity: 'warning',
    title: 'Idle connections are cut',
    message: (d) => `a silent connection was cut after ${secs(d.closedAfterMs)} (${describeCloseCode(Number(d.closeCode ?? 1006))})${lateLoop(d)}`,
    remedy: (d) => `keep traffic flowing more often than every ${secs(typeof d.closedAfterMs === 'number' ? d.closedAfterMs / 2 : undefined)}, or raise the limit: ${remedyFor('idle', kind(d))}`,
  },
  FALLBACK_WORKS: {
    severity: 'warning',
    title: 'WebSocket blocked; the SSE fallback works',
    message: () => 'WebSocket is blocked here; wsgate clients fall back to SSE: working but slower',
    remedy: (d) => `let the upgrade through to get WebSocket back (clients move back by themselves): ${remedyFor('upgrade-not-forwarded', kind(d))}`,
  },
  FALLBACK_BUFFERED: {
    severity: 'error',
    title: 'The SSE fallback is held back',
    message: (d) =>
      `something on the path holds SSE events back: ${
        d.delayMs === null || d.delayMs === undefined
          ? `${d.stage === 'headers' ? 'not even the response headers' : d.stage === 'hello' ? 'not even the hello' : 'no reply to a ping'} came through within ${secs(d.waitMs)}`
          : `the reply to a ping took ${str(d.delayMs)} ms`
      }${d.cause === 'compression' ? (d.contentEncoding ? ` (the stream came back compressed: Content-Encoding ${str(d.contentEncoding)})` : ' (asked for no compression, it flows: a hop compresses it)') : ''}`,
    remedy: (d) => remedyFor(d.cause === 'compression' ? 'sse-compression' : 'sse-buffering', kind(d)),
  },
  FALLBACK_UNAVAILABLE: {
    severity: 'info',
    title: 'No SSE fallback here either',
    message: (d) => `the SSE fallback through this path ${d.status ? `got HTTP ${str(d.status)}` : `failed: ${str(d.error)}`}, so clients cannot fall back either`,
    remedy: (d) =>
      d.status === 404
        ? 'route `<path>/sse` and `<path>/send` like the WebSocket path (a wsgate server answers them next to it; docs/protocol.md)'
        : d.status === 401 || d.status === 403
          ? 'the credentials were refused: pass a valid --token'
          : 'fix the WebSocket path first (above); the fallback goes through the same proxies',
  },
} satisfies Record<string, CodeInfo<Data>>;

export type PathFindingCode = keyof typeof PATH_FINDINGS;

/** The path findings worded in one language (PATH_FINDINGS in English, PATH_FINDINGS_ZH in Chinese). */
export type PathFindingTable = Record<PathFindingCode, CodeInfo<Data>>;

/**
 * Words a finding with the shared table (English unless another language's table is given):
 * the same `Finding` the doctor reports.
 *
 * @example
 * explainPathFinding('AUTH_REJECTED', { closeCode: 4401 }).message
 */
export function explainPathFinding(code: PathFindingCode, data: Data = {}, table: PathFindingTable = PATH_FINDINGS): Finding {
  return describe(table, { code, data });
}
