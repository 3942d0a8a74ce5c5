/**
 * The transport port: everything a session needs from whatever carries its frames. A session
 * never sees a socket; the `ws` adapter (transports/websocket.ts) is one implementation, a fake
 * (session/fake-transport.ts) drives the unit tests, and an SSE + POST adapter can be another.
 *
 * The direction in is `TransportListener` (the Session): `handleText`, `handleBinary`,
 * `handlePong`, `transportClosed`, which an adapter calls as frames, pongs and the close arrive.
 */

/** What carries a session; the `transport` label of connection metrics. */
export type TransportKind = 'websocket' | 'sse';

/** The session's side: what an adapter calls as frames, pongs and the close arrive (Session implements it). */
export interface TransportListener {
  /** One text frame (one JSON frame, or the text ping). */
  handleText(text: string): void;
  /** One binary frame (refused: not part of the protocol). */
  handleBinary(): void;
  /** The answer to `ping()`. */
  handlePong(): void;
  /** The transport closed: the code received (1006 when it dropped without one) and reason. */
  transportClosed(code: number, reason: string): void;
  /** A transport-level error (the transport closes itself; this is for the debug log). */
  transportError(message: string): void;
}

export interface SessionTransport {
  readonly kind: TransportKind;
  /** Starts routing events to `listener`; called once, by SessionRegistry.open, before any send. */
  attach(listener: TransportListener): void;
  /** The TCP peer's address (the proxy, behind one). */
  readonly remoteAddress: string;
  /** False once the transport is closing or closed: sends are dropped from then on. */
  readonly isOpen: boolean;
  /** Bytes accepted but not yet written to the network (the slow-consumer check reads it). */
  readonly bufferedAmount: number;
  /** Bytes held by `cork()` so far this turn (the session flushes past CORK_LIMIT). */
  readonly corkedBytes: number;
  /**
   * Sends one frame: its text, or that text's UTF-8 bytes (a message frame is encoded once for
   * all its subscribers; channels/message-text.ts). Either way it is a text frame.
   */
  send(frame: string | Buffer): void;
  /** Sends several frames in order (one write where the transport can). */
  sendMany(texts: readonly string[]): void;
  /** Holds writes until `flush()` (write-batch.ts). */
  cork(): void;
  flush(): void;
  /** Starts a close with this code and reason (a close frame; an SSE adapter sends it as an event). */
  close(code: number, reason: string): void;
  /** Drops the transport at once, without a close handshake. */
  terminate(): void;
  /**
   * A protocol-level ping whose answer arrives as `Session.handlePong()`. Absent where the
   * transport has none (SSE): the session then runs no ping/pong watchdog and the adapter keeps
   * the stream alive and notices a gone peer itself.
   */
  ping?(): void;
}

/** Who is on the other end, as the request that opened the transport said. */
export interface ConnectionInfo {
  /** Client address as forwarded (X-Forwarded-For's first hop, else the transport's). */
  client: string;
  /** The TCP peer (the proxy, behind one). */
  remote: string;
  origin?: string;
  userAgent?: string;
}
