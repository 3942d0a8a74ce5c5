/**
 * The one owner of a session's subscriptions: join, replay, buffering while replaying, dedupe
 * by offset, delivery, unsubscribe and close-all, plus the `user:<id>` inbox rule (only <id>
 * may subscribe; anyone may publish).
 *
 * Recovery never loses nor repeats a message published while it runs: the subscription joins
 * the channel's live stream first and buffers what arrives, then reads history, replays it,
 * and delivers only the buffered messages past the last offset sent (docs/server.md, recovery).
 */
import { ErrorCode, FrameError, inboxOwner, type RequestId, type ServerFrame, type StreamPosition, type SubscribeFrame, type UnsubscribeFrame } from '../../protocol/index.js';
import type { BrokerMessage, RecoveryResult } from '../broker/types.js';
import type { ChannelMember } from '../channels/channel-hub.js';

/** What a subscription needs from the channels (ChannelService implements it). */
export interface SubscriptionChannels {
  join(channel: string, member: ChannelMember): Promise<void>;
  leave(channel: string, memberId: string): Promise<void>;
  position(channel: string): Promise<StreamPosition>;
  recover(channel: string, since: StreamPosition): Promise<RecoveryResult>;
  presenceAdd(channel: string, userId: string, session: string): Promise<void>;
  presenceRemove(channel: string, userId: string, session: string): Promise<void>;
  /** The message frame for live delivery: its UTF-8 bytes, encoded once for every local subscriber. */
  liveFrame(m: BrokerMessage): Buffer;
  replayText(m: BrokerMessage): string;
}

/** Where a subscription's frames go, and whose it is (the Session implements it). */
export interface SubscriberSink {
  readonly id: string;
  readonly userId: string;
  send(frame: ServerFrame | string | Buffer): boolean;
}

/** The subscriptions gauge (wsgate_subscriptions). */
export interface SubscriptionGauge {
  inc(n?: number): void;
  dec(n?: number): void;
}

class Subscription implements ChannelMember {
  state: 'recovering' | 'live' = 'recovering';
  buffer: BrokerMessage[] = [];
  epoch = '';
  /** Last offset delivered (or replayed) to the client. */
  offset = 0;

  constructor(
    readonly owner: SubscriptionSet,
    readonly channel: string,
    /** This subscription's id in the hub: unique per subscription, so a quick resubscribe cannot collide. */
    readonly id: string,
  ) {}

  deliver(message: BrokerMessage): void {
    this.owner.deliver(this, message);
  }
}

export class SubscriptionSet {
  private readonly subs = new Map<string, Subscription>();
  private seq = 0;

  constructor(
    private readonly sink: SubscriberSink,
    private readonly channels: SubscriptionChannels,
    private readonly gauge: SubscriptionGauge,
    private readonly max: number,
  ) {}

  get size(): number {
    return this.subs.size;
  }

  has(channel: string): boolean {
    return this.subs.has(channel);
  }

  /** A live message for `sub`: buffered while recovering, dropped when already sent. */
  deliver(sub: Subscription, message: BrokerMessage): void {
    if (sub.state === 'recovering') {
      sub.buffer.push(message);
      return;
    }
    if (message.epoch === sub.epoch && message.offset <= sub.offset) return;
    sub.epoch = message.epoch;
    sub.offset = message.offset;
    this.sink.send(this.channels.liveFrame(message));
  }

  /** `subscribe`: answers `subscribed`, then the replay, then live messages. Throws FrameError to refuse. */
  async subscribe(frame: SubscribeFrame): Promise<void> {
    const { channel, id } = frame;
    const { sink, channels } = this;
    const owner = inboxOwner(channel);
    if (owner !== null && owner !== sink.userId) {
      throw new FrameError(ErrorCode.FORBIDDEN_CHANNEL, `"${channel}" is another user's inbox: only user "${owner}" may subscribe (anyone may publish to it)`, id);
    }
    const existing = this.subs.get(channel);
    if (existing) {
      // Already subscribed: the stream is continuous, so there is nothing to recover.
      sink.send({ type: 'subscribed', id, channel, epoch: existing.epoch, offset: existing.offset, recovered: frame.since !== undefined && frame.since.epoch === existing.epoch && frame.since.offset >= existing.offset });
      return;
    }
    if (this.subs.size >= this.max) throw new FrameError(ErrorCode.TOO_MANY_SUBSCRIPTIONS, `at most ${this.max} subscriptions per connection`, id);
    const sub = new Subscription(this, channel, `${sink.id}#${++this.seq}`);
    this.subs.set(channel, sub);
    this.gauge.inc();
    try {
      await channels.join(channel, sub);
      let position: StreamPosition;
      let recovered = false;
      let replay: BrokerMessage[] = [];
      if (frame.since) {
        const r = await channels.recover(channel, frame.since);
        position = r.position;
        recovered = r.recovered;
        replay = r.recovered ? r.messages : [];
      } else {
        position = await channels.position(channel);
      }
      if (this.subs.get(channel) !== sub) return; // unsubscribed or closed meanwhile
      await channels.presenceAdd(channel, sink.userId, sink.id);
      if (this.subs.get(channel) !== sub) {
        await channels.presenceRemove(channel, sink.userId, sink.id);
        return;
      }
      sub.epoch = position.epoch;
      sub.offset = position.offset;
      sink.send({ type: 'subscribed', id, channel, epoch: position.epoch, offset: position.offset, recovered });
      for (const m of replay) sink.send(channels.replayText(m));
      const buffered = sub.buffer;
      sub.buffer = [];
      sub.state = 'live';
      for (const m of buffered) this.deliver(sub, m);
    } catch (err) {
      if (this.subs.get(channel) === sub) {
        this.subs.delete(channel);
        this.gauge.dec();
      }
      await channels.leave(channel, sub.id);
      throw err;
    }
  }

  /** `unsubscribe`: answers `unsubscribed`; throws NOT_SUBSCRIBED for a channel it does not hold. */
  async unsubscribe(frame: UnsubscribeFrame): Promise<void> {
    await this.drop(frame.channel, frame.id);
    this.sink.send({ type: 'unsubscribed', id: frame.id, channel: frame.channel });
  }

  /** Leaves `channel` without a frame to the client (e.g. a backend took the subscription away). */
  async drop(channel: string, id: RequestId | null = null): Promise<void> {
    const sub = this.subs.get(channel);
    if (!sub) throw new FrameError(ErrorCode.NOT_SUBSCRIBED, `not subscribed to "${channel}"`, id);
    this.subs.delete(channel);
    this.gauge.dec();
    await Promise.all([this.channels.leave(channel, sub.id), this.channels.presenceRemove(channel, this.sink.userId, this.sink.id)]);
  }

  /** Leaves every channel (the session closed). */
  async closeAll(): Promise<void> {
    if (this.subs.size === 0) return;
    const subs = [...this.subs.values()];
    this.subs.clear();
    this.gauge.dec(subs.length);
    const { channels, sink } = this;
    await Promise.allSettled(subs.flatMap((s) => [channels.leave(s.channel, s.id), channels.presenceRemove(s.channel, sink.userId, sink.id)]));
  }
}
