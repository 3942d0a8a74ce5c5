/**
 * This node's pub/sub side of the Redis broker (docs/scaling.md): one Redis subscription per channel
 * with local subscribers, local fan-out in offset order, and no silent gaps: a message whose
 * offset skips ahead makes the node read the missing ones from the stream first, and after the
 * subscriber connection comes back every channel catches up from its stream.
 */
import type { BrokerListener, BrokerMessage } from './types.js';
import type { RedisBrokerMetrics } from './redis-metrics.js';
import type { RedisClient } from './redis-connection.js';
import { channelKeys, type ChannelKeys } from './redis-scripts.js';
import { readPubsubMessage } from './message-body.js';

/** A channel's position and, when asked, the stream entries after an offset (read atomically). */
export interface ReadResult {
  epoch: string;
  offset: number;
  /** Redis time, ms. */
  now: number;
  messages: BrokerMessage[];
}

export interface SubscriptionDeps {
  sub: RedisClient;
  /** Sharded pub/sub (SSUBSCRIBE; Redis Cluster): one channel per command, each to its slot's master. */
  sharded: boolean;
  prefix: string;
  historySize: number;
  read(keys: ChannelKeys, after: number, max: number): Promise<ReadResult>;
  metrics: RedisBrokerMetrics;
  logger?: { warn(obj: object, msg?: string): void; error(obj: object, msg?: string): void } | undefined;
}

interface ChannelState {
  channel: string;
  keys: ChannelKeys;
  listeners: Set<BrokerListener>;
  /** The last position delivered to the listeners (or read when subscribing). */
  epoch: string;
  offset: number;
  /** Epochs this node has moved on from: a late pub/sub message of one of them is dropped. */
  retired: string[];
  /** Deliveries run one after another on this chain, so listeners see offset order. */
  chain: Promise<void>;
  /** Steps queued on `chain` and not yet done: at 0, the next in-order message is delivered at once. */
  queued: number;
  ready: Promise<void>;
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export class ChannelSubscriptions {
  private readonly channels = new Map<string, ChannelState>();
  private readonly byPubsub = new Map<string, string>();
  private readonly sub: RedisClient;

  constructor(private readonly deps: SubscriptionDeps) {
    this.sub = deps.sub;
  }

  private async listen(names: string[]): Promise<void> {
    if (!this.deps.sharded) {
      await this.sub.subscribe(...names);
      return;
    }
    // Channels of different slots cannot share one SSUBSCRIBE.
    for (const name of names) await this.sub.ssubscribe(name);
  }

  private async unlisten(names: string[]): Promise<void> {
    if (!this.deps.sharded) {
      await this.sub.unsubscribe(...names);
      return;
    }
    for (const name of names) await this.sub.sunsubscribe(name);
  }

  /** Forgets every subscription (closing). */
  clear(): void {
    this.channels.clear();
    this.byPubsub.clear();
  }

  /**
   * Adds a listener; the first one for a channel SUBSCRIBEs and reads the starting position.
   * Rejects (leaving nothing behind) when Redis cannot be reached.
   */
  async subscribe(channel: string, listener: BrokerListener): Promise<() => Promise<void>> {
    let st = this.channels.get(channel);
    if (!st) {
      const keys = channelKeys(this.deps.prefix, channel);
      const state: ChannelState = { channel, keys, listeners: new Set(), epoch: '', offset: 0, retired: [], chain: Promise.resolve(), queued: 1, ready: Promise.resolve() };
      state.ready = (async () => {
        await this.listen([keys.pubsub]);
        const pos = await this.deps.read(keys, -1, 1);
        state.epoch = pos.epoch;
        state.offset = pos.offset;
      })();
      // Messages that arrive while subscribing wait for the starting position.
      state.chain = state.ready.catch(() => {}).then(() => {
        state.queued--;
      });
      this.channels.set(channel, state);
      this.byPubsub.set(keys.pubsub, channel);
      st = state;
    }
    try {
      await st.ready;
    } catch (err) {
      if (this.channels.get(channel) === st) {
        this.channels.delete(channel);
        this.byPubsub.delete(st.keys.pubsub);
        this.unlisten([st.keys.pubsub]).catch(() => {});
      }
      throw err;
    }
    const state = st;
    state.listeners.add(listener);
    let done = false;
    return async () => {
      if (done) return;
      done = true;
      state.listeners.delete(listener);
      if (state.listeners.size > 0 || this.channels.get(channel) !== state) return;
      this.channels.delete(channel);
      this.byPubsub.delete(state.keys.pubsub);
      // While Redis is down there is nothing to unsubscribe from; restore skips it.
      if (this.sub.status === 'ready') await this.unlisten([state.keys.pubsub]).catch(() => {});
    };
  }

  /** A pub/sub message (the subscriber connection's 'message' event). */
  onMessage(pubsub: string, text: string): void {
    const channel = this.byPubsub.get(pubsub);
    const st = channel === undefined ? undefined : this.channels.get(channel);
    if (!st) return;
    let msg: BrokerMessage;
    try {
      msg = readPubsubMessage(st.channel, text);
    } catch (err) {
      this.deps.logger?.error({ channel, err: errorMessage(err) }, 'unreadable message on redis pub/sub');
      return;
    }
    // The usual case (nothing queued, the next offset of the same epoch) needs no promise step.
    if (st.queued === 0 && msg.epoch === st.epoch && msg.offset === st.offset + 1) {
      this.emit(st, msg);
      return;
    }
    this.enqueue(st, () => this.deliver(st, msg));
  }

  private enqueue(st: ChannelState, step: () => Promise<void>): void {
    st.queued++;
    st.chain = st.chain
      .then(step)
      .catch((err: unknown) => {
        this.deps.metrics.redisError('command');
        this.deps.logger?.warn({ channel: st.channel, err: errorMessage(err) }, 'redis broker delivery step failed');
      })
      .then(() => {
        st.queued--;
      });
  }

  private async deliver(st: ChannelState, msg: BrokerMessage): Promise<void> {
    if (msg.epoch === st.epoch) {
      if (msg.offset <= st.offset) return; // already delivered (read back from the stream)
      if (msg.offset > st.offset + 1) await this.fill(st, msg.epoch, st.offset, msg.offset);
    } else {
      if (st.retired.includes(msg.epoch)) return; // a straggler from a lost epoch
      if (msg.offset > 1) await this.fill(st, msg.epoch, 0, msg.offset);
    }
    this.emit(st, msg);
  }

  /** Delivers the stream entries strictly between `after` and `before` of `epoch` (pub/sub missed them). */
  private async fill(st: ChannelState, epoch: string, after: number, before: number): Promise<void> {
    const want = before - after - 1;
    const r = await this.deps.read(st.keys, after, Math.min(want, this.deps.historySize));
    if (r.epoch !== epoch) return;
    let got = 0;
    for (const m of r.messages) {
      if (m.offset >= before) break;
      if (m.epoch === st.epoch && m.offset <= st.offset) continue;
      this.emit(st, m);
      got++;
    }
    this.deps.metrics.gapFilled(got);
    if (got < want) this.deps.logger?.warn({ channel: st.channel, epoch, after, before, missing: want - got }, 'messages missed by pub/sub are no longer in the stream');
  }

  /** Moves the channel to `epoch` (Redis lost its history), remembering the ones left behind. */
  private switchEpoch(st: ChannelState, epoch: string): void {
    if (st.epoch === epoch) return;
    if (st.epoch !== '') st.retired = [...st.retired.slice(-7), st.epoch];
    st.epoch = epoch;
  }

  private emit(st: ChannelState, msg: BrokerMessage): void {
    this.switchEpoch(st, msg.epoch);
    st.offset = msg.offset;
    this.deps.metrics.pubsubLag((Date.now() - msg.time) / 1000);
    // One listener (one hub subscription per node) is the usual case: no copy of the set then.
    for (const l of st.listeners.size === 1 ? st.listeners : [...st.listeners]) {
      try {
        l(msg);
      } catch (err) {
        this.deps.logger?.error({ channel: st.channel, err: errorMessage(err) }, 'broker listener threw');
      }
    }
  }

  /**
   * After the subscriber connection (re)connects: SUBSCRIBE every channel again, then catch up
   * from the streams. Rejects when the SUBSCRIBE fails (the caller retries).
   */
  async restore(): Promise<void> {
    const states = [...this.channels.values()];
    if (states.length) await this.listen(states.map((s) => s.keys.pubsub));
    // A channel whose last listener left meanwhile must not stay subscribed.
    const left = states.filter((s) => !this.channels.has(s.channel));
    if (left.length) await this.unlisten(left.map((s) => s.keys.pubsub)).catch(() => {});
    for (const st of states) this.enqueue(st, () => this.catchUp(st));
    await Promise.all(states.map((s) => s.chain));
  }

  /** Delivers what was published while this node's subscription was down. */
  private async catchUp(st: ChannelState): Promise<void> {
    if (st.epoch === '') return; // still subscribing: its own read gives the start
    let r = await this.deps.read(st.keys, st.offset, this.deps.historySize);
    if (r.epoch !== st.epoch) {
      // Redis lost the channel (flush, restart, failover): everything of the new epoch is new to us.
      r = await this.deps.read(st.keys, 0, this.deps.historySize);
      if (r.epoch !== st.epoch) {
        this.switchEpoch(st, r.epoch);
        st.offset = 0;
      }
    }
    const fresh = r.messages.filter((m) => m.epoch === st.epoch && m.offset > st.offset);
    if (fresh.length && fresh[0]!.offset > st.offset + 1) {
      this.deps.logger?.warn({ channel: st.channel, epoch: st.epoch, after: st.offset, next: fresh[0]!.offset }, 'messages missed while disconnected are no longer in the stream');
    }
    for (const m of fresh) this.emit(st, m);
    this.deps.metrics.gapFilled(fresh.length);
  }
}
