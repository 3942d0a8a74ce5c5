/**
 * Errors `Socket.send` throws (docs/socket.md, "Errors"). Each has a stable `code`; the message
 * says what happened and which option governs it.
 */

/**
 * - `QUEUE_FULL`: `send` while reconnecting, with `maxQueue` sends already waiting.
 * - `CLOSED`: `send` after the socket closed for good (`close()`, or a terminal close code).
 */
export type SocketErrorCode = 'QUEUE_FULL' | 'CLOSED';

/**
 * @example
 * try { socket.send(text) } catch (e) { if (e instanceof SocketError && e.code === 'QUEUE_FULL') showBackpressure() }
 */
export class SocketError extends Error {
  constructor(
    readonly code: SocketErrorCode,
    message: string,
  ) {
    super(`wsgate/socket: ${message}`);
    this.name = 'SocketError';
  }
}
