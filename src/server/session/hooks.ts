/**
 * Seams for a backend's say: before a client's publish or subscribe proceeds, a hook may take
 * an async decision (allow, rewrite, skip, refuse). A hook that does not apply to a channel
 * costs nothing: `applies()` is asked synchronously, and only frames it claims wait.
 *
 * Order: once a session has a hooked request in flight, every later request of that session
 * waits behind it (session.ts, `dispatch`), so acks and publishes keep the order the client
 * sent them in, however long the backend takes.
 *
 * Refusal: a hook throws a `FrameError` (the client gets an `error` frame with its code, and
 * nothing is done), or a `CloseError` to end the session.
 */
import type { RequestId } from '../../protocol/index.js';
import type { ConnectionInfo, TransportKind } from './transport.js';
import type { Identity } from '../auth/identity.js';

/** Who is asking: enough for a backend request, nothing of the session's internals. */
export interface HookCaller {
  readonly session: string;
  readonly userId: string;
  readonly nodeId: string;
}

/** `{}`: publish as sent; `{ data }`: publish this instead; `{ skip: true }`: ack (`skipped`) and publish nothing. */
export type PublishDecision = { data?: unknown; skip?: false } | { skip: true };

export interface PublishHook {
  applies(channel: string): boolean;
  decide(caller: HookCaller, request: { channel: string; id: RequestId; data: unknown }): Promise<PublishDecision>;
}

export interface SubscribeHook {
  applies(channel: string): boolean;
  /** Resolves to allow; throws FrameError to refuse. */
  decide(caller: HookCaller, request: { channel: string }): Promise<void>;
}

/** Who is connecting: the session id it will have, and what carries it. */
export interface ConnectCaller extends HookCaller {
  readonly transport: TransportKind;
}

/** `{ channels }`: also subscribe the new session to these channels, server-side. */
export interface ConnectDecision {
  channels?: readonly string[];
}

/**
 * Asked after token auth, before the session opens (session-registry.ts); throws an
 * `AuthError` or a `CloseError` to refuse the connection with that close code.
 */
export type ConnectHook = (caller: ConnectCaller, identity: Identity, info: ConnectionInfo) => Promise<ConnectDecision | void>;

/** Answers an `rpc` frame with the `result` frame's data; throws FrameError to refuse. */
export type RpcHook = (caller: HookCaller, request: { id: RequestId; method: string; data: unknown }) => Promise<unknown>;

export interface SessionHooks {
  publish?: PublishHook;
  subscribe?: SubscribeHook;
  connect?: ConnectHook;
  /** Absent: `rpc` frames get NOT_AVAILABLE. */
  rpc?: RpcHook;
}
