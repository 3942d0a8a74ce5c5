/**
 * `wsgate/protocol`: the wire format, close codes, error codes and the reconnect policy that
 * the server, the client and the doctor share. Dependency-free: runs in browsers and Node.
 */
export {
  CloseCode,
  isValidCloseCode,
  reconnectAction,
  foreignReconnectAction,
  shouldReconnect,
  describeCloseCode,
  knownCloseCodes,
  formatCloseReason,
  parseCloseReason,
  MAX_CLOSE_REASON_BYTES,
  AUTH_CLOSE_CODES,
  isAuthCloseCode,
} from './close-codes.js';
export type { CloseCodeName, CloseCodeValue, ReconnectAction } from './close-codes.js';
export { ErrorCode, ERROR_CODES, RETRYABLE_ERROR_CODES, isRetryableError } from './error-codes.js';
export { DEFAULT_WS_PATH, DEFAULT_TICKET_PATH } from './paths.js';
export type { ErrorCodeValue } from './error-codes.js';
export { DEFAULT_BACKOFF, backoffWindow, fullJitter, hinted, reconnectDelay, parseRetryAfter } from './backoff.js';
export type { BackoffOptions } from './backoff.js';
export { startHeartbeat } from './heartbeat.js';
export type { Heartbeat, HeartbeatHooks, HeartbeatOptions } from './heartbeat.js';
export { watchEnvironment, isOffline } from './wake-ups.js';
export type { WakeReason } from './wake-ups.js';
export {
  PROTOCOL_VERSION,
  PING_TEXT,
  PONG_TEXT,
  CHANNEL_PATTERN,
  METHOD_PATTERN,
  USER_CHANNEL_PREFIX,
  isValidChannel,
  inboxOwner,
  parseClientFrame,
  parseServerFrame,
  FrameError,
} from './frames.js';
export type {
  StreamPosition,
  RequestId,
  ClientFrame,
  ClientFrameType,
  SubscribeFrame,
  UnsubscribeFrame,
  PublishFrame,
  PresenceFrame,
  RefreshFrame,
  ServerFrame,
  HelloFrame,
  SubscribedFrame,
  UnsubscribedFrame,
  AckFrame,
  MessageFrame,
  PresenceUser,
  PresenceReplyFrame,
  RefreshedFrame,
  RpcFrame,
  ResultFrame,
  ErrorFrame,
} from './frames.js';
export { CLOSE_MEANINGS_ZH, describeCloseCodeZh } from './close-codes.zh-CN.js';
