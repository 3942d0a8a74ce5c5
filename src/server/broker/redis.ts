/**
 * The Redis broker (issue 6): many `wsgate serve` processes share channels through one Redis.
 *
 * - Publish runs one Lua script (redis-scripts.ts) that checks the idempotency key, increments
 *   the channel's offset, appends to the channel's stream (bounded by size and age) and
 *   PUBLISHes, atomically: the ack comes only once the message is in the stream, and every
 *   node sees messages in offset order.
 * - Each node SUBSCRIBEs once per channel it has local subscribers for and fans out locally.
 *   A message whose offset skips ahead (pub/sub drops messages across a reconnect) makes the
 *   node read the missing ones back from the stream first; after a reconnect the node catches
 *   up from the stream before reporting healthy again.
 * - Epoch and offset live in Redis, so recovery works on any node. When Redis loses them
 *   (FLUSHALL, restart without persistence) the next publish or read starts a new epoch and
 *   recovering clients get `recovered: false`.
 * - Presence: one hash per channel, entries tagged with the node, and a sorted set of node
 *   heartbeats; a node that stops heartbeating (killed) drops out after the presence TTL.
 * - Redis unreachable: health goes down (readiness fails), publish/subscribe reject with
 *   BrokerUnavailableError, nothing queues up; ioredis reconnects and we resubscribe.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';
import type { Registry } from 'prom-client';
import type { PresenceUser, StreamPosition } from '../../protocol/index.js';
import {
  BrokerUnavailableError,
  type Broker,
  type BrokerHealth,
  type BrokerListener,
  type BrokerMessage,
  type BrokerOptions,
  type PublishMeta,
  type PublishResult,
  type RecoveryResult,
} from './types.js';
import { PRESENCE_READ_LUA, PRESENCE_WRITE_LUA, PUBLISH_LUA, READ_LUA, channelKeys, type ChannelKeys } from './redis-scripts.js';
import { noMetrics, promBrokerMetrics, type RedisBrokerMetrics } from './redis-metrics.js';
import { RedisSettingError, parseRedisUrl, redact, type RedisTopology } from './redis-url.js';

/** The subset of a pino logger the broker uses. */
export interface BrokerLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface RedisBrokerSettings {
  /** `redis://…`, `rediss://…`, `redis+sentinel://…` or `redis+cluster://…` (see redis-url.ts). */
  url: string;
  /** Prefix of every key and pub/sub channel (--broker-prefix), default `wsgate:`. */
  prefix?: string;
  /** A node whose heartbeat is older than this is dead and its presence entries go. Default 15 s. */
  presenceTtlMs?: number;
  /** How long an idle channel's epoch and offset are kept. Default max(24 h, 2 × history TTL). */
  positionTtlMs?: number;
  /** A Redis command that takes longer fails (BrokerUnavailableError). Default 2 s. */
  commandTimeoutMs?: number;
  /** start() waits this long for Redis, then resolves with health down and keeps retrying. Default 5 s. */
  startTimeoutMs?: number;
  /** The server's prom-client registry: `wsgate_broker_*` metrics are registered on it. */
  registry?: Registry;
  /** Or metrics of your own (takes precedence over `registry`). */
  metrics?: RedisBrokerMetrics;
  logger?: BrokerLogger;
}

type Client = Redis | Cluster;
type ScriptFn = (...args: Array<string | number>) => Promise<unknown>;
type RawEntry = [string, string[]];

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
  ready: Promise<void>;
}

const SCRIPTS = {
  wsgatePublish: { numberOfKeys: 3, lua: PUBLISH_LUA },
  wsgateRead: { numberOfKeys: 2, lua: READ_LUA },
  wsgatePresenceWrite: { numberOfKeys: 2, lua: PRESENCE_WRITE_LUA },
  wsgatePresenceRead: { numberOfKeys: 2, lua: PRESENCE_READ_LUA },
} as const;
type ScriptName = keyof typeof SCRIPTS;

function offsetOf(id: string): number {
  return Number.parseInt(id, 10);
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function makeClient(topology: RedisTopology, settings: RedisBrokerSettings, role: string, nodeId: string): Client {
  const common: RedisOptions = {
    lazyConnect: true,
    // A command while Redis is down fails at once instead of queueing: publishers get
    // BROKER_UNAVAILABLE and no ack, rather than an ack much later or never.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResubscribe: false,
    commandTimeout: settings.commandTimeoutMs ?? 2000,
    connectTimeout: settings.commandTimeoutMs ?? 2000,
    retryStrategy: (times: number) => Math.min(50 * 2 ** Math.min(times, 6), 2000),
    connectionName: `wsgate-${role}-${nodeId}`.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 100),
  };
  const tls = topology.tls ? { tls: {} } : {};
  const auth = { ...(topology.username ? { username: topology.username } : {}), ...(topology.password !== undefined ? { password: topology.password } : {}) };
  switch (topology.mode) {
    case 'standalone':
      return new Redis({ ...common, ...tls, ...auth, host: topology.host, port: topology.port, db: topology.db });
    case 'sentinel':
      return new Redis({
        ...common,
        ...tls,
        ...auth,
        sentinels: topology.sentinels,
        name: topology.name,
        db: topology.db,
        ...(topology.sentinelPassword !== undefined ? { sentinelPassword: topology.sentinelPassword } : {}),
      });
    case 'cluster': {
      const options: ClusterOptions = {
        lazyConnect: true,
        enableOfflineQueue: false,
        clusterRetryStrategy: (times: number) => Math.min(50 * 2 ** Math.min(times, 6), 2000),
        redisOptions: { ...common, ...tls, ...auth },
      };
      return new Cluster(topology.nodes, options);
    }
  }
}

/**
 * @example
 *   const broker = new RedisBroker({ url: 'redis://127.0.0.1:6379/0', prefix: 'chat:' },
 *     { historySize: 100, historyTtlMs: 300_000, nodeId: 'pod-a' });
 *   await broker.start();
 *   const off = await broker.subscribe('room:1', (m) => console.log(m.offset, m.data));
 *   await broker.publish('room:1', { text: 'hi' }, { from: 'alice', idempotencyKey: '1' });
 */
export class RedisBroker implements Broker {
  readonly kind = 'redis';
  readonly prefix: string;
  private readonly client: Client;
  private readonly sub: Client;
  private readonly nodeId: string;
  private readonly presenceTtlMs: number;
  private readonly positionTtlMs: number;
  private readonly metrics: RedisBrokerMetrics;
  private readonly channels = new Map<string, ChannelState>();
  private readonly byPubsub = new Map<string, string>();
  /** This node's presence entries: channel → connection id → user id (re-asserted by heartbeats). */
  private readonly localPresence = new Map<string, Map<string, string>>();
  private readonly healthListeners = new Set<(h: BrokerHealth) => void>();
  private current: BrokerHealth = { up: false, reason: 'not started' };
  private subscriberRestored = false;
  private heartbeat: NodeJS.Timeout | undefined;
  private closed = false;
  private lastErrorLog = 0;

  constructor(
    private readonly settings: RedisBrokerSettings,
    private readonly options: BrokerOptions,
  ) {
    const topology = parseRedisUrl(settings.url);
    this.prefix = settings.prefix ?? 'wsgate:';
    // Braces would change the per-channel hash tag (Redis Cluster slots), spaces are a typo.
    if (/[{}\s]/.test(this.prefix)) throw new RedisSettingError('--broker-prefix', `"${this.prefix}" must not contain braces or spaces`);
    this.nodeId = options.nodeId.replace(/\n/g, ' ');
    this.presenceTtlMs = settings.presenceTtlMs ?? 15_000;
    this.positionTtlMs = settings.positionTtlMs ?? Math.max(86_400_000, 2 * options.historyTtlMs);
    this.metrics = settings.metrics ?? (settings.registry ? promBrokerMetrics(settings.registry) : noMetrics);
    this.client = makeClient(topology, settings, 'cmd', this.nodeId);
    this.sub = makeClient(topology, settings, 'sub', this.nodeId);
    for (const [name, def] of Object.entries(SCRIPTS)) this.client.defineCommand(name, def);
    this.watch(this.client, 'commands');
    this.watch(this.sub, 'subscriber');
    this.sub.on('message', (pubsub: string, text: string) => this.onMessage(pubsub, text));
    this.sub.on('ready', () => void this.restoreSubscriptions());
    this.client.on('ready', () => void this.beat());
  }

  // ---- lifecycle and health ------------------------------------------------------------------

  async start(): Promise<void> {
    const timeoutMs = this.settings.startTimeoutMs ?? 5000;
    const ready = new Promise<void>((resolve) => {
      if (this.current.up) return resolve();
      const off = this.onHealth((h) => {
        if (h.up) {
          off();
          resolve();
        }
      });
    });
    // connect() rejects on the first failure, but ioredis keeps retrying (retryStrategy).
    this.client.connect().catch(() => {});
    this.sub.connect().catch(() => {});
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(true), timeoutMs);
    });
    const late = await Promise.race([ready.then(() => false), timedOut]);
    clearTimeout(timer);
    if (late) this.settings.logger?.warn({ broker: redact(this.settings.url), reason: this.current.reason }, 'redis broker not reachable yet; readiness fails until it is');
    this.heartbeat = setInterval(() => void this.beat(), Math.max(100, Math.floor(this.presenceTtlMs / 3)));
    this.heartbeat.unref();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.heartbeat);
    if (this.client.status === 'ready') {
      await Promise.allSettled(
        [...this.localPresence.keys()].map((channel) => {
          const keys = channelKeys(this.prefix, channel);
          return this.script('wsgatePresenceWrite', keys.presence, keys.presenceNodes, this.nodeId, this.presenceTtlMs, 'clear');
        }),
      );
    }
    this.localPresence.clear();
    this.channels.clear();
    this.byPubsub.clear();
    await Promise.allSettled([quit(this.client), quit(this.sub)]);
    // Closed on purpose: no health event (the memory broker sends none either).
    this.current = { up: false, reason: 'closed' };
    this.metrics.up(false);
  }

  health(): BrokerHealth {
    return this.current;
  }

  onHealth(listener: (health: BrokerHealth) => void): () => void {
    this.healthListeners.add(listener);
    return () => this.healthListeners.delete(listener);
  }

  private watch(conn: Client, role: string): void {
    conn.on('error', (err: Error) => {
      this.metrics.redisError('connection');
      // ioredis repeats the error on every retry: log at most every 5 s.
      const now = Date.now();
      if (now - this.lastErrorLog > 5000) {
        this.lastErrorLog = now;
        this.settings.logger?.warn({ broker: redact(this.settings.url), connection: role, err: err.message }, 'redis connection error');
      }
    });
    const update = () => this.recomputeHealth();
    conn.on('ready', update);
    conn.on('close', () => {
      if (conn === this.sub) this.subscriberRestored = false;
      update();
    });
    conn.on('end', update);
    conn.on('reconnecting', update);
  }

  private recomputeHealth(): void {
    if (this.closed) return;
    const cmd = this.client.status;
    const sub = this.sub.status;
    if (cmd === 'ready' && sub === 'ready' && this.subscriberRestored) this.setHealth({ up: true });
    else if (cmd !== 'ready') this.setHealth({ up: false, reason: `redis ${redact(this.settings.url)} unreachable (${cmd})` });
    else if (sub !== 'ready') this.setHealth({ up: false, reason: `redis subscriber connection ${sub}` });
    else this.setHealth({ up: false, reason: 'restoring redis subscriptions' });
  }

  private setHealth(h: BrokerHealth): void {
    if (h.up === this.current.up && h.reason === this.current.reason) return;
    const changed = h.up !== this.current.up;
    this.current = h;
    if (!changed) return;
    this.metrics.up(h.up); // the server logs health changes (onHealth)
    for (const l of [...this.healthListeners]) {
      try {
        l(h);
      } catch {
        // a listener's failure is its own
      }
    }
  }

  private async script(name: ScriptName, ...args: Array<string | number>): Promise<unknown> {
    const fn = (this.client as unknown as Record<string, ScriptFn>)[name];
    if (!fn) throw new Error(`script ${name} not defined`);
    return fn.apply(this.client, args);
  }

  private unavailable(op: string, err: unknown): BrokerUnavailableError {
    if (err instanceof BrokerUnavailableError) return err;
    this.metrics.redisError('command');
    return new BrokerUnavailableError(`redis ${op} failed: ${errorMessage(err)}`, { cause: err });
  }

  // ---- publish and read ----------------------------------------------------------------------

  async publish(channel: string, data: unknown, meta: PublishMeta): Promise<PublishResult> {
    const started = performance.now();
    const keys = channelKeys(this.prefix, channel);
    const hasIdem = meta.idempotencyKey !== undefined && meta.idempotencyKey !== '';
    const body = JSON.stringify({ from: meta.from, data: data === undefined ? null : data });
    try {
      const reply = (await this.script(
        'wsgatePublish',
        keys.meta,
        keys.stream,
        hasIdem ? keys.idem(meta.from, String(meta.idempotencyKey)) : keys.meta,
        keys.pubsub,
        body,
        randomBytes(4).toString('hex'),
        Math.max(1, this.options.historySize),
        Math.max(1, this.options.historyTtlMs),
        this.positionTtlMs,
        hasIdem ? '1' : '0',
      )) as [number, string, number, number];
      const duplicate = reply[0] === 1;
      this.metrics.publishDuration((performance.now() - started) / 1000, duplicate ? 'duplicate' : 'ok');
      return { epoch: reply[1], offset: Number(reply[2]), duplicate };
    } catch (err) {
      this.metrics.publishDuration((performance.now() - started) / 1000, 'error');
      throw this.unavailable('publish', err);
    }
  }

  /** Position, and the entries after `after` (when ≥ 0), read atomically. */
  private async read(keys: ChannelKeys, after: number, max: number): Promise<{ epoch: string; offset: number; now: number; messages: BrokerMessage[] }> {
    const reply = (await this.script('wsgateRead', keys.meta, keys.stream, randomBytes(4).toString('hex'), this.positionTtlMs, after, Math.max(1, max))) as [string, number, number, RawEntry[]];
    const [epoch, offset, now, entries] = reply;
    const channel = keys.channel;
    const messages: BrokerMessage[] = [];
    for (const [id, fields] of entries) {
      const body = fields[fields.indexOf('b') + 1] ?? '{}';
      const time = Number(fields[fields.indexOf('t') + 1]);
      const parsed = JSON.parse(body) as { from: string; data: unknown };
      messages.push({ channel, epoch, offset: offsetOf(id), from: parsed.from, data: parsed.data, time });
    }
    return { epoch, offset: Number(offset), now: Number(now), messages };
  }

  async position(channel: string): Promise<StreamPosition> {
    try {
      const r = await this.read(channelKeys(this.prefix, channel), -1, 1);
      return { epoch: r.epoch, offset: r.offset };
    } catch (err) {
      throw this.unavailable('position', err);
    }
  }

  async recover(channel: string, since: StreamPosition): Promise<RecoveryResult> {
    let r;
    try {
      const wanted = Math.max(0, Math.floor(since.offset));
      r = await this.read(channelKeys(this.prefix, channel), wanted, this.options.historySize);
    } catch (err) {
      throw this.unavailable('recover', err);
    }
    const position = { epoch: r.epoch, offset: r.offset };
    const fail: RecoveryResult = { position, recovered: false, messages: [] };
    if (since.epoch !== r.epoch || !Number.isInteger(since.offset) || since.offset < 0 || since.offset > r.offset) return fail;
    const missed = r.offset - since.offset;
    if (missed === 0) return { position, recovered: true, messages: [] };
    if (missed > this.options.historySize || r.messages.length !== missed) return fail;
    // No gap, nothing older than the history TTL (trimming runs on publish; check here too).
    const cutoff = r.now - this.options.historyTtlMs;
    for (let i = 0; i < r.messages.length; i++) {
      const m = r.messages[i]!;
      if (m.offset !== since.offset + 1 + i || m.time < cutoff) return fail;
    }
    return { position, recovered: true, messages: r.messages };
  }

  // ---- subscriptions -------------------------------------------------------------------------

  async subscribe(channel: string, listener: BrokerListener): Promise<() => Promise<void>> {
    let st = this.channels.get(channel);
    if (!st) {
      const keys = channelKeys(this.prefix, channel);
      const state: ChannelState = { channel, keys, listeners: new Set(), epoch: '', offset: 0, retired: [], chain: Promise.resolve(), ready: Promise.resolve() };
      state.ready = (async () => {
        await this.sub.subscribe(keys.pubsub);
        const pos = await this.read(keys, -1, 1);
        state.epoch = pos.epoch;
        state.offset = pos.offset;
      })();
      // Messages that arrive while subscribing wait for the starting position.
      state.chain = state.ready.catch(() => {});
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
        this.sub.unsubscribe(st.keys.pubsub).catch(() => {});
      }
      throw this.unavailable('subscribe', err);
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
      if (this.sub.status === 'ready') await this.sub.unsubscribe(state.keys.pubsub).catch(() => {});
    };
  }

  private onMessage(pubsub: string, text: string): void {
    const channel = this.byPubsub.get(pubsub);
    const st = channel === undefined ? undefined : this.channels.get(channel);
    if (!st) return;
    let msg: BrokerMessage;
    try {
      const raw = JSON.parse(text) as { e: string; o: number; t: number; b: { from: string; data: unknown } };
      msg = { channel: st.channel, epoch: raw.e, offset: raw.o, from: raw.b.from, data: raw.b.data, time: raw.t };
    } catch (err) {
      this.settings.logger?.error({ channel, err: errorMessage(err) }, 'unreadable message on redis pub/sub');
      return;
    }
    this.enqueue(st, () => this.deliver(st, msg));
  }

  private enqueue(st: ChannelState, step: () => Promise<void>): void {
    st.chain = st.chain.then(step).catch((err: unknown) => {
      this.metrics.redisError('command');
      this.settings.logger?.warn({ channel: st.channel, err: errorMessage(err) }, 'redis broker delivery step failed');
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
    const r = await this.read(st.keys, after, Math.min(want, this.options.historySize));
    if (r.epoch !== epoch) return;
    let got = 0;
    for (const m of r.messages) {
      if (m.offset >= before) break;
      if (m.epoch === st.epoch && m.offset <= st.offset) continue;
      this.emit(st, m);
      got++;
    }
    this.metrics.gapFilled(got);
    if (got < want) this.settings.logger?.warn({ channel: st.channel, epoch, after, before, missing: want - got }, 'messages missed by pub/sub are no longer in the stream');
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
    this.metrics.pubsubLag((Date.now() - msg.time) / 1000);
    for (const l of [...st.listeners]) {
      try {
        l(msg);
      } catch (err) {
        this.settings.logger?.error({ channel: st.channel, err: errorMessage(err) }, 'broker listener threw');
      }
    }
  }

  /** After the subscriber (re)connects: SUBSCRIBE every channel again, then catch up from the streams. */
  private async restoreSubscriptions(): Promise<void> {
    if (this.closed) return;
    const states = [...this.channels.values()];
    try {
      if (states.length) await this.sub.subscribe(...states.map((s) => s.keys.pubsub));
    } catch (err) {
      this.metrics.redisError('command');
      this.settings.logger?.warn({ err: errorMessage(err) }, 'redis resubscribe failed; retrying');
      setTimeout(() => void this.restoreSubscriptions(), 500).unref();
      return;
    }
    for (const st of states) this.enqueue(st, () => this.catchUp(st));
    await Promise.all(states.map((s) => s.chain));
    this.subscriberRestored = true;
    this.recomputeHealth();
  }

  /** Delivers what was published while this node's subscription was down. */
  private async catchUp(st: ChannelState): Promise<void> {
    if (st.epoch === '') return; // still subscribing: its own read gives the start
    let r = await this.read(st.keys, st.offset, this.options.historySize);
    if (r.epoch !== st.epoch) {
      // Redis lost the channel (flush, restart, failover): everything of the new epoch is new to us.
      r = await this.read(st.keys, 0, this.options.historySize);
      if (r.epoch !== st.epoch) {
        this.switchEpoch(st, r.epoch);
        st.offset = 0;
      }
    }
    for (const m of r.messages) if (m.epoch === st.epoch && m.offset > st.offset) this.emit(st, m);
    this.metrics.gapFilled(r.messages.length);
  }

  // ---- presence ------------------------------------------------------------------------------

  private field(connectionId: string): string {
    return `${this.nodeId}\n${connectionId}`;
  }

  async presenceAdd(channel: string, userId: string, connectionId: string): Promise<void> {
    let local = this.localPresence.get(channel);
    if (!local) this.localPresence.set(channel, (local = new Map()));
    local.set(connectionId, userId);
    const keys = channelKeys(this.prefix, channel);
    try {
      await this.script('wsgatePresenceWrite', keys.presence, keys.presenceNodes, this.nodeId, this.presenceTtlMs, 'set', this.field(connectionId), userId);
    } catch (err) {
      throw this.unavailable('presence', err);
    }
  }

  async presenceRemove(channel: string, _userId: string, connectionId: string): Promise<void> {
    const local = this.localPresence.get(channel);
    local?.delete(connectionId);
    if (local && local.size === 0) this.localPresence.delete(channel);
    const keys = channelKeys(this.prefix, channel);
    try {
      await this.script('wsgatePresenceWrite', keys.presence, keys.presenceNodes, this.nodeId, this.presenceTtlMs, 'del', this.field(connectionId));
    } catch (err) {
      throw this.unavailable('presence', err);
    }
  }

  async presence(channel: string): Promise<PresenceUser[]> {
    const keys = channelKeys(this.prefix, channel);
    let users: string[];
    try {
      users = (await this.script('wsgatePresenceRead', keys.presence, keys.presenceNodes, this.presenceTtlMs)) as string[];
    } catch (err) {
      throw this.unavailable('presence', err);
    }
    const counts = new Map<string, number>();
    for (const u of users) counts.set(u, (counts.get(u) ?? 0) + 1);
    return [...counts].map(([id, connections]) => ({ id, connections })).sort((a, b) => a.id.localeCompare(b.id));
  }

  /**
   * Heartbeat: refreshes this node's timestamp on every channel it has presence in; where its
   * entries are gone (flush, restart, taken for dead), re-asserts them all.
   */
  private async beat(): Promise<void> {
    if (this.closed || this.client.status !== 'ready') return;
    const results = await Promise.allSettled(
      [...this.localPresence].map(async ([channel, conns]) => {
        const keys = channelKeys(this.prefix, channel);
        const first = conns.keys().next();
        if (first.done) return;
        const alive = await this.script('wsgatePresenceWrite', keys.presence, keys.presenceNodes, this.nodeId, this.presenceTtlMs, 'beat', this.field(first.value));
        if (Number(alive) === 1) return;
        const pairs = [...conns].flatMap(([conn, user]) => [this.field(conn), user]);
        // Chunks keep each script call's argument list small.
        for (let i = 0; i < pairs.length; i += 512) {
          await this.script('wsgatePresenceWrite', keys.presence, keys.presenceNodes, this.nodeId, this.presenceTtlMs, 'set', ...pairs.slice(i, i + 512));
        }
      }),
    );
    if (results.some((r) => r.status === 'rejected')) this.metrics.redisError('command');
  }
}

async function quit(conn: Client): Promise<void> {
  if (conn.status === 'end' || conn.status === 'wait') {
    conn.disconnect();
    return;
  }
  if (conn.status !== 'ready') {
    conn.disconnect();
    return;
  }
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([conn.quit().catch(() => conn.disconnect()), new Promise<void>((r) => (timer = setTimeout(r, 1000)))]);
  clearTimeout(timer);
  conn.disconnect();
}

