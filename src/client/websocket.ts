/**
 * `wsgate/client/websocket`: the same client as `wsgate/client` without the SSE fallback, for
 * apps whose every path passes WebSocket (a smaller bundle; docs/client.md). Imports only
 * `wsgate/protocol`; no runtime dependencies.
 */
export { Client } from './client.js';
export type { ClientOptions, ClientEvents, Source } from './options.js';
export type { SocketLike, TransportKind } from './transport.js';
export { Subscription } from './subscriptions.js';
export type { MessageHandler, MessageMeta, SubscribedInfo, SubscriptionEvents } from './subscriptions.js';
export type { State, StateChange } from './state.js';
export type { BackoffOptions } from './backoff.js';
export type { HeartbeatOptions } from './heartbeat.js';
export type { OutboxLimits } from './outbox.js';
export type { WakeReason } from './env.js';
export { WsgateClientError, OutboxFullError, ServerError, ConnectionClosedError, ClientErrorCode } from './errors.js';
export type { ClientErrorCodeValue, ErrorDetails } from './errors.js';
