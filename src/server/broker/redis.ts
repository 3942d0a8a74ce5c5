/**
 * The Redis broker (docs/scaling.md): many `wsgate serve` processes share channels through one Redis.
 *
 * - Publish runs one Lua script (redis-scripts.ts) that checks the idempotency key, increments
 *   the channel's offset, appends to the channel's stream (bounded by size and age) and
 *   PUBLISHes, atomically: the ack comes only once the message is in the stream, and every
 *   node sees messages in offset order.
 * - Each node SUBSCRIBEs once per channel it has local subscribers for and fans out locally,
 *   reading back from the stream what pub/sub missed (redis-subscriptions.ts); after a
 *   reconnect it catches up before reporting healthy again.
 * - Epoch and offset live in Redis, so recovery works on any node. When Redis loses them
 *   (FLUSHALL) or may have lost some (restart, failover) the next publish or read starts a new
 *   epoch and recovering clients get `recovered: false`.
 * - Presence: entries tagged with the node plus node heartbeats (redis-presence.ts); a killed
 *   node drops out after the presence TTL.
 * - Redis unreachable: health goes down (readiness fails), publish/subscribe reject with
 *   BrokerUnavailableError, nothing queues up; ioredis reconnects and we resubscribe.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
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
import { PRESENCE_READ_LUA, PRESENCE_WRITE_LUA, PUBLISH_LUA, READ_LUA, channelKeys, type ChannelKeys, type ScriptName } from './redis-scripts.js';
import { noMetrics, promBrokerMetrics, type RedisBrokerMetrics } from './redis-metrics.js';
import { RedisSettingError, parseRedisUrl, redact } from './redis-url.js';
import { makeClient, quit, type RedisClient } from './redis-connection.js';
import { RedisPresence } from './redis-presence.js';
import { ChannelSubscriptions, type ReadResult } from './redis-subscriptions.js';

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
  /** How often a PING checks that a connected Redis still answers. Default 1 s. */
  probeIntervalMs?: number;
  /** start() waits this long for Redis, then resolves with health down and keeps retrying. Default 5 s. */
  startTimeoutMs?: number;
  /** The server's prom-client registry: `wsgate_broker_*` metrics are registered on it. */
  registry?: Registry;
  /** Or metrics of your own (takes precedence over `registry`). */
  metrics?: RedisBrokerMetrics;
  logger?: BrokerLogger;
}

type ScriptFn = (...args: Array<string | number>) => Promise<unknown>;
type RawEntry = [string, string[]];


const SCRIPTS: Record<ScriptName, { numberOfKeys: number; lua: string }> = {
  wsgatePublish: { numberOfKeys: 3, lua: PUBLISH_LUA },
  wsgateRead: { numberOfKeys: 2, lua: READ_LUA },
  wsgatePresenceWrite: { numberOfKeys: 2, lua: PRESENCE_WRITE_LUA },
  wsgatePresenceRead: { numberOfKeys: 2, lua: PRESENCE_READ_LUA },
};

function offsetOf(id: string): number {
  return Number.parseInt(id, 10);
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
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
  private readonly client: RedisClient;
  private readonly sub: RedisClient;
  private readonly nodeId: string;
  private readonly presenceTtlMs: number;
  private readonly positionTtlMs: number;
  private readonly metrics: RedisBrokerMetrics;
  private readonly presenceStore: RedisPresence;
  private readonly subscriptions: ChannelSubscriptions;
  private readonly sharded: boolean;
  private readonly healthListeners = new Set<(h: BrokerHealth) => void>();
  private current: BrokerHealth = { up: false, reason: 'not started' };
  private subscriberRestored = false;
  private heartbeat: NodeJS.Timeout | undefined;
  /** PINGs Redis every second: a connected but hung Redis (paused, swapping) fails readiness too. */
  private probe: NodeJS.Timeout | undefined;
  private answering = true;
  private probing = false;
  private closed = false;
  private lastErrorLog = 0;

  constructor(
    private readonly settings: RedisBrokerSettings,
    private readonly options: BrokerOptions,
  ) {
    const topology = parseRedisUrl(settings.url);
    // Redis Cluster: sharded pub/sub, so a message goes to its slot's master, not to every node.
    this.sharded = topology.mode === 'cluster';
    this.prefix = settings.prefix ?? 'wsgate:';
    // Braces would change the per-channel hash tag (Redis Cluster slots), spaces are a typo.
    if (/[{}\s]/.test(this.prefix)) throw new RedisSettingError('--broker-prefix', `"${this.prefix}" must not contain braces or spaces`);
    this.nodeId = options.nodeId.replace(/\n/g, ' ');
    this.presenceTtlMs = settings.presenceTtlMs ?? 15_000;
    this.positionTtlMs = settings.positionTtlMs ?? Math.max(86_400_000, 2 * options.historyTtlMs);
    this.metrics = settings.metrics ?? (settings.registry ? promBrokerMetrics(settings.registry) : noMetrics);
    const commandTimeoutMs = settings.commandTimeoutMs ?? 2000;
    this.client = makeClient(topology, { commandTimeoutMs, role: 'cmd', nodeId: this.nodeId });
    this.sub = makeClient(topology, { commandTimeoutMs, role: 'sub', nodeId: this.nodeId });
    for (const [name, def] of Object.entries(SCRIPTS)) this.client.defineCommand(name, def);
    this.presenceStore = new RedisPresence((name, ...args) => this.script(name, ...args), this.prefix, this.nodeId, this.presenceTtlMs);
    this.watch(this.client, 'commands');
    this.watch(this.sub, 'subscriber');
    this.subscriptions = new ChannelSubscriptions({
      sub: this.sub,
      sharded: this.sharded,
      prefix: this.prefix,
      historySize: options.historySize,
      read: (keys, after, max) => this.read(keys, after, max),
      metrics: this.metrics,
      logger: settings.logger,
    });
    this.sub.on(this.sharded ? 'smessage' : 'message', (pubsub: string, text: string) => this.subscriptions.onMessage(pubsub, text));
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
    this.probe = setInterval(() => void this.ping(), this.settings.probeIntervalMs ?? 1000);
    this.probe.unref();
  }

  private async ping(): Promise<void> {
    if (this.probing || this.closed || this.client.status !== 'ready') return;
    this.probing = true;
    try {
      await this.client.ping();
      this.answering = true;
    } catch {
      // Only a connected Redis that does not answer counts here; a dropped one has its own state.
      if (this.client.status === 'ready') {
        this.answering = false;
        this.metrics.redisError('command');
      }
    } finally {
      this.probing = false;
    }
    this.recomputeHealth();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.heartbeat);
    clearInterval(this.probe);
    if (this.client.status === 'ready') await this.presenceStore.clear();
    this.subscriptions.clear();
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

  private watch(conn: RedisClient, role: string): void {
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
    conn.on('ready', () => {
      if (conn === this.client) this.answering = true;
      update();
    });
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
    if (cmd === 'ready' && sub === 'ready' && this.subscriberRestored && this.answering) this.setHealth({ up: true });
    else if (cmd === 'ready' && !this.answering) this.setHealth({ up: false, reason: `redis ${redact(this.settings.url)} connected but not answering (PING timed out)` });
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
        this.sharded ? 'SPUBLISH' : 'PUBLISH',
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
  private async read(keys: ChannelKeys, after: number, max: number): Promise<ReadResult> {
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
    try {
      return await this.subscriptions.subscribe(channel, listener);
    } catch (err) {
      throw this.unavailable('subscribe', err);
    }
  }

  /** After the subscriber (re)connects: SUBSCRIBE every channel again and catch up, then report healthy. */
  private async restoreSubscriptions(): Promise<void> {
    if (this.closed) return;
    try {
      await this.subscriptions.restore();
    } catch (err) {
      this.metrics.redisError('command');
      this.settings.logger?.warn({ err: errorMessage(err) }, 'redis resubscribe failed; retrying');
      setTimeout(() => void this.restoreSubscriptions(), 500).unref();
      return;
    }
    this.subscriberRestored = true;
    this.recomputeHealth();
  }

  // ---- presence (redis-presence.ts) ---------------------------------------------------------

  async presenceAdd(channel: string, userId: string, connectionId: string): Promise<void> {
    await this.presenceStore.add(channel, userId, connectionId).catch((err: unknown) => {
      throw this.unavailable('presence', err);
    });
  }

  async presenceRemove(channel: string, _userId: string, connectionId: string): Promise<void> {
    await this.presenceStore.remove(channel, connectionId).catch((err: unknown) => {
      throw this.unavailable('presence', err);
    });
  }

  async presence(channel: string): Promise<PresenceUser[]> {
    return this.presenceStore.list(channel).catch((err: unknown) => {
      throw this.unavailable('presence', err);
    });
  }

  private async beat(): Promise<void> {
    if (this.closed || this.client.status !== 'ready') return;
    if (!(await this.presenceStore.beat())) this.metrics.redisError('command');
  }
}
