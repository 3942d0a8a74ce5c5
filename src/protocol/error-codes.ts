/**
 * Error codes carried by `{"type":"error"}` frames. Stable strings: clients and tests match on
 * them. Each says whether the connection stays open after it (recoverable) and what to do.
 */

export const ErrorCode = {
  BAD_JSON: 'BAD_JSON',
  BAD_FRAME: 'BAD_FRAME',
  UNKNOWN_TYPE: 'UNKNOWN_TYPE',
  BINARY_NOT_SUPPORTED: 'BINARY_NOT_SUPPORTED',
  BAD_CHANNEL: 'BAD_CHANNEL',
  FORBIDDEN_CHANNEL: 'FORBIDDEN_CHANNEL',
  NOT_SUBSCRIBED: 'NOT_SUBSCRIBED',
  TOO_MANY_SUBSCRIPTIONS: 'TOO_MANY_SUBSCRIPTIONS',
  MESSAGE_TOO_BIG: 'MESSAGE_TOO_BIG',
  RATE_LIMITED: 'RATE_LIMITED',
  BROKER_UNAVAILABLE: 'BROKER_UNAVAILABLE',
  UNAUTHORIZED: 'UNAUTHORIZED',
  BACKEND_UNAVAILABLE: 'BACKEND_UNAVAILABLE',
  BACKEND_ERROR: 'BACKEND_ERROR',
  NOT_AVAILABLE: 'NOT_AVAILABLE',
  INTERNAL: 'INTERNAL',
} as const;

export type ErrorCodeValue = (typeof ErrorCode)[keyof typeof ErrorCode];

/**
 * Errors after which the same request is worth sending again, a little later (the client SDK
 * resends its unacknowledged frames once): a temporary state of the server, not a fault of the
 * frame. Literal strings rather than `ErrorCode.*`, so the client's bundle does not carry the table.
 */
export const RETRYABLE_ERROR_CODES: ReadonlySet<string> = new Set<ErrorCodeValue>(['RATE_LIMITED', 'BROKER_UNAVAILABLE', 'BACKEND_UNAVAILABLE', 'INTERNAL']);

/** @example isRetryableError('BROKER_UNAVAILABLE') // true */
export function isRetryableError(code: string): boolean {
  return RETRYABLE_ERROR_CODES.has(code);
}

interface ErrorCodeInfo {
  /** The connection stays open after this error. */
  recoverable: boolean;
  meaning: string;
  remedy: string;
}

export const ERROR_CODES: Record<ErrorCodeValue, ErrorCodeInfo> = {
  BAD_JSON: { recoverable: true, meaning: 'the text frame is not JSON (and not the text "ping")', remedy: 'send JSON objects, or the text "ping" for a heartbeat' },
  BAD_FRAME: { recoverable: true, meaning: 'the JSON does not have the shape its type requires', remedy: 'check the frame against docs/protocol.md; the message names the field' },
  UNKNOWN_TYPE: { recoverable: true, meaning: 'the frame\'s "type" is not one the server knows', remedy: 'use subscribe, unsubscribe, publish, presence, refresh or rpc' },
  BINARY_NOT_SUPPORTED: { recoverable: true, meaning: 'binary frames are not part of the protocol', remedy: 'send text frames carrying JSON' },
  BAD_CHANNEL: { recoverable: true, meaning: 'the channel name is empty, too long or has characters outside [A-Za-z0-9:_\\-.@/]', remedy: 'use a channel name like "room:lobby"' },
  FORBIDDEN_CHANNEL: { recoverable: true, meaning: 'this user may not subscribe to that channel (e.g. another user\'s user:<id> inbox)', remedy: 'subscribe to your own user:<id> channel only' },
  NOT_SUBSCRIBED: { recoverable: true, meaning: 'unsubscribe from a channel this connection is not subscribed to', remedy: 'nothing to do; the state is already what was asked' },
  TOO_MANY_SUBSCRIPTIONS: { recoverable: true, meaning: 'the per-connection subscription limit is reached', remedy: 'unsubscribe from channels you no longer need' },
  MESSAGE_TOO_BIG: { recoverable: true, meaning: 'the publish payload is over the server\'s limit', remedy: 'send smaller messages; hello.limits.maxMessage gives the limit' },
  RATE_LIMITED: { recoverable: true, meaning: 'too many frames too fast; further excess closes the connection with 1008', remedy: 'slow down; the client SDK paces publishes for you' },
  BROKER_UNAVAILABLE: { recoverable: true, meaning: 'the broker (e.g. Redis) is unreachable: the publish was NOT accepted', remedy: 'retry later with the same id; it is acknowledged once the broker is back' },
  UNAUTHORIZED: { recoverable: true, meaning: 'the token in a refresh frame is not valid', remedy: 'get a fresh token and send it again' },
  BACKEND_UNAVAILABLE: { recoverable: true, meaning: 'the backend (--proxy-url) answered 5xx, timed out, refused the connection or is busy: nothing was published, subscribed or called', remedy: 'retry later with the same id; a publish is forwarded and published once' },
  BACKEND_ERROR: { recoverable: true, meaning: 'the backend refused the request without saying why (a 4xx without {"error":{"code","message"}}, or a 200 with a body that is not a hook answer)', remedy: 'fix the backend\'s hook answer (docs/backend.md)' },
  NOT_AVAILABLE: { recoverable: true, meaning: 'rpc needs a backend and this server has none (--proxy-url is not set)', remedy: 'start wsgate serve with --proxy-url' },
  INTERNAL: { recoverable: true, meaning: 'the server failed to handle the frame', remedy: 'retry; report it if it persists' },
};
