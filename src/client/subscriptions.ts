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

  constructor(
    readonly channel: string,
    /** @internal */ readonly handler: MessageHandler,
    private readonly release: (sub: Subscription) => void,
  ) {
    super();
  }

  /** Stops delivery to this handle; the server subscription ends when no handle is left. */
  unsubscribe(): void {
    if (!this.active) return;
    this.active = false;
    this.release(this);
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
  subs: Set<Subscription>;
  position?: StreamPosition;
  /** The id of the subscribe request in flight on the current connection. */
  requestId?: string;
  /** Whether that request was a resume (carried `since`). */
  resuming?: boolean;
}

/** All channels this client wants, and where each one is. */
export class SubscriptionRegistry {
  constructor(private readonly onUnrecovered: (info: SubscribedInfo) => void = () => {}) {}

  readonly #entries = new Map<string, Entry>();
  readonly #byRequest = new Map<string, string>();

  /** Adds a handle; returns true when the channel is new (a subscribe must be sent). */
  add(sub: Subscription): boolean {
    const entry = this.#entries.get(sub.channel);
    if (entry) {
      entry.subs.add(sub);
      return false;
    }
    this.#entries.set(sub.channel, { subs: new Set([sub]) });
    return true;
  }

  /** Removes a handle; returns true when it was the channel's last one (an unsubscribe must be sent). */
  remove(sub: Subscription): boolean {
    const entry = this.#entries.get(sub.channel);
    if (!entry || !entry.subs.delete(sub)) return false;
    if (entry.subs.size > 0) return false;
    this.#entries.delete(sub.channel);
    if (entry.requestId !== undefined) this.#byRequest.delete(entry.requestId);
    return true;
  }

  channels(): string[] {
    return [...this.#entries.keys()];
  }

  /** The subscribe frame for a channel on a new connection, resuming from its position. */
  subscribeFrame(channel: string, id: string): SubscribeFrame | undefined {
    const entry = this.#entries.get(channel);
    if (!entry) return undefined;
    if (entry.requestId !== undefined) this.#byRequest.delete(entry.requestId);
    entry.requestId = id;
    entry.resuming = entry.position !== undefined;
    this.#byRequest.set(id, channel);
    return entry.position ? { type: 'subscribe', id, channel, since: entry.position } : { type: 'subscribe', id, channel };
  }

  /** Forgets requests in flight (the connection they were sent on is gone). */
  resetRequests(): void {
    this.#byRequest.clear();
    for (const entry of this.#entries.values()) entry.requestId = undefined;
  }

  /** Handles a `subscribed` reply; false when it answers no request of ours. */
  onSubscribed(frame: SubscribedFrame): boolean {
    const channel = this.#byRequest.get(String(frame.id));
    if (channel === undefined) return false;
    this.#byRequest.delete(String(frame.id));
    const entry = this.#entries.get(channel);
    if (!entry) return true;
    entry.requestId = undefined;
    const resumed = entry.resuming === true;
    const info: SubscribedInfo = { channel, epoch: frame.epoch, offset: frame.offset, recovered: frame.recovered, resumed };
    // Not recovered: what was missed is gone; continue from the server's present.
    if (!entry.position || !frame.recovered) entry.position = { epoch: frame.epoch, offset: frame.offset };
    if (resumed && !frame.recovered) this.onUnrecovered(info);
    for (const sub of entry.subs) {
      if (resumed && !frame.recovered) sub.fire('unrecovered', info);
      sub.fire('subscribed', info);
    }
    return true;
  }

  /** Handles an error reply to a subscribe request; false when it answers no request of ours. */
  onError(id: string, err: WsgateClientError): boolean {
    const channel = this.#byRequest.get(id);
    if (channel === undefined) return false;
    this.#byRequest.delete(id);
    const entry = this.#entries.get(channel);
    if (!entry) return true;
    this.#entries.delete(channel);
    for (const sub of entry.subs) {
      sub.active = false;
      sub.fire('error', err);
    }
    return true;
  }

  /** Delivers a message in order, once; drops replays at or below the position reached. */
  onMessage(frame: MessageFrame): boolean {
    const entry = this.#entries.get(frame.channel);
    if (!entry) return false;
    const pos = entry.position;
    if (pos && pos.epoch === frame.epoch && frame.offset <= pos.offset) return false;
    entry.position = { epoch: frame.epoch, offset: frame.offset };
    const meta: MessageMeta = { channel: frame.channel, offset: frame.offset, epoch: frame.epoch, from: frame.from };
    for (const sub of [...entry.subs]) if (sub.active) safely(sub.handler, frame.data, meta);
    return true;
  }
}
