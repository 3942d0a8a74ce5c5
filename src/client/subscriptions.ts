/**
 * Subscriptions: per channel, the position reached (epoch + offset), restored after every
 * reconnect with `since`, so the server replays what was missed. Messages are delivered in
 * order and never twice (anything at or below the position is a replay already seen). When the
 * server answers `recovered: false` to a resume, the subscription emits `unrecovered`: the app
 * missed messages and should reload its state.
 */
import type { MessageFrame, StreamPosition, SubscribeFrame, SubscribedFrame } from '../protocol/index.js';
import { Emitter, safely } from './emitter.js';
import type { WsgateClientError } from './errors.js';

/** What a handler gets besides the data. */
export interface MessageMeta {
  channel: string;
  offset: number;
  epoch: string;
  /** The publisher's user id. */
  from: string;
}

export type MessageHandler = (data: unknown, meta: MessageMeta) => void;

export interface SubscribedInfo {
  channel: string;
  epoch: string;
  /** The channel's latest offset when the server answered. */
  offset: number;
  /** True when this was a resume with `since` and every missed message was replayed. */
  recovered: boolean;
  /** True for a resume after a reconnect (there was a position to resume from). */
  resumed: boolean;
}

export interface SubscriptionEvents {
  subscribed: SubscribedInfo;
  /** A resume could not replay everything (history lost or too short): reload your state. */
  unrecovered: SubscribedInfo;
  /** The server refused the subscription (e.g. FORBIDDEN_CHANNEL); it is over. */
  error: WsgateClientError;
}

/**
 * One `client.subscribe()` call. Several handles may share a channel; the server sees one
 * subscription per channel.
 */
export class Subscription extends Emitter<SubscriptionEvents> {
  /** @internal */ active = true;
  #waiters: Array<[(info: SubscribedInfo) => void, (err: Error) => void]> = [];
  readonly #release: (sub: Subscription) => void;
  // `declare`: assigned below, no field definitions in the bundle (docs/client.md "Size").
  declare readonly channel: string;
  /** @internal */ declare readonly handler: MessageHandler;

  constructor(channel: string, handler: MessageHandler, release: (sub: Subscription) => void) {
    super();
    this.channel = channel;
    this.handler = handler;
    this.#release = release;
  }

  /** Stops delivery to this handle; the server subscription ends when no handle is left. */
  unsubscribe(): void {
    if (!this.active) return;
    this.active = false;
    this.#release(this);
  }

  /** Resolves at the next `subscribed` (rejects if the server refuses the subscription). */
  ready(): Promise<SubscribedInfo> {
    return new Promise((resolve, reject) => this.#waiters.push([resolve, reject]));
  }

  /** @internal */
  fire<K extends keyof SubscriptionEvents>(type: K, payload: SubscriptionEvents[K]): void {
    if (type !== 'unrecovered') {
      const waiters = this.#waiters;
      this.#waiters = [];
      for (const [ok, fail] of waiters) type === 'error' ? fail(payload as Error) : ok(payload as SubscribedInfo);
    }
    this.emit(type, payload);
  }
}

interface Entry {
  channel: string;
  subs: Set<Subscription>;
  /** The position reached (short names: internal, and the bundle has a size budget). */
  pos?: StreamPosition;
  /** The id of the subscribe request in flight on the current connection. */
  req?: string;
  /** Whether that request was a resume (carried `since`). */
  resume?: boolean;
}

/**
 * All channels this client wants, and where each one is. A reply finds its channel through the
 * request id kept on the entry: every reconnect sends a fresh subscribe (new id) for every
 * channel, so ids from an old connection never linger and need no index of their own.
 */
export class SubscriptionRegistry {
  readonly #entries = new Map<string, Entry>();
  readonly #onUnrecovered: (info: SubscribedInfo) => void;

  constructor(onUnrecovered: (info: SubscribedInfo) => void = () => {}) {
    this.#onUnrecovered = onUnrecovered;
  }

  /** Adds a handle; returns true when the channel is new (a subscribe must be sent). */
  add(sub: Subscription): boolean {
    const entry = this.#entries.get(sub.channel);
    if (entry) {
      entry.subs.add(sub);
      return false;
    }
    this.#entries.set(sub.channel, { channel: sub.channel, subs: new Set([sub]) });
    return true;
  }

  /** Removes a handle; returns true when it was the channel's last one (an unsubscribe must be sent). */
  remove(sub: Subscription): boolean {
    const entry = this.#entries.get(sub.channel);
    if (!entry?.subs.delete(sub) || entry.subs.size > 0) return false;
    this.#entries.delete(sub.channel);
    return true;
  }

  channels(): string[] {
    return [...this.#entries.keys()];
  }

  /** The subscribe frame for a channel, resuming from its position; `id` becomes the request in flight. */
  subscribeFrame(channel: string, id: string): SubscribeFrame | undefined {
    const entry = this.#entries.get(channel);
    if (!entry) return undefined;
    entry.req = id;
    entry.resume = entry.pos !== undefined;
    return { type: 'subscribe', id, channel, since: entry.pos };
  }

  /** The entry whose subscribe request `id` answers; that request is no longer in flight. */
  #answered(id: string): Entry | undefined {
    for (const entry of this.#entries.values()) {
      if (entry.req === id) {
        entry.req = undefined;
        return entry;
      }
    }
    return undefined;
  }

  /** Handles a `subscribed` reply (one that answers no request of ours is ignored). */
  onSubscribed(frame: SubscribedFrame): void {
    const entry = this.#answered(String(frame.id));
    if (!entry) return;
    const { epoch, offset, recovered } = frame;
    const unrecovered = entry.resume && !recovered;
    const info: SubscribedInfo = { channel: entry.channel, epoch, offset, recovered, resumed: entry.resume === true };
    // Not recovered: what was missed is gone; continue from the server's present.
    if (!entry.pos || !recovered) entry.pos = { epoch, offset };
    if (unrecovered) this.#onUnrecovered(info);
    for (const sub of entry.subs) {
      if (unrecovered) sub.fire('unrecovered', info);
      sub.fire('subscribed', info);
    }
  }

  /** Handles an error reply to a subscribe request: the subscription is over. False when it answers no request of ours. */
  onError(id: string, err: WsgateClientError): boolean {
    const entry = this.#answered(id);
    if (!entry) return false;
    this.#entries.delete(entry.channel);
    for (const sub of entry.subs) {
      sub.active = false;
      sub.fire('error', err);
    }
    return true;
  }

  /** Delivers a message in order, once; drops replays at or below the position reached. */
  onMessage(frame: MessageFrame): void {
    const { channel, epoch, offset, from } = frame;
    const entry = this.#entries.get(channel);
    const pos = entry?.pos;
    if (!entry || (pos && pos.epoch === epoch && offset <= pos.offset)) return;
    entry.pos = { epoch, offset };
    const meta: MessageMeta = { channel, offset, epoch, from };
    for (const sub of [...entry.subs]) if (sub.active) safely(sub.handler, frame.data, meta);
  }
}
