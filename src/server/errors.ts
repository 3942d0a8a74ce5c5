/**
 * Server errors: classes with a stable `code` that know how they meet the wire — an HTTP
 * status (handshake rejections, HTTP routes) or a WebSocket close code. One handler in
 * http-routes.ts / admission.ts turns them into responses; session/requests.ts into close frames.
 */
import { CloseCode } from '../protocol/index.js';

/** The base of the server's errors (the client's `ServerError` is an error frame it received; this is not that). */
export class WsgateServerError extends Error {
  override name = 'WsgateServerError';
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A bad option; `flag` is the CLI flag it came from (the CLI exits 2 with the message). */
export class ConfigError extends WsgateServerError {
  override name = 'ConfigError';
  constructor(
    readonly flag: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super('CONFIG', message, options);
  }
}

/**
 * The `error` field of every JSON error body the server answers over HTTP (handshake
 * rejections and routes), with its status. Stable strings; docs/protocol.md lists them.
 */
export const HTTP_ERROR_CODES = {
  BAD_JSON: 400,
  BAD_NAME: 400,
  BAD_DIAGNOSIS: 400,
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  ORIGIN_NOT_ALLOWED: 403,
  OPERATOR_ONLY: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  BODY_TOO_LARGE: 413,
  UPGRADE_REQUIRED: 426,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  DRAINING: 503,
  FULL: 503,
  ADMISSION_RATE: 503,
  AUTH_UNAVAILABLE: 503,
  BROKER_UNAVAILABLE: 503,
  // The SSE fallback (docs/protocol.md "SSE fallback").
  BAD_SEND: 400,
  FORBIDDEN: 403,
  SESSION_UNKNOWN: 404,
  SEND_OUT_OF_ORDER: 409,
  TRY_AGAIN_LATER: 503,
  SESSION_UNREACHABLE: 503,
} as const;
export type HttpErrorCode = keyof typeof HTTP_ERROR_CODES;

/** An error that becomes an HTTP response (also used to reject a WebSocket handshake). */
export class HttpError extends WsgateServerError {
  override name = 'HttpError';
  declare readonly code: HttpErrorCode;
  constructor(
    readonly status: number,
    code: HttpErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
  }
}

/** An error that ends a WebSocket connection with `closeCode`. */
export class CloseError extends WsgateServerError {
  override name = 'CloseError';
  constructor(
    readonly closeCode: number,
    code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
  }
}

/**
 * The close code that tells a WebSocket client what `status` tells an HTTP one: refusals that
 * happen after the handshake (accept-then-close, since browsers hide handshake statuses) and
 * transports that answer over HTTP use the same pairs.
 */
export function closeCodeForStatus(status: number): number {
  if (status === 401) return CloseCode.UNAUTHORIZED;
  if (status === 403) return CloseCode.FORBIDDEN;
  if (status === 429 || status === 503) return CloseCode.TRY_AGAIN_LATER;
  if (status >= 500) return CloseCode.INTERNAL_ERROR;
  return CloseCode.POLICY_VIOLATION;
}

/**
 * The other way round: the HTTP answer for a refusal that a WebSocket would get as a close
 * (a transport that answers over HTTP, the SSE stream, sees statuses).
 */
export function httpRefusal(closeCode: number): { status: number; code: HttpErrorCode } {
  if (closeCode === CloseCode.UNAUTHORIZED) return { status: 401, code: 'UNAUTHORIZED' };
  if (closeCode === CloseCode.FORBIDDEN || closeCode === CloseCode.POLICY_VIOLATION) return { status: 403, code: 'FORBIDDEN' };
  return { status: 503, code: 'TRY_AGAIN_LATER' };
}

/** Why a token was refused: the `reason` label of `wsgate_auth_failures_total`. */
export type AuthFailureReason = 'missing' | 'invalid' | 'expired' | 'unknown' | 'ticket' | 'unavailable';

/**
 * A token was missing, invalid or expired: 4401 on a WebSocket (accepted, then closed, so
 * browsers see why), 401 on HTTP. When the token could not be checked at all (introspection
 * or JWKS endpoint down: reason `unavailable`) it is not the caller's fault: 1013 / 503.
 */
export class AuthError extends CloseError {
  override name = 'AuthError';
  readonly status: number;
  constructor(
    readonly reason: AuthFailureReason,
    message: string,
    options?: { cause?: unknown },
  ) {
    const unavailable = reason === 'unavailable';
    const status = unavailable ? 503 : 401;
    super(closeCodeForStatus(status), unavailable ? 'AUTH_UNAVAILABLE' : 'UNAUTHORIZED', message, options);
    this.status = status;
  }
}

/** Thrown by `createBroker` for specs it cannot serve (e.g. redis before its engine lands). */
export class BrokerConfigError extends ConfigError {
  override name = 'BrokerConfigError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('--broker', message, options);
  }
}
