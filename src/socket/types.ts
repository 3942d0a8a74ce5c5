/**
 * The types of `wsgate/socket` (docs/socket.md): options, what `send` takes, and the events with
 * their fields.
 */
import type { BackoffOptions } from '../protocol/backoff.js';

/** A value, or a function (sync or async) asked on every attempt. */
export type Source<T> = T | (() => T | Promise<T>);
export type SendData = string | ArrayBufferLike | Blob | ArrayBufferView;

export interface SocketHeartbeat {
  /** What to send. Default `'ping'`. */
  send?: SendData;
  /** The server's answer: a text, or a test. Answers are not passed on as messages. Default `'pong'`. */
  expect?: string | ((data: unknown) => boolean);
  /** ms between pings. Default 30000. */
  interval?: number;
  /** ms to wait for any frame after a ping before the link counts as dead. Default 10000. */
  timeout?: number;
}

export interface SocketOptions {
  /** A WebSocket constructor. Default `globalThis.WebSocket`; on Node 20 pass `WebSocket` from `ws`. */
  WebSocket?: unknown;
  /** A token sent as `?token=` (`tokenParam`); a function is asked on every attempt. */
  token?: Source<string | null | undefined>;
  /** The query parameter for `token`. Default `'token'`. */
  tokenParam?: string;
  /** The application heartbeat; off unless set. The guide's: `{ send: 'ping', expect: 'pong', interval: 30000 }`. */
  heartbeat?: SocketHeartbeat;
  /** Reconnect backoff (full jitter). Default `{ base: 2000, max: 30000 }`. */
  backoff?: BackoffOptions;
  /** Most sends queued while reconnecting; one more throws `QUEUE_FULL`. Default 1000. */
  maxQueue?: number;
  /** ms from the start of an attempt to `open`. Default 10000. */
  connectTimeout?: number;
  /** Where page wake-ups and `navigator.onLine` come from. Default `globalThis`. */
  environment?: unknown;
  /** Random numbers for jitter. Default `Math.random`. */
  random?: () => number;
}

/** `close`: the socket stopped for good. */
export type SocketCloseEvent = Event & { code: number; reason: string; wasClean: boolean; unsent: SendData[] };
/** `reconnecting`: a connection or attempt ended; the next attempt comes after `delay` ms (none while offline). */
export type SocketReconnectingEvent = Event & { code: number; reason: string; delay: number; attempt: number };

/** The events and their types, for `addEventListener`. */
export interface SocketEventMap {
  open: Event;
  message: MessageEvent;
  close: SocketCloseEvent;
  error: Event & { error?: unknown };
  reconnecting: SocketReconnectingEvent;
  reconnected: Event & { attempts: number };
}
