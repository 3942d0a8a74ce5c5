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
import { RedisLedger } from './redis-ledger.js';
import { PRESENCE_READ_LUA, PRESENCE_WRITE_LUA, PUBLISH_LUA, READ_LUA, channelKeys, type ChannelKeys, type ScriptName } from './redis-scripts.js';
import { noMetrics, promBrokerMetrics, type RedisBrokerMetrics } from './redis-metrics.js';
import { RedisSettingError, parseRedisUrl, redact } from './redis-url.js';
import { makeClient, quit, type RedisClient } from './redis-connection.js';
import { RedisPresence } from './redis-presence.js';
import { RedisHealth, type BrokerLogger } from './redis-health.js';
import { judgeRecovery } from './recovery.js';
import { ChannelSubscriptions, type ReadResult } from './redis-subscriptions.js';
import { NodeCalls } from './redis-node-calls.js';
import { PublishBatcher } from './redis-publish-batch.js';
import { JsonMessage, messageBody, readMessageBody } from './message-body.js';

export type { BrokerLogger };

import type { RedisBrokerSettings } from './redis-settings.js';
export type { RedisBrokerSettings };

type ScriptFn = (...args: Array<string | number>) => Promise<unknown>;
type RawEntry = [string, string[]];

const SCRIPTS: Record<ScriptName, { numberOfKeys: number | undefined; lua: string }> = {
  // The key count varies with the batch: passed as the first argument.
  wsgatePublish: { numberOfKeys: undefined, lua: PUBLISH_LUA },
  wsgateRead: { numberOfKeys: 2, lua: READ_LUA },
  wsgatePresenceWrite: { numberOfKeys: 2, lua: PRESENCE_WRITE_LUA },
  wsgatePresenceRead: { numberOfKeys: 2, lua: PRESENCE_READ_LUA },
};

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
  readonly ledger: RedisLedger;
  private readonly subscriptions: ChannelSubscriptions;
  private readonly nodeCalls: NodeCalls;
  private readonly publishes: PublishBatcher;
  private readonly sharded: boolean;
  private readonly healthState: RedisHealth;
  private heartbeat: NodeJS.Timeout | undefined;
  private closed = false;

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
    this.ledger = new RedisLedger(this.client, this.prefix, (op, err) => this.unavailable(op, err));
    this.healthState = new RedisHealth(this.client, this.sub, redact(settings.url), this.metrics, settings.logger);
    this.publishes = new PublishBatcher({
      perChannel: this.sharded,
      shared: () => [randomBytes(4).toString('hex'), Math.max(1, options.historySize), Math.max(1, options.historyTtlMs), this.positionTtlMs, this.sharded ? 'SPUBLISH' : 'PUBLISH'],
      run: (keys, args) => this.script('wsgatePublish', keys.length, ...keys, ...args),
    });
    this.subscriptions = new ChannelSubscriptions({
      sub: this.sub,
      sharded: this.sharded,
      prefix: this.prefix,
      historySize: options.historySize,
      read: (keys, after, max) => this.read(keys, after, max),
      metrics: this.metrics,
      logger: settings.logger,
    });
    this.nodeCalls = new NodeCalls({ cmd: this.client, sub: this.sub, sharded: this.sharded, prefix: this.prefix, nodeId: this.nodeId, logger: settings.logger });
    this.sub.on(this.sharded ? 'smessage' : 'message', (pubsub: string, text: string) => {
      if (pubsub === this.nodeCalls.channel) this.nodeCalls.onMessage(text);
      else this.subscriptions.onMessage(pubsub, text);
    });
    this.sub.on('ready', () => void this.restoreSubscriptions());
    this.client.on('ready', () => void this.beat());
  }

  // ---- lifecycle and health ------------------------------------------------------------------

  async start(): Promise<void> {
    // connect() rejects on the first failure, but ioredis keeps retrying (retryStrategy).
    this.client.connect().catch(() => {});
    this.sub.connect().catch(() => {});
    const up = await this.healthState.waitUp(this.settings.startTimeoutMs ?? 5000);
    if (!up) this.settings.logger?.warn({ broker: redact(this.settings.url), reason: this.healthState.current.reason }, 'redis broker not reachable yet; readiness fails until it is');
    this.heartbeat = setInterval(() => void this.beat(), Math.max(100, Math.floor(this.presenceTtlMs / 3)));
    this.heartbeat.unref();
    this.healthState.startProbe(this.settings.probeIntervalMs ?? 1000);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.heartbeat);
    this.healthState.stop();
    if (this.client.status === 'ready') await this.presenceStore.clear();
    this.subscriptions.clear();
    this.nodeCalls.clear();
    await Promise.allSettled([quit(this.client), quit(this.sub)]);
  }

  health(): BrokerHealth {
    return this.healthState.current;
  }

  // ---- node-to-node calls (redis-node-calls.ts) ----------------------------------------------

  async callNode(nodeId: string, body: string, timeoutMs: number): Promise<string | undefined> {
    if (this.client.status !== 'ready') throw new BrokerUnavailableError('redis is not reachable');
    return this.nodeCalls.call(nodeId.replace(/\n/g, ' '), body, timeoutMs);
  }

  answerNodeCalls(handler: (body: string) => Promise<string>): void {
    this.nodeCalls.answer(handler);
  }

  onHealth(listener: (health: BrokerHealth) => void): () => void {
    return this.healthState.onHealth(listener);
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
    const body = messageBody(meta.from, data, meta.json);
    try {
      const result = await new Promise<PublishResult>((resolve, reject) => {
        this.publishes.add({ keys, idem: hasIdem ? keys.idem(meta.from, String(meta.idempotencyKey)) : undefined, body, resolve, reject });
      });
      this.metrics.publishDuration((performance.now() - started) / 1000, result.duplicate ? 'duplicate' : 'ok');
      return result;
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
      const parsed = readMessageBody(body);
      messages.push(new JsonMessage(channel, epoch, Number.parseInt(id, 10), parsed.from, parsed.json, time));
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
    // No gap, nothing older than the history TTL (trimming runs on publish; the judgement checks too).
    return judgeRecovery(since, { epoch: r.epoch, offset: r.offset }, r.messages, { historySize: this.options.historySize, historyTtlMs: this.options.historyTtlMs, now: r.now });
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
      await this.nodeCalls.listen();
    } catch (err) {
      this.metrics.redisError('command');
      this.settings.logger?.warn({ err: errorMessage(err) }, 'redis resubscribe failed; retrying');
      setTimeout(() => void this.restoreSubscriptions(), 500).unref();
      return;
    }
    this.healthState.subscriberRestored = true;
    this.healthState.recompute();
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
