/**
 * The broker: where messages go between publish and delivery. One interface, two engines:
 * `memory` (the embedded default, one process) and `redis` (many processes). The server
 * talks only to this interface; everything about history, offsets, epochs, idempotency and
 * presence that must hold across nodes lives behind it.
 */
import type { PresenceUser, StreamPosition } from '../../protocol/index.js';

/** A published message as the broker stores and delivers it. */
export interface BrokerMessage {
  channel: string;
  /** The channel's epoch: changes whenever its history is lost (restart, flush, expiry of everything). */
  epoch: string;
  /** 1-based, strictly increasing per channel within an epoch. */
  offset: number;
  /** The publishing user's id. */
  from: string;
  data: unknown;
  /** The payload as JSON text, when the broker holds it so (message-body.ts): frames are built around it. */
  readonly json?: string;
  /** Unix ms when the broker accepted it. */
  time: number;
}

export interface PublishMeta {
  /** The publishing user's id. */
  from: string;
  /** The client's request id: the same (from, channel, key) within the history TTL is published once. */
  idempotencyKey?: string;
  /** `data` as JSON text, already validated (the client's own text): kept as is, never re-serialised. */
  json?: string;
}

export interface PublishResult {
  epoch: string;
  offset: number;
  /** True when the idempotency key was seen before: nothing new was published. */
  duplicate: boolean;
}

export interface RecoveryResult {
  /** The channel's current position (offset 0 when it has never had a message in this epoch). */
  position: StreamPosition;
  /** True when every message after `since` was still in history; `messages` then holds them in order. */
  recovered: boolean;
  messages: BrokerMessage[];
}

export type BrokerListener = (message: BrokerMessage) => void;

/** Broker health, for /readyz and for error frames (BROKER_UNAVAILABLE). */
export interface BrokerHealth {
  up: boolean;
  /** Why it is down, for logs and /readyz bodies. */
  reason?: string;
}

export interface BrokerOptions {
  /** Messages kept per channel (--history-size). */
  historySize: number;
  /** How long messages are kept, and idempotency keys remembered (--history-ttl), in ms. */
  historyTtlMs: number;
  /** Identifies this process in presence and metrics. */
  nodeId: string;
}

export interface Broker {
  /** `memory` or `redis`. */
  readonly kind: string;
  /** Connects (for remote engines); resolves when ready to serve. */
  start(): Promise<void>;
  /** Releases everything this node holds (its presence entries, subscriptions, connections). */
  close(): Promise<void>;
  health(): BrokerHealth;
  /** Called whenever health changes. */
  onHealth(listener: (health: BrokerHealth) => void): () => void;

  /**
   * Appends to the channel's history (bounded by size and TTL) and fans out to every node
   * subscribed to the channel. Resolves only once the message is durably in history.
   * Rejects with `BrokerUnavailableError` when the engine cannot be reached.
   */
  publish(channel: string, data: unknown, meta: PublishMeta): Promise<PublishResult>;
  /**
   * Registers this node's interest in a channel. The listener receives every message
   * published after the call resolves, from any node, in offset order. Resolves with an
   * unsubscribe function. A node subscribes once per channel and fans out locally.
   */
  subscribe(channel: string, listener: BrokerListener): Promise<() => Promise<void>>;
  /** The channel's current epoch and latest offset. */
  position(channel: string): Promise<StreamPosition>;
  /** Everything after `since`, if history still holds all of it (same epoch, no gap). */
  recover(channel: string, since: StreamPosition): Promise<RecoveryResult>;

  /** Presence across the whole deployment: one entry per connection. */
  presenceAdd(channel: string, userId: string, connectionId: string): Promise<void>;
  presenceRemove(channel: string, userId: string, connectionId: string): Promise<void>;
  presence(channel: string): Promise<PresenceUser[]>;

  /**
   * Node-to-node calls (docs/scaling.md "Sessions across nodes"): hands `body` to node
   * `nodeId`'s answerer and resolves with its answer, or `undefined` when no such node is
   * alive. Rejects when the node does not answer within `timeoutMs`. Optional: an engine for
   * one process has no other node to call.
   */
  callNode?(nodeId: string, body: string, timeoutMs: number): Promise<string | undefined>;
  /** Sets this node's answerer for other nodes' calls. */
  answerNodeCalls?(handler: (body: string) => Promise<string>): void;
  /** Backend hook decisions per publish id, across nodes (both engines have one; docs/backend.md). */
  readonly ledger?: PublishLedger;
}

/** Thrown by a broker that cannot reach its engine. Becomes a BROKER_UNAVAILABLE error frame. */
export class BrokerUnavailableError extends Error {
  override readonly name = 'BrokerUnavailableError';
  readonly code = 'BROKER_UNAVAILABLE';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * What the broker knows about one publish id that a backend hook decides on (docs/backend.md,
 * "exactly once"): already published, accepted by the backend (with the data it chose), skipped
 * by it, being decided right now (pending), or new (and now claimed by the caller).
 */
export type LedgerEntry =
  | { state: 'new' }
  | { state: 'pending' }
  | { state: 'published'; epoch: string; offset: number }
  | { state: 'accepted'; data: unknown }
  | { state: 'skipped' };

/**
 * The hook decisions of publish ids, shared by every node, keyed like idempotency: (channel,
 * from, key). A publish id the backend already accepted or skipped is never forwarded again.
 */
export interface PublishLedger {
  /** The id's entry; when it is `new`, it is now `pending` for `pendingMs` (one node asks the backend). */
  claim(channel: string, from: string, key: string, pendingMs: number): Promise<LedgerEntry>;
  /** Records the backend's decision for `ttlMs` (the history TTL). */
  decide(channel: string, from: string, key: string, decision: { state: 'accepted'; data: unknown } | { state: 'skipped' }, ttlMs: number): Promise<void>;
  /** Forgets a pending claim: the backend refused or failed, so a retry asks it again. */
  release(channel: string, from: string, key: string): Promise<void>;
}
