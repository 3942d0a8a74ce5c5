/**
 * Close codes: the one table that the server, the client, the doctor and the docs share
 * (RFC 6455 §7.4.1; 1012–1014 are IANA-registered; 4000–4999 are private use).
 * Nothing here imports anything else of ours.
 */

/** Every close code wsgate sends or reasons about, by name. */
export const CloseCode = {
  NORMAL: 1000,
  GOING_AWAY: 1001,
  PROTOCOL_ERROR: 1002,
  UNSUPPORTED_DATA: 1003,
  /** Never on the wire: the TCP connection died without a close frame (typical idle cut). */
  ABNORMAL: 1006,
  INVALID_PAYLOAD: 1007,
  /** Policy violation: wsgate uses it for "rate limit exceeded". */
  POLICY_VIOLATION: 1008,
  MESSAGE_TOO_BIG: 1009,
  INTERNAL_ERROR: 1011,
  /** Service restart: the server is draining; the reason carries a reconnect-delay hint. */
  SERVICE_RESTART: 1012,
  /** Try again later: overloaded or slow consumer. */
  TRY_AGAIN_LATER: 1013,
  BAD_GATEWAY: 1014,
  /** Token missing, invalid or expired (accepted, then closed, so browsers can see why). */
  UNAUTHORIZED: 4401,
  /** Authenticated but not allowed. */
  FORBIDDEN: 4403,
} as const;

export type CloseCodeName = keyof typeof CloseCode;

/**
 * Close codes that mean "your credentials were refused": wsgate's 4401 and 4403, and 1008 as
 * other servers use it (wsgate itself sends 1008 for a rate limit). The doctor and the web
 * console read a close right after open with one of these as an auth failure (docs/facts.md
 * "Close codes": a browser sees a refused handshake only as 1006, so servers close with 4xxx).
 */
export const AUTH_CLOSE_CODES: ReadonlySet<number> = new Set([4401, 4403, 1008]);

/** @example isAuthCloseCode(4401) // true */
export function isAuthCloseCode(code: number): boolean {
  return AUTH_CLOSE_CODES.has(code);
}
export type CloseCodeValue = (typeof CloseCode)[CloseCodeName];

/** What a client should do after a close with a given code. */
export type ReconnectAction =
  /** Reconnect with jittered backoff (or after the server's hint, if the reason carries one). */
  | 'reconnect'
  /** Ask the token source once more and make exactly one attempt; stop if that fails too. */
  | 'refresh-token'
  /** Terminal: do not reconnect; surface the reason to the application. */
  | 'stop';

interface CloseCodeInfo {
  name: string;
  meaning: string;
}

/**
 * The codes whose action is not 'reconnect' (the policy, in one place). Kept apart from the
 * descriptions below so that a browser bundle using only `reconnectAction` stays small (the
 * client's 5 KB budget, docs/client.md).
 */
const NOT_RECONNECT: Record<number, ReconnectAction> = {
  1002: 'stop',
  1003: 'stop',
  1007: 'stop',
  1010: 'stop',
  4401: 'refresh-token',
  4403: 'stop',
};

const TABLE: Record<number, CloseCodeInfo> = {
  1000: { name: 'NORMAL', meaning: 'normal closure' },
  1001: { name: 'GOING_AWAY', meaning: 'endpoint going away (page unload, edge restart)' },
  1002: { name: 'PROTOCOL_ERROR', meaning: 'protocol error: a bug on one side; retrying repeats it' },
  1003: { name: 'UNSUPPORTED_DATA', meaning: 'unsupported data type' },
  1005: { name: 'NO_STATUS', meaning: 'closed without a status code' },
  1006: { name: 'ABNORMAL', meaning: 'connection dropped without a close frame (idle cut, network loss, crash)' },
  1007: { name: 'INVALID_PAYLOAD', meaning: 'invalid payload (e.g. bad UTF-8)' },
  1008: { name: 'POLICY_VIOLATION', meaning: 'policy violation (wsgate: rate limit exceeded)' },
  1009: { name: 'MESSAGE_TOO_BIG', meaning: 'message too big' },
  1010: { name: 'MANDATORY_EXTENSION', meaning: 'a required extension was not negotiated' },
  1011: { name: 'INTERNAL_ERROR', meaning: 'server error' },
  1012: { name: 'SERVICE_RESTART', meaning: 'service restart (draining); reconnect after the hinted delay' },
  1013: { name: 'TRY_AGAIN_LATER', meaning: 'overloaded or slow consumer: try again later' },
  1014: { name: 'BAD_GATEWAY', meaning: 'bad gateway' },
  1015: { name: 'TLS_HANDSHAKE', meaning: 'TLS handshake failure' },
  4401: { name: 'UNAUTHORIZED', meaning: 'token missing, invalid or expired' },
  4403: { name: 'FORBIDDEN', meaning: 'forbidden' },
};

/**
 * True for a code that may appear in a close frame on the wire (RFC 6455 §7.4.1/§7.4.2).
 * 1005, 1006 and 1015 are reserved for reporting and must never be sent.
 */
export function isValidCloseCode(code: number): boolean {
  return (
    (code >= 1000 && code <= 1014 && code !== 1004 && code !== 1005 && code !== 1006) ||
    (code >= 3000 && code <= 4999)
  );
}

/**
 * The reconnect policy for a close code. Unknown 4xxx codes follow HTTP's split:
 * 4400–4499 are the client's fault (stop), everything else is worth another try.
 *
 * @example
 * reconnectAction(1012) // 'reconnect'
 * reconnectAction(4401) // 'refresh-token'
 * reconnectAction(4403) // 'stop'
 */
export function reconnectAction(code: number): ReconnectAction {
  const known = NOT_RECONNECT[code];
  if (known) return known;
  if (code >= 4400 && code <= 4499) return 'stop';
  return 'reconnect';
}

/**
 * The same policy for a server that is not wsgate (`wsgate/socket`, docs/socket.md): there
 * 1008 means what RFC 6455 §7.4.1 says, a policy violation (Spring's
 * `CloseStatus.POLICY_VIOLATION`, a failed auth check, not wsgate's rate limit), so it is
 * terminal; 1008, 4401 and 4403 each earn one attempt with fresh credentials before stopping.
 *
 * @example
 * foreignReconnectAction(1008) // 'refresh-token'
 * foreignReconnectAction(1006) // 'reconnect'
 */
export function foreignReconnectAction(code: number): ReconnectAction {
  return code === 1008 || code === 4403 ? 'refresh-token' : reconnectAction(code);
}

/**
 * Whether a client should try again after a close with `code`. 4401 counts as yes: the
 * client refreshes its token and makes one more attempt (see `reconnectAction`).
 *
 * @example
 * if (!shouldReconnect(ev.code)) showFatal(ev.reason);
 */
export function shouldReconnect(code: number): boolean {
  return reconnectAction(code) !== 'stop';
}

/** Human description of a close code, for logs, reports and the console. */
export function describeCloseCode(code: number): string {
  const known = TABLE[code];
  if (known) return `${code} ${known.name}: ${known.meaning}`;
  if (code >= 4000 && code <= 4999) return `${code} (application-defined)`;
  if (code >= 3000 && code <= 3999) return `${code} (registered by a library or framework)`;
  return `${code} (unknown)`;
}

/** All codes in the table, for docs and exhaustive tests. */
export function knownCloseCodes(): ReadonlyArray<{ code: number; name: string; meaning: string; action: ReconnectAction }> {
  return Object.entries(TABLE).map(([code, info]) => ({ code: Number(code), ...info, action: reconnectAction(Number(code)) }));
}

/** Close reasons are limited to 123 bytes of UTF-8 (RFC 6455 §5.5: control frames ≤ 125 bytes). */
export const MAX_CLOSE_REASON_BYTES = 123;

const HINT = /;\s*reconnect=(\d+)\s*$/;

/**
 * Builds a close reason that carries a reconnect-delay hint, e.g. `"server draining;reconnect=2300"`.
 * Readable in wscat, parseable by `parseCloseReason`. Truncates the text to fit 123 bytes.
 */
export function formatCloseReason(text: string, hint?: { reconnectDelayMs?: number }): string {
  const suffix = hint?.reconnectDelayMs !== undefined ? `;reconnect=${Math.max(0, Math.round(hint.reconnectDelayMs))}` : '';
  let head = text;
  const enc = new TextEncoder();
  while (enc.encode(head + suffix).length > MAX_CLOSE_REASON_BYTES && head.length > 0) head = head.slice(0, -1);
  return head + suffix;
}

/** Splits a close reason into its text and the reconnect-delay hint, if any. */
export function parseCloseReason(reason: string): { text: string; reconnectDelayMs?: number } {
  const m = HINT.exec(reason);
  if (!m) return { text: reason };
  return { text: reason.slice(0, m.index), reconnectDelayMs: Number(m[1]) };
}
