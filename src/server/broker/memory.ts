/**
 * The embedded broker: history, offsets, epochs, idempotency and presence for one process.
 * Several servers in one process may share an instance (that is how tests show cross-node
 * presence and fan-out without Redis). Time is injectable (`now`) so TTL tests need no sleep.
 */
import { randomBytes } from 'node:crypto';
import type { PresenceUser, StreamPosition } from '../../protocol/index.js';
import { MemoryLedger } from './memory-ledger.js';
import type { Broker, BrokerHealth, BrokerListener, BrokerMessage, BrokerOptions, PublishMeta, PublishResult, RecoveryResult } from './types.js';
import { judgeRecovery } from './recovery.js';
import { JsonMessage, payloadJson } from './message-body.js';

export interface MemoryBrokerOptions extends Partial<BrokerOptions> {
  /** Clock in ms (default `Date.now`); tests pass a fake one. */
  now?: () => number;
  /** How often idle channels and expired keys are swept (default 30 s; 0 = only on access). */
  sweepIntervalMs?: number;
}

interface ChannelState {
  epoch: string;
  offset: number;
  messages: BrokerMessage[];
  listeners: Set<BrokerListener>;
  lastActivity: number;
  /** Idempotency keys, scoped per user and channel: publisher → key → the offset it was published at. */
  keys: Map<string, PublisherKeys>;
}

/**
 * One publisher's remembered idempotency keys in one channel. Nested maps, not one map of
 * `from + channel + key` strings: no key string is built (and flattened to be hashed) per
 * publish, and the maps stay small.
 */
class PublisherKeys extends Map<string, number> {
  constructor(
    readonly owner: Map<string, PublisherKeys>,
    readonly from: string,
  ) {
    super();
  }
}

/** A new epoch id: short, random, never reused. */
export function newEpoch(): string {
  return randomBytes(6).toString('base64url');
}

/**
 * @example
 * const broker = new MemoryBroker({ historySize: 100, historyTtlMs: 300_000 });
 * const a = await createServer({ port: 0, broker });
 * const b = await createServer({ port: 0, broker }); // a and b share channels and presence
 */
export class MemoryBroker implements Broker {
  readonly kind = 'memory';
  readonly historySize: number;
  readonly historyTtlMs: number;
  readonly nodeId: string;
  private readonly now: () => number;
  private readonly channels = new Map<string, ChannelState>();
  /**
   * Remembered idempotency keys (in their channel's state), in the order they expire (a TTL's
   * worth of publishes: kept as flat as possible, one string, one scope and one number each, no
   * object per key). The epoch is the channel's: a channel is forgotten only after a TTL without
   * activity, when its keys have expired too.
   */
  private expiryScopes: PublisherKeys[] = [];
  private expiryKeys: string[] = [];
  private expiryTimes: number[] = [];
  private expiryHead = 0;
  /** channel → connectionId → userId */
  private readonly presenceMap = new Map<string, Map<string, string>>();
  private readonly healthListeners = new Set<(h: BrokerHealth) => void>();
  private sweepTimer: NodeJS.Timeout | undefined;
  private readonly sweepIntervalMs: number;
  readonly ledger: MemoryLedger;
  private closed = false;

  constructor(options: MemoryBrokerOptions = {}) {
    this.historySize = options.historySize ?? 100;
    this.historyTtlMs = options.historyTtlMs ?? 300_000;
    this.nodeId = options.nodeId ?? 'memory';
    this.now = options.now ?? Date.now;
    this.sweepIntervalMs = options.sweepIntervalMs ?? 30_000;
    this.ledger = new MemoryLedger((channel, from, key) => {
      this.expireKeys(this.now());
      const state = this.channels.get(channel);
      const seen = state?.keys.get(from)?.get(key);
      return state !== undefined && seen !== undefined ? { epoch: state.epoch, offset: seen, duplicate: true } : undefined;
    }, this.now);
  }

  async start(): Promise<void> {
    this.closed = false;
    if (this.sweepIntervalMs > 0 && !this.sweepTimer) {
      this.sweepTimer = setInterval(() => this.sweep(), this.sweepIntervalMs);
      this.sweepTimer.unref();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    this.sweepTimer = undefined;
  }

  health(): BrokerHealth {
    return this.closed ? { up: false, reason: 'broker closed' } : { up: true };
  }

  onHealth(listener: (health: BrokerHealth) => void): () => void {
    this.healthListeners.add(listener);
    return () => this.healthListeners.delete(listener);
  }

  private channel(name: string): ChannelState {
    let state = this.channels.get(name);
    if (!state) {
      state = { epoch: newEpoch(), offset: 0, messages: [], listeners: new Set(), lastActivity: this.now(), keys: new Map() };
      this.channels.set(name, state);
    }
    return state;
  }

  /** Drops messages past the TTL or the size bound. */
  private prune(state: ChannelState, now = this.now()): void {
    const cutoff = now - this.historyTtlMs;
    let drop = 0;
    while (drop < state.messages.length && state.messages[drop]!.time <= cutoff) drop++;
    const over = state.messages.length - drop - this.historySize;
    if (over > 0) drop += over;
    if (drop === 1) state.messages.shift();
    else if (drop > 0) state.messages.splice(0, drop);
  }

  /**
   * Forgets channels whose history is gone and that nobody listens to (their next use gets a new
   * epoch: history was lost), and idempotency keys past the TTL.
   */
  sweep(): void {
    const now = this.now();
    for (const [name, state] of this.channels) {
      this.prune(state);
      if (state.messages.length === 0 && state.listeners.size === 0 && now - state.lastActivity >= this.historyTtlMs) this.channels.delete(name);
    }
    this.expireKeys(now);
    this.ledger.sweep();
  }

  /** Forgets the idempotency keys whose TTL is over (oldest first; amortised O(1) per key). */
  private expireKeys(now: number): void {
    const keys = this.expiryKeys;
    const times = this.expiryTimes;
    const scopes = this.expiryScopes;
    let head = this.expiryHead;
    while (head < keys.length && times[head]! <= now) {
      const scope = scopes[head]!;
      scope.delete(keys[head]!);
      if (scope.size === 0 && scope.owner.get(scope.from) === scope) scope.owner.delete(scope.from);
      head++;
    }
    if (head > 1024 && head * 2 > keys.length) {
      this.expiryKeys = keys.slice(head);
      this.expiryTimes = times.slice(head);
      this.expiryScopes = scopes.slice(head);
      head = 0;
    }
    this.expiryHead = head;
  }

  async publish(channel: string, data: unknown, meta: PublishMeta): Promise<PublishResult> {
    const now = this.now();
    // Scoped per user and channel, as the Redis engine must (its key lives in the channel's slot).
    const key = meta.idempotencyKey;
    if (key !== undefined) this.expireKeys(now);
    const state = this.channel(channel);
    const scope = key !== undefined ? state.keys.get(meta.from) : undefined;
    if (scope !== undefined) {
      const seen = scope.get(key!);
      if (seen !== undefined) return { epoch: state.epoch, offset: seen, duplicate: true };
    }
    state.offset += 1;
    state.lastActivity = now;
    // History holds the payload's text (parsed again only if someone reads `data`).
    const message: BrokerMessage = new JsonMessage(channel, state.epoch, state.offset, meta.from, payloadJson(data, meta.json), now);
    if (this.historySize > 0) state.messages.push(message);
    // One prune after the push drops what is past the TTL and what is over the size bound.
    this.prune(state, now);
    const result: PublishResult = { epoch: state.epoch, offset: state.offset, duplicate: false };
    if (key !== undefined) {
      let keys = scope;
      if (keys === undefined) state.keys.set(meta.from, (keys = new PublisherKeys(state.keys, meta.from)));
      keys.set(key, state.offset);
      this.expiryScopes.push(keys);
      this.expiryKeys.push(key);
      this.expiryTimes.push(now + this.historyTtlMs);
    }
    // A single listener (the usual case: one hub subscription per node) needs no copy of the set.
    const listeners = state.listeners.size === 1 ? state.listeners : [...state.listeners];
    for (const listener of listeners) {
      try {
        listener(message);
      } catch {
        // A failing listener must not stop delivery to the others nor fail the publish.
      }
    }
    return result;
  }

  async subscribe(channel: string, listener: BrokerListener): Promise<() => Promise<void>> {
    const state = this.channel(channel);
    state.listeners.add(listener);
    state.lastActivity = this.now();
    return async () => {
      state.listeners.delete(listener);
      state.lastActivity = this.now();
    };
  }

  async position(channel: string): Promise<StreamPosition> {
    const state = this.channel(channel);
    return { epoch: state.epoch, offset: state.offset };
  }

  async recover(channel: string, since: StreamPosition): Promise<RecoveryResult> {
    const state = this.channel(channel);
    const now = this.now();
    this.prune(state, now);
    const position = { epoch: state.epoch, offset: state.offset };
    const after = since.epoch === state.epoch ? state.messages.filter((m) => m.offset > since.offset) : [];
    return judgeRecovery(since, position, after, { historySize: this.historySize, historyTtlMs: this.historyTtlMs, now });
  }

  async presenceAdd(channel: string, userId: string, connectionId: string): Promise<void> {
    let members = this.presenceMap.get(channel);
    if (!members) this.presenceMap.set(channel, (members = new Map()));
    members.set(connectionId, userId);
  }

  async presenceRemove(channel: string, _userId: string, connectionId: string): Promise<void> {
    const members = this.presenceMap.get(channel);
    if (!members) return;
    members.delete(connectionId);
    if (members.size === 0) this.presenceMap.delete(channel);
  }

  async presence(channel: string): Promise<PresenceUser[]> {
    const counts = new Map<string, number>();
    for (const userId of this.presenceMap.get(channel)?.values() ?? []) counts.set(userId, (counts.get(userId) ?? 0) + 1);
    return [...counts.entries()].map(([id, connections]) => ({ id, connections })).sort((a, b) => a.id.localeCompare(b.id));
  }
}
