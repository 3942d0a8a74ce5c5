/**
 * `wsgate/client`: the browser + Node client SDK. A connection that survives CDNs and loses
 * nothing (docs/client.md), over WebSocket or, where the path blocks it, SSE + POST. Imports only `wsgate/protocol`; no runtime dependencies.
 */
export { Client } from './fallback-client.js';
export type { ClientOptions, ClientEvents, Source, SocketLike, TransportKind } from './client.js';
export { Subscription } from './subscriptions.js';
export type { MessageHandler, MessageMeta, SubscribedInfo, SubscriptionEvents } from './subscriptions.js';
export type { State, StateChange } from './state.js';
export type { BackoffOptions } from './backoff.js';
export type { HeartbeatOptions } from './heartbeat.js';
export type { OutboxLimits } from './outbox.js';
export type { WakeReason } from './env.js';
export { WsgateClientError, OutboxFullError, ServerError, ConnectionClosedError, ClientErrorCode } from './errors.js';
export type { ClientErrorCodeValue, ErrorDetails } from './errors.js';
