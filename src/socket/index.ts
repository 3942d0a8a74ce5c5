/**
 * `wsgate/socket`: a drop-in `WebSocket` that reconnects, keeps an application heartbeat and
 * queues sends, for servers that are not wsgate (docs/socket.md). Imports only protocol.
 */
export { Socket } from './socket.js';
export type { SocketOptions, SocketHeartbeat, SendData, Source, SocketEventMap, SocketCloseEvent, SocketReconnectingEvent } from './types.js';
export { SocketError } from './errors.js';
export type { SocketErrorCode } from './errors.js';
export type { BackoffOptions } from '../protocol/backoff.js';
