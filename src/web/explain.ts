/**
 * What went wrong in the browser test, in the doctor's words. A browser hides the HTTP status
 * of a failed handshake (a 502 or a dropped Upgrade header both reach the page as a bare 1006),
 * so the test also makes a plain request to the WebSocket path and times the close; this file
 * turns those observations into the doctor's finding codes (docs/doctor.md) and words them with
 * the shared table in `src/knowledge/`, so they are the doctor's `Finding`s. Pure: observations
 * in, findings out.
 */
import { isAuthCloseCode } from '../protocol/index.js';
import type { Finding } from '../findings/index.js';
import { cdnFromHeaders, detectProxy, explainPathFinding as explainWith, rejectionCause } from '../knowledge/index.js';
import { EN } from './words/en.js';
import type { ConsoleWords } from './words/types.js';

type PathFindingData = Record<string, unknown>;

/** What a plain same-origin GET of the WebSocket path (no Upgrade header) came back with. */
export type ProbeResult =
  /** Header names in lower case. */
  | { kind: 'status'; status: number; statusText: string; headers: Record<string, string>; body: string; ms: number }
  /** The request failed outright: nothing answered (or CORS hid it, for another origin). */
  | { kind: 'network-error'; message: string; ms: number }
  /** Another origin answered, but the browser will not show its status (no-cors). */
  | { kind: 'opaque'; ms: number };

export interface CloseObservation {
  code: number;
  reason: string;
  wasClean: boolean;
  /** Since the WebSocket was created. */
  afterMs: number;
}

export interface Observations {
  /** The page's origin (for the Origin remedy). */
  origin: string;
  host: string;
  port: number;
  /** new WebSocket() threw (bad URL, or ws: from an https page: mixed content). */
  constructError?: string;
  openMs?: number;
  /** How the socket closed, when it did before the test closed it. */
  close?: CloseObservation;
  /** Which wait ran out. */
  timedOut?: 'open' | 'pong';
  timeoutMs?: number;
  helloMs?: number;
  pongMs?: number;
  probe?: ProbeResult;
}


/** Extra words for cases the browser cannot tell apart, shown under the finding. */
export interface Explanation {
  /** The doctor's findings; BROWSER_REFUSED is the one code only a browser can have. */
  findings: Finding[];
  note?: string;
}

/** Did the handshake fail before open? Which finding says why. */
function handshakeFailure(o: Observations, words: ConsoleWords): Explanation {
  const t = words.test;
  const explainPathFinding = (code: Parameters<typeof explainWith>[0], data: PathFindingData) => explainWith(code, data, words.findings);
  const closedAfterMs = o.close?.afterMs;
  if (o.timedOut === 'open') return { findings: [explainPathFinding('HANDSHAKE_TIMEOUT', { timeoutMs: o.timeoutMs })] };
  const probe = o.probe;
  if (!probe || probe.kind === 'network-error') {
    return { findings: [explainPathFinding('TCP_REFUSED', { address: o.host, port: o.port, closedAfterMs })] };
  }
  if (probe.kind === 'opaque') {
    return {
      findings: [explainPathFinding('HANDSHAKE_REJECTED', { status: t.hiddenStatus, cause: 'other', closeCode: 1006, closedAfterMs })],
      note: t.otherOrigin,
    };
  }
  const status = probe.status;
  if (status === 401) return { findings: [explainPathFinding('AUTH_REJECTED', { status })] };
  // What the browser hid, read off the plain request: the status, and who answered it.
  const cause = rejectionCause(status, probe.body);
  const cdn = cdnFromHeaders(probe.headers);
  const proxy = detectProxy(probe.headers, probe.body);
  const answeredBy = cdn ?? proxy ?? probe.headers.server;
  const data: PathFindingData = { status, statusText: probe.statusText, cause, closeCode: 1006, closedAfterMs };
  if (cdn) data.cdn = cdn;
  if (proxy) data.proxy = proxy;
  if (answeredBy) data.answeredBy = answeredBy;
  const finding = explainPathFinding('HANDSHAKE_REJECTED', data);
  if (cause === 'upgrade-not-forwarded') {
    // The same answer comes back when wsgate itself refuses the upgrade (bad Origin, draining):
    // the browser cannot see the difference, so say what else to check.
    return {
      findings: [finding],
      note: t.upgradeRefusedNote(status, Math.round(closedAfterMs ?? 0), o.origin),
    };
  }
  return { findings: [finding] };
}

/** Closed after open: the token, an abrupt drop, or the server going away. */
function closedAfterOpen(o: Observations, close: CloseObservation, words: ConsoleWords): Explanation {
  const explainPathFinding = (code: Parameters<typeof explainWith>[0], data: PathFindingData) => explainWith(code, data, words.findings);
  const sinceOpen = Math.round(Math.max(0, close.afterMs - (o.openMs ?? 0)));
  if (isAuthCloseCode(close.code)) return { findings: [explainPathFinding('AUTH_REJECTED', { closeCode: close.code, reason: close.reason, afterMs: sinceOpen })] };
  const data: PathFindingData = { afterMs: sinceOpen };
  if (close.code !== 1006 || close.reason) {
    data.closeCode = close.code;
    if (close.reason) data.reason = close.reason;
  }
  return { findings: [explainPathFinding('CLOSED_AFTER_OPEN', data)] };
}

/**
 * The findings for one run of the browser test; none when it passed.
 *
 * @example
 * explain({ origin, host, port, close: { code: 1006, reason: '', wasClean: false, afterMs: 4 },
 *           probe: { kind: 'status', status: 426, body: '', ms: 3 } }).findings[0].code
 * // 'HANDSHAKE_REJECTED' (data.cause 'upgrade-not-forwarded')
 */
export function explain(o: Observations, words: ConsoleWords = EN): Explanation {
  const t = words.test;
  if (o.constructError !== undefined) {
    const mixed = /insecure|mixed|https/i.test(o.constructError);
    return {
      findings: [
        {
          code: 'BROWSER_REFUSED',
          severity: 'error',
          message: t.browserRefused(o.constructError),
          remedy: mixed ? t.mixedContent : t.checkUrl,
          data: {},
        },
      ],
    };
  }
  if (o.openMs === undefined) return handshakeFailure(o, words);
  if (o.pongMs !== undefined) return { findings: [] };
  if (o.close) return closedAfterOpen(o, o.close, words);
  if (o.timedOut === 'pong') return { findings: [explainWith('NO_PONG', { timeoutMs: o.timeoutMs }, words.findings)] };
  return { findings: [] };
}
