/**
 * `wsgate/server`: the chat WebSocket service as a library. `createServer()` is what
 * `wsgate serve` runs; the broker engines and the config schema are exported for embedding.
 */
export { createServer } from './create-server.js';
export type { CreateServerOptions, WsgateServer } from './server.js';
export { resolveConfig, serverOptionsSchema, OPTION_KEYS, flagOf, envOf, parseDurationMs, parseBytes } from './config.js';
export type { ServerOptions, ServerConfig } from './config.js';
export { createBroker, isBroker, MemoryBroker, newEpoch, BrokerUnavailableError } from './broker/index.js';
export type { BrokerSpec, MemoryBrokerOptions } from './broker/index.js';
export type { Broker, BrokerMessage, BrokerListener, BrokerHealth, BrokerOptions, PublishMeta, PublishResult, RecoveryResult, PublishLedger, LedgerEntry } from './broker/types.js';
export { signBody, SIGNATURE_HEADER } from './backend/hook-client.js';
export { WsgateServerError, ConfigError, HttpError, CloseError, AuthError, BrokerConfigError, HTTP_ERROR_CODES, closeCodeForStatus } from './errors.js';
export type { AuthFailureReason, HttpErrorCode } from './errors.js';
export { TokenBucket } from './rate-limit.js';
export { ChannelService } from './channels/channel-service.js';
export type { PublishInput } from './channels/channel-service.js';
export type { SessionTransport, TransportKind, TransportListener, ConnectionInfo } from './session/transport.js';
export type { SessionHooks, PublishHook, SubscribeHook, ConnectHook, ConnectCaller, ConnectDecision, RpcHook, PublishDecision, HookCaller } from './session/hooks.js';
export { redactUrl } from './logger.js';
export type { Identity, AuthKind } from './auth/index.js';
