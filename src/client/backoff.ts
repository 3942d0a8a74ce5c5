/**
 * The client's reconnect delays. The rule lives in protocol/backoff.ts, shared with
 * `wsgate/socket`; this file names it for the client.
 */
export { DEFAULT_BACKOFF, backoffWindow, fullJitter, hinted, parseRetryAfter, reconnectDelay } from '../protocol/backoff.js';
export type { BackoffOptions } from '../protocol/backoff.js';
