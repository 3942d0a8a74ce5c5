/**
 * Errors the client raises: one base class with a stable `code` (docs/client.md "Errors"), a few subclasses
 * for the cases an app handles differently. Every code is listed in docs/client.md.
 */
import type { ErrorCodeValue } from '../protocol/index.js';

/** Stable codes of errors raised by the client itself (server codes come from `wsgate/protocol`). */
export interface ClientErrorCodes {
  /** The outbox is full (by count or bytes): the publish was not queued. */
  readonly OUTBOX_FULL: 'OUTBOX_FULL';
  /** `client.close()` was called while the request was pending. */
  readonly CLIENT_CLOSED: 'CLIENT_CLOSED';
  /** The connection ended for good (4403, a second 4401, 1002, …): see `closeCode`/`reason`. */
  readonly CONNECTION_CLOSED: 'CONNECTION_CLOSED';
  /** The token function threw or rejected. */
  readonly TOKEN_FAILED: 'TOKEN_FAILED';
  /** The ticket request (ticket flow) failed: see `status`. */
  readonly TICKET_FAILED: 'TICKET_FAILED';
  /** The server rejected the WebSocket handshake with an HTTP status (visible in Node only). */
  readonly HANDSHAKE_REJECTED: 'HANDSHAKE_REJECTED';
  /** No `hello` within `connectTimeout`. */
  readonly CONNECT_TIMEOUT: 'CONNECT_TIMEOUT';
  /** Neither `pong` nor any other frame arrived within the heartbeat timeout. */
  readonly HEARTBEAT_TIMEOUT: 'HEARTBEAT_TIMEOUT';
  /** A bad argument (channel name, data that is not JSON, payload over the server's limit). */
  readonly INVALID_ARGUMENT: 'INVALID_ARGUMENT';
}

const CODES = ['OUTBOX_FULL', 'CLIENT_CLOSED', 'CONNECTION_CLOSED', 'TOKEN_FAILED', 'TICKET_FAILED', 'HANDSHAKE_REJECTED', 'CONNECT_TIMEOUT', 'HEARTBEAT_TIMEOUT', 'INVALID_ARGUMENT'] as const;
// Every code listed once: a type error here when CODES and ClientErrorCodes differ.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const _listed: Same<(typeof CODES)[number], keyof ClientErrorCodes> = true;

/** Each code, by name (built from a list: fewer bytes in the bundle, docs/client.md "Size"). */
export const ClientErrorCode = Object.fromEntries(CODES.map((c) => [c, c])) as unknown as ClientErrorCodes;
export type ClientErrorCodeValue = (typeof ClientErrorCode)[keyof typeof ClientErrorCode];

/** Extra facts some errors carry. */
export interface ErrorDetails {
  /** The HTTP status, when one was seen (ticket request; handshake in Node). */
  status?: number;
  /** The server's `Retry-After`, in ms, when one was seen. */
  retryAfter?: number;
  /** The close code that ended the connection (CONNECTION_CLOSED, CLIENT_CLOSED). */
  closeCode?: number;
  /** The close reason that came with it. */
  reason?: string;
  cause?: unknown;
}

/**
 * Every error the client rejects a promise with or emits as `error`; `code` is stable.
 * @example
 * client.publish('room:lobby', msg).catch((e) => { if (e.code === 'OUTBOX_FULL') slowDown(); });
 */
export class WsgateClientError extends Error implements ErrorDetails {
  override name = 'WsgateClientError';
  // `declare`: set by Object.assign below (`code` too); no field initialisers in the bundle (size budget).
  declare status?: number;
  declare retryAfter?: number;
  declare closeCode?: number;
  declare reason?: string;
  /** A client code, a server code, or the code a backend refused a request with (docs/backend.md). */
  declare readonly code: ClientErrorCodeValue | ErrorCodeValue | (string & {});

  constructor(code: WsgateClientError['code'], message: string, details?: ErrorDetails) {
    super(message, details);
    Object.assign(this, { code }, details);
  }
}

/** The outbox bounds (`outbox.maxCount` / `outbox.maxBytes`) would be exceeded; nothing was queued. */
export class OutboxFullError extends WsgateClientError {
  override name = 'OutboxFullError';
  /** Which bound: `'count'` or `'bytes'`. */
  declare readonly limit: 'count' | 'bytes';
  declare readonly max: number;

  constructor(limit: 'count' | 'bytes', max: number) {
    super(ClientErrorCode.OUTBOX_FULL, `outbox full (${limit} ${max})`, { limit, max } as ErrorDetails); // set by Object.assign
  }
}

/** The server answered a request with an error frame; `code` is the server's stable code. */
export class ServerError extends WsgateClientError {
  override name = 'ServerError';
}

/** The connection is over for good (CONNECTION_CLOSED) or the client was closed (CLIENT_CLOSED). */
export class ConnectionClosedError extends WsgateClientError {
  override name = 'ConnectionClosedError';
  constructor(code: 'CLIENT_CLOSED' | 'CONNECTION_CLOSED', closeCode: number, reason: string) {
    super(code, `closed: ${closeCode} ${reason}`, { closeCode, reason });
  }
}
