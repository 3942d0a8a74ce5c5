/**
 * What `new Client(url, options)` takes and the events it emits (docs/client.md). Types only.
 */
import type { BackoffOptions } from './backoff.js';
import type { WsgateClientError } from './errors.js';
import type { HeartbeatOptions } from './heartbeat.js';
import type { OutboxLimits } from './outbox.js';
import type { StateChange } from './state.js';
import type { SubscribedInfo } from './subscriptions.js';
import type { TransportKind } from './transport.js';

/** A value, or a function (sync or async) that produces it; functions are asked on every attempt. */
export type Source<T> = T | (() => T | Promise<T>);

export interface ClientOptions {
  /**
   * Transports to try, in order. Default `['websocket', 'sse']` (`['websocket']` from
   * `wsgate/client/websocket`). The client falls back when the upgrade fails or no `hello`
   * arrives in time, keeps what worked for reconnects, and tries WebSocket again now and then.
   */
  transports?: TransportKind[];
  /** ms between tries to move back to WebSocket while on SSE (the first try is at a random point within it). Default 60000. */
  probeInterval?: number;
  /** A WebSocket constructor. Default `globalThis.WebSocket`; on Node 20 pass `WebSocket` from `ws`. */
  WebSocket?: new (url: string) => unknown;
  /** The token: a string, or a (async) function asked on every attempt. Default: none. */
  token?: Source<string | null | undefined>;
  /** How the token travels: `'query'` (`?token=`, default) or `'ticket'` (POST for a one-use `?ticket=`). */
  auth?: 'query' | 'ticket';
  /** The query parameter for `auth: 'query'`. Default `'token'`. */
  tokenParam?: string;
  /** Where tickets come from. Default: `/api/ws/ticket` on the WebSocket URL's host (http/https). */
  ticketUrl?: string | ((wsUrl: URL) => string);
  /** `fetch` for the ticket flow. Default `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** Connect in the constructor. Default true; false waits for `connect()`. */
  autoConnect?: boolean;
  /** Reconnect backoff. Default `{ base: 2000, max: 30000 }` (full jitter). */
  backoff?: BackoffOptions;
  /** Client heartbeat; `false` turns it off. Interval and timeout default to hello's. */
  heartbeat?: false | Partial<HeartbeatOptions>;
  /** ms from the start of an attempt to `hello`. Default 10000. */
  connectTimeout?: number;
  /** Outbox bounds. Default `{ maxCount: 1000, maxBytes: 1048576 }`. */
  outbox?: OutboxLimits;
  /** Pace frames under hello's `limits.rate`/`limits.burst`. Default true. */
  pace?: boolean;
  /** Where page wake-ups come from (`window` in browsers). Default `globalThis`. */
  environment?: unknown;
  /** Random numbers for jitter (tests inject a seeded one). Default `Math.random`. */
  random?: () => number;
  /** The clock. Default `Date.now`. */
  now?: () => number;
}

export interface ClientEvents {
  state: StateChange;
  /** The transport in use changed (`client.transport`). */
  transport: { transport: TransportKind | null };
  /** The server's `hello` arrived: the client is `open`. */
  connected: { session: string; user: string; node?: string };
  /** An attempt failed, a heartbeat timed out, or the server sent an error not tied to a request. */
  error: WsgateClientError;
  /** A resumed subscription could not be recovered (also emitted on the subscription). */
  unrecovered: SubscribedInfo;
}
