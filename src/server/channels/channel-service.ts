/**
 * The node's channel service: the one way to publish, read presence and history, and join a
 * channel's live stream. Sessions use it, and so can anything without a session (a server-side
 * publish from an HTTP API passes `from: "server"`): the publish counters and the idempotency
 * rule live here once.
 */
import type { PresenceUser, RequestId, StreamPosition } from '../../protocol/index.js';
import type { Broker, BrokerMessage, PublishMeta, PublishResult, RecoveryResult } from '../broker/types.js';
import type { ServerMetrics } from '../metrics.js';
import { ChannelHub, type ChannelMember } from './channel-hub.js';
import { MessageTexts } from './message-text.js';

/** The idempotency key for a request id: numbers and strings never collide. */
export function idempotencyKey(id: RequestId): string {
  return typeof id === 'number' ? `n:${id}` : `s:${id}`;
}

export interface PublishInput {
  channel: string;
  data: unknown;
  /** The publisher: a user id, or "server" for a server-side publish. */
  from: string;
  /** The request id: the same (from, channel, id) within the history TTL is published once. */
  id?: RequestId;
  /** `data` as JSON text when the caller has it validated (a client's frame): sent on as is. */
  json?: string;
}

export class ChannelService {
  readonly hub: ChannelHub;
  readonly texts = new MessageTexts();

  constructor(
    readonly broker: Broker,
    private readonly metrics: Pick<ServerMetrics, 'hot' | 'publishes'>,
  ) {
    this.hub = new ChannelHub(broker);
  }

  /** Publishes once per id; rejects with BrokerUnavailableError when the broker is down. */
  async publish(input: PublishInput): Promise<PublishResult> {
    const { metrics } = this;
    try {
      const meta: PublishMeta = { from: input.from };
      if (input.id !== undefined) meta.idempotencyKey = idempotencyKey(input.id);
      if (input.json !== undefined) meta.json = input.json;
      const result = await this.broker.publish(input.channel, input.data, meta);
      (result.duplicate ? metrics.hot.publishesDuplicate : metrics.hot.publishesOk).inc();
      return result;
    } catch (err) {
      metrics.publishes.inc({ result: 'error' });
      throw err;
    }
  }

  presence(channel: string): Promise<PresenceUser[]> {
    return this.broker.presence(channel);
  }
  presenceAdd(channel: string, userId: string, session: string): Promise<void> {
    return this.broker.presenceAdd(channel, userId, session);
  }
  presenceRemove(channel: string, userId: string, session: string): Promise<void> {
    return this.broker.presenceRemove(channel, userId, session);
  }
  position(channel: string): Promise<StreamPosition> {
    return this.broker.position(channel);
  }
  /** History after `since`, or `recovered: false` when part of it is gone (the broker judges). */
  recover(channel: string, since: StreamPosition): Promise<RecoveryResult> {
    return this.broker.recover(channel, since);
  }
  /** Live messages of `channel` go to `member` once this resolves. */
  join(channel: string, member: ChannelMember): Promise<void> {
    return this.hub.join(channel, member);
  }
  leave(channel: string, memberId: string): Promise<void> {
    return this.hub.leave(channel, memberId);
  }
  liveFrame(m: BrokerMessage): Buffer {
    return this.texts.live(m);
  }
  replayText(m: BrokerMessage): string {
    return this.texts.replay(m);
  }
  /** Drops every broker subscription (server stop). */
  closeAll(): Promise<void> {
    return this.hub.closeAll();
  }
}
