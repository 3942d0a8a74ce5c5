/**
 * The wire format: text frames carrying JSON (plus the bare texts "ping"/"pong").
 * Types for every frame, and `parseClientFrame`, the one validator the server uses.
 * docs/protocol.md describes the same thing for people.
 */
import { ErrorCode, type ErrorCodeValue } from './error-codes.js';

export const PROTOCOL_VERSION = 1;

/** The application-level heartbeat texts (the guide's and wscat's test). */
export const PING_TEXT = 'ping';
export const PONG_TEXT = 'pong';

/** Channel names: 1–200 chars of `[A-Za-z0-9:_\-.@/]`, e.g. `room:lobby`, `user:42`. */
export const CHANNEL_PATTERN = /^[A-Za-z0-9:_\-.@/]{1,200}$/;
/** The direct-inbox prefix: only user `<id>` may subscribe to `user:<id>`; anyone may publish. */
export const USER_CHANNEL_PREFIX = 'user:';

export function isValidChannel(name: unknown): boolean {
  return typeof name === 'string' && CHANNEL_PATTERN.test(name);
}

/** The user whose inbox a channel is, or null for ordinary channels. */
export function inboxOwner(channel: string): string | null {
  return channel.startsWith(USER_CHANNEL_PREFIX) ? channel.slice(USER_CHANNEL_PREFIX.length) : null;
}

/** A position in a channel's history. The epoch changes whenever history is lost. */
export interface StreamPosition {
  epoch: string;
  offset: number;
}

/** Request ids: a string or number chosen by the client, echoed in the reply. */
export type RequestId = string | number;

// ---- client → server -------------------------------------------------------------------------

export interface SubscribeFrame {
  type: 'subscribe';
  id: RequestId;
  channel: string;
  since?: StreamPosition;
}
export interface UnsubscribeFrame {
  type: 'unsubscribe';
  id: RequestId;
  channel: string;
}
export interface PublishFrame {
  type: 'publish';
  /** Also the idempotency key: the same id from the same user within the history TTL is published once. */
  id: RequestId;
  channel: string;
  data: unknown;
}
export interface PresenceFrame {
  type: 'presence';
  id: RequestId;
  channel: string;
}
/** Swap the connection's token for a fresh one without reconnecting. */
export interface RefreshFrame {
  type: 'refresh';
  id: RequestId;
  token: string;
}

/** A call to the application's backend (`--proxy-url`); answered by a `result` or an `error` frame. */
export interface RpcFrame {
  type: 'rpc';
  id: RequestId;
  /** 1–100 characters of `[A-Za-z0-9:_\-.@/]`, e.g. `chat.history`. */
  method: string;
  /** Any JSON; null when the frame has none. */
  data: unknown;
}

export type ClientFrame = SubscribeFrame | UnsubscribeFrame | PublishFrame | PresenceFrame | RefreshFrame | RpcFrame;
export type ClientFrameType = ClientFrame['type'];

// ---- server → client -------------------------------------------------------------------------

export interface HelloFrame {
  type: 'hello';
  protocol: number;
  session: string;
  user: { id: string };
  heartbeat: { interval: number; timeout: number };
  limits?: { maxMessage?: number; rate?: number; burst?: number };
  node?: string;
}
export interface SubscribedFrame {
  type: 'subscribed';
  id: RequestId;
  channel: string;
  epoch: string;
  /** The latest offset in the channel at the time of the reply (0 when empty). */
  offset: number;
  recovered: boolean;
}
export interface UnsubscribedFrame {
  type: 'unsubscribed';
  id: RequestId;
  channel: string;
}
export interface AckFrame {
  type: 'ack';
  id: RequestId;
  offset: number;
  epoch?: string;
  /** True when this ack repeats an earlier one for the same idempotency key. */
  duplicate?: boolean;
  /** True when the backend took the message and will answer through its own publishes (docs/backend.md). */
  skipped?: boolean;
}
export interface MessageFrame {
  type: 'message';
  channel: string;
  epoch: string;
  offset: number;
  from: string;
  data: unknown;
}
export interface PresenceUser {
  id: string;
  connections: number;
}
export interface PresenceReplyFrame {
  type: 'presence';
  id: RequestId;
  channel: string;
  users: PresenceUser[];
}
export interface RefreshedFrame {
  type: 'refreshed';
  id: RequestId;
  user: { id: string };
  /** Unix ms when the new token expires, when known. */
  expiresAt?: number;
}
/** The backend's answer to an `rpc` frame. */
export interface ResultFrame {
  type: 'result';
  id: RequestId;
  data: unknown;
}
export interface ErrorFrame {
  type: 'error';
  id: RequestId | null;
  /** One of ERROR_CODES, or a code the backend chose when it refused a request (docs/backend.md). */
  code: ErrorCodeValue | (string & {});
  message: string;
}

export type ServerFrame =
  | HelloFrame
  | SubscribedFrame
  | UnsubscribedFrame
  | AckFrame
  | MessageFrame
  | PresenceReplyFrame
  | RefreshedFrame
  | ResultFrame
  | ErrorFrame;

// ---- validation ------------------------------------------------------------------------------

/** A frame the server could not accept, with the stable code to answer with. */
export class FrameError extends Error {
  override readonly name = 'FrameError';
  constructor(
    /** One of ERROR_CODES, or a backend's own code when a hook refused the request (docs/backend.md). */
    readonly code: ErrorCodeValue | (string & {}),
    message: string,
    /** The request id, when it could be read, so the error reply can name it. */
    readonly requestId: RequestId | null = null,
  ) {
    super(message);
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isRequestId(v: unknown): v is RequestId {
  return (typeof v === 'string' && v.length > 0 && v.length <= 128) || (typeof v === 'number' && Number.isFinite(v));
}

const CLIENT_TYPES: ReadonlySet<string> = new Set<ClientFrameType>(['subscribe', 'unsubscribe', 'publish', 'presence', 'refresh', 'rpc']);

/** RPC method names: like channel names, at most 100 characters. */
export const METHOD_PATTERN = /^[A-Za-z0-9:_\-.@/]{1,100}$/;

/**
 * Parses and validates one client text frame (not "ping", which the caller answers first).
 * Throws `FrameError` with BAD_JSON, BAD_FRAME, UNKNOWN_TYPE or BAD_CHANNEL.
 *
 * @example
 * parseClientFrame('{"type":"subscribe","id":1,"channel":"room:lobby"}')
 */
export function parseClientFrame(text: string): ClientFrame {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new FrameError(ErrorCode.BAD_JSON, 'frame is not valid JSON');
  }
  if (!isRecord(value)) throw new FrameError(ErrorCode.BAD_FRAME, 'frame must be a JSON object');
  const id = isRequestId(value.id) ? value.id : null;
  const type = value.type;
  if (typeof type !== 'string') throw new FrameError(ErrorCode.BAD_FRAME, 'frame needs a string "type"', id);
  if (!CLIENT_TYPES.has(type)) throw new FrameError(ErrorCode.UNKNOWN_TYPE, `unknown frame type "${type.slice(0, 40)}"`, id);
  if (id === null) throw new FrameError(ErrorCode.BAD_FRAME, `"${type}" needs an "id" (non-empty string ≤ 128 chars or finite number)`);

  if (type === 'refresh') {
    if (typeof value.token !== 'string' || value.token.length === 0) throw new FrameError(ErrorCode.BAD_FRAME, '"refresh" needs a string "token"', id);
    return { type, id, token: value.token };
  }
  if (type === 'rpc') {
    const method = value.method;
    if (typeof method !== 'string' || !METHOD_PATTERN.test(method)) {
      throw new FrameError(ErrorCode.BAD_FRAME, '"rpc" needs a "method": 1–100 characters of [A-Za-z0-9:_\\-.@/]', id);
    }
    return { type, id, method, data: value.data === undefined ? null : value.data };
  }

  const channel = value.channel;
  if (typeof channel !== 'string') throw new FrameError(ErrorCode.BAD_FRAME, `"${type}" needs a string "channel"`, id);
  if (!isValidChannel(channel)) throw new FrameError(ErrorCode.BAD_CHANNEL, `invalid channel name "${channel.slice(0, 40)}"`, id);

  switch (type) {
    case 'subscribe': {
      if (value.since === undefined || value.since === null) return { type, id, channel };
      const since = value.since;
      if (!isRecord(since) || typeof since.epoch !== 'string' || !Number.isSafeInteger(since.offset) || (since.offset as number) < 0) {
        throw new FrameError(ErrorCode.BAD_FRAME, '"since" must be {"epoch": string, "offset": integer ≥ 0}', id);
      }
      return { type, id, channel, since: { epoch: since.epoch, offset: since.offset as number } };
    }
    case 'publish':
      if (!('data' in value) || value.data === undefined) throw new FrameError(ErrorCode.BAD_FRAME, '"publish" needs "data"', id);
      return { type, id, channel, data: value.data };
    case 'unsubscribe':
      return { type, id, channel };
    default:
      return { type: 'presence', id, channel };
  }
}

/** Parses a server frame on the client side; returns null for anything that is not one. */
export function parseServerFrame(text: string): ServerFrame | null {
  if (text === PONG_TEXT) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isRecord(value) || typeof value.type !== 'string') return null;
  return value as unknown as ServerFrame;
}
