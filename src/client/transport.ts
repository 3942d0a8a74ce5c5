/**
 * The seam between the state machine (client.ts) and its transports: what a connection looks
 * like to it (`SocketLike`: a WebSocket, or sse.ts shaped like one), and what the full client
 * (fallback-client.ts) plugs in to choose between them (`Transports`). Types only: nothing
 * here ships in a bundle (docs/client.md "Size").
 */
import type { State } from './state.js';

/** How the client reaches the server: a WebSocket, or SSE + POST through paths that block WebSocket (docs/client.md). */
export type TransportKind = 'websocket' | 'sse';

/** Builds the SSE transport (sse.ts); only the full client (fallback-client.ts) has one. */
export type SseFactory = (wsUrl: string, token: string | null | undefined) => SocketLike;

/**
 * The full client's transport choice (fallback-client.ts); the WebSocket-only client has none
 * and makes every attempt a WebSocket.
 */
export interface Transports {
  /** The SSE transport, when the next attempt is to use it. */
  sse(): SseFactory | undefined;
  /** The attempt (`connecting`) or connection (`open`) ended with `code`: true to try the next transport now. */
  next(state: State, code: number, reason: string, hintMs?: number): boolean;
  /** The connection reached `open`: its transport. */
  opened(): TransportKind;
  /** A wake-up while `open`. */
  wake(): void;
}

/** The part of the WebSocket API the client uses (browsers' WebSocket and `ws` both fit). */
export interface SocketLike {
  readonly readyState: number;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number; reason: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  /** `ws` only: drop the TCP connection at once. */
  terminate?(): void;
  /** `ws` only: the handshake's HTTP response, when it was not an upgrade. */
  on?(event: 'unexpected-response', fn: (req: unknown, res: { statusCode?: number; headers: Record<string, string | string[] | undefined> }) => void): unknown;
}
