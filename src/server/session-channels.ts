/**
 * Channel frames of one connection: subscribe (with recovery), unsubscribe, publish (idempotent)
 * and presence, plus the `user:<id>` inbox rule (only <id> may subscribe; anyone may publish).
 *
 * Recovery never loses nor repeats a message published while it runs: the connection joins the
 * broker first and buffers live messages, then reads history, replays it, and flushes only the
 * buffered messages past the last offset sent.
 */
import { ErrorCode, FrameError, inboxOwner, type PresenceFrame, type PublishFrame, type RequestId, type StreamPosition, type SubscribeFrame, type UnsubscribeFrame } from '../protocol/index.js';
import type { BrokerMessage } from './broker/types.js';
import type { Connection } from './connection.js';

export interface Subscription {
  channel: string;
  /** This connection's id in the hub (unique per subscription, so a quick resubscribe cannot collide). */
  memberId: string;
  state: 'recovering' | 'live';
  buffer: BrokerMessage[];
  epoch: string;
  /** Last offset delivered (or replayed) to the client. */
  offset: number;
}

/*
 * One JSON text per broker message however many local subscribers get it (fan-out cost).
 * Live fan-out: the hub delivers a message to all its local members in one synchronous loop, so
 * a one-entry cache catches every repeat without keeping a second copy of every message alive
 * beside the history (at 4 KB messages that copy doubled what the GC promoted and traced).
 * Replays (recovery) keep the text on the message under a symbol, so a reconnect wave
 * replaying the same history serialises each message once.
 */
const TEXT = Symbol('wsgate.messageText');
type WithText = BrokerMessage & { [TEXT]?: string };
let lastMessage: BrokerMessage | undefined;
let lastText = '';

function serialize(m: BrokerMessage): string {
  return JSON.stringify({ type: 'message', channel: m.channel, epoch: m.epoch, offset: m.offset, from: m.from, data: m.data });
}

/** The message frame's text for live delivery. */
export function messageText(m: BrokerMessage): string {
  if (m !== lastMessage) {
    lastText = (m as WithText)[TEXT] ?? serialize(m);
    lastMessage = m;
  }
  return lastText;
}

/** The message frame's text for a recovery replay (kept on the message for the next replay). */
export function replayText(m: BrokerMessage): string {
  let text = (m as WithText)[TEXT];
  if (text === undefined) {
    text = m === lastMessage ? lastText : serialize(m);
    (m as WithText)[TEXT] = text;
  }
  return text;
}

let memberSeq = 0;

/** The idempotency key for a request id: numbers and strings never collide. */
export function idempotencyKey(id: RequestId): string {
  return typeof id === 'number' ? `n:${id}` : `s:${id}`;
}

export async function handleSubscribe(conn: Connection, frame: SubscribeFrame): Promise<void> {
  const { channel, id } = frame;
  const owner = inboxOwner(channel);
  if (owner !== null && owner !== conn.userId) {
    throw new FrameError(ErrorCode.FORBIDDEN_CHANNEL, `"${channel}" is another user's inbox: only user "${owner}" may subscribe (anyone may publish to it)`, id);
  }
  const existing = conn.subscriptions.get(channel);
  if (existing) {
    // Already subscribed: the stream is continuous, so there is nothing to recover.
    conn.send({ type: 'subscribed', id, channel, epoch: existing.epoch, offset: existing.offset, recovered: frame.since !== undefined && frame.since.epoch === existing.epoch && frame.since.offset >= existing.offset });
    return;
  }
  if (conn.subscriptions.size >= conn.ctx.cfg.maxSubscriptions) {
    throw new FrameError(ErrorCode.TOO_MANY_SUBSCRIPTIONS, `at most ${conn.ctx.cfg.maxSubscriptions} subscriptions per connection`, id);
  }
  const sub: Subscription = { channel, memberId: `${conn.session}#${++memberSeq}`, state: 'recovering', buffer: [], epoch: '', offset: 0 };
  conn.subscriptions.set(channel, sub);
  conn.ctx.metrics.subscriptions.inc();
  const { broker, hub } = conn.ctx;
  try {
    await hub.join(channel, { id: sub.memberId, deliver: (m) => conn.deliver(sub, m) });
    let position: StreamPosition;
    let recovered = false;
    let replay: BrokerMessage[] = [];
    if (frame.since) {
      const r = await broker.recover(channel, frame.since);
      position = r.position;
      recovered = r.recovered;
      replay = r.recovered ? r.messages : [];
    } else {
      position = await broker.position(channel);
    }
    if (conn.subscriptions.get(channel) !== sub) return; // unsubscribed or closed meanwhile
    await broker.presenceAdd(channel, conn.userId, conn.session);
    if (conn.subscriptions.get(channel) !== sub) {
      await broker.presenceRemove(channel, conn.userId, conn.session);
      return;
    }
    sub.epoch = position.epoch;
    sub.offset = position.offset;
    conn.send({ type: 'subscribed', id, channel, epoch: position.epoch, offset: position.offset, recovered });
    for (const m of replay) conn.send(replayText(m));
    const buffered = sub.buffer;
    sub.buffer = [];
    sub.state = 'live';
    for (const m of buffered) conn.deliver(sub, m);
  } catch (err) {
    if (conn.subscriptions.get(channel) === sub) {
      conn.subscriptions.delete(channel);
      conn.ctx.metrics.subscriptions.dec();
    }
    await hub.leave(channel, sub.memberId);
    throw err;
  }
}

export async function handleUnsubscribe(conn: Connection, frame: UnsubscribeFrame): Promise<void> {
  const sub = conn.subscriptions.get(frame.channel);
  if (!sub) throw new FrameError(ErrorCode.NOT_SUBSCRIBED, `not subscribed to "${frame.channel}"`, frame.id);
  conn.subscriptions.delete(frame.channel);
  conn.ctx.metrics.subscriptions.dec();
  await Promise.all([conn.ctx.hub.leave(frame.channel, sub.memberId), conn.ctx.broker.presenceRemove(frame.channel, conn.userId, conn.session)]);
  conn.send({ type: 'unsubscribed', id: frame.id, channel: frame.channel });
}

export async function handlePublish(conn: Connection, frame: PublishFrame): Promise<void> {
  const { metrics, broker } = conn.ctx;
  try {
    const result = await broker.publish(frame.channel, frame.data, { from: conn.userId, idempotencyKey: idempotencyKey(frame.id) });
    (result.duplicate ? metrics.hot.publishesDuplicate : metrics.hot.publishesOk).inc();
    conn.send({ type: 'ack', id: frame.id, offset: result.offset, epoch: result.epoch, ...(result.duplicate ? { duplicate: true } : {}) });
  } catch (err) {
    metrics.publishes.inc({ result: 'error' });
    throw err;
  }
}

export async function handlePresence(conn: Connection, frame: PresenceFrame): Promise<void> {
  const users = await conn.ctx.broker.presence(frame.channel);
  conn.send({ type: 'presence', id: frame.id, channel: frame.channel, users });
}
