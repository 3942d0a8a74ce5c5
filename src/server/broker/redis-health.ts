/**
 * The Redis broker's health: up only when both connections are ready, the subscriber has
 * re-subscribed every channel, and a PING every second still gets an answer (a connected but
 * hung Redis, paused or swapping, fails readiness too). Health changes go to listeners (the
 * server logs them; /readyz reads `current`).
 */
import type { BrokerHealth } from './types.js';
import type { RedisBrokerMetrics } from './redis-metrics.js';
import type { RedisClient } from './redis-connection.js';

/** The subset of a pino logger the broker uses. */
export interface BrokerLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export class RedisHealth {
  current: BrokerHealth = { up: false, reason: 'not started' };
  /** False while the subscriber is (re)connecting, until every channel is subscribed again. */
  subscriberRestored = false;
  private readonly listeners = new Set<(h: BrokerHealth) => void>();
  private probe: NodeJS.Timeout | undefined;
  private answering = true;
  private probing = false;
  private stopped = false;
  private lastErrorLog = 0;

  constructor(
    private readonly client: RedisClient,
    private readonly sub: RedisClient,
    /** The broker URL with its password hidden. */
    private readonly shownUrl: string,
    private readonly metrics: RedisBrokerMetrics,
    private readonly logger: BrokerLogger | undefined,
  ) {
    this.watch(client, 'commands');
    this.watch(sub, 'subscriber');
  }

  onHealth(listener: (health: BrokerHealth) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves true once up, false after `timeoutMs` (the broker then keeps retrying). */
  async waitUp(timeoutMs: number): Promise<boolean> {
    let off: (() => void) | undefined;
    let timer: NodeJS.Timeout | undefined;
    const up = new Promise<boolean>((resolve) => {
      if (this.current.up) return resolve(true);
      off = this.onHealth((h) => h.up && resolve(true));
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const result = await up;
    off?.();
    clearTimeout(timer);
    return result;
  }

  startProbe(intervalMs: number): void {
    this.probe = setInterval(() => void this.ping(), intervalMs);
    this.probe.unref();
  }

  /** Closed on purpose: no health event (the memory broker sends none either). */
  stop(): void {
    this.stopped = true;
    clearInterval(this.probe);
    this.current = { up: false, reason: 'closed' };
    this.metrics.up(false);
  }

  private async ping(): Promise<void> {
    if (this.probing || this.stopped || this.client.status !== 'ready') return;
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
    this.recompute();
  }

  private watch(conn: RedisClient, role: string): void {
    conn.on('error', (err: Error) => {
      this.metrics.redisError('connection');
      // ioredis repeats the error on every retry: log at most every 5 s.
      const now = Date.now();
      if (now - this.lastErrorLog > 5000) {
        this.lastErrorLog = now;
        this.logger?.warn({ broker: this.shownUrl, connection: role, err: err.message }, 'redis connection error');
      }
    });
    const update = () => this.recompute();
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

  recompute(): void {
    if (this.stopped) return;
    const cmd = this.client.status;
    const sub = this.sub.status;
    if (cmd === 'ready' && sub === 'ready' && this.subscriberRestored && this.answering) this.set({ up: true });
    else if (cmd === 'ready' && !this.answering) this.set({ up: false, reason: `redis ${this.shownUrl} connected but not answering (PING timed out)` });
    else if (cmd !== 'ready') this.set({ up: false, reason: `redis ${this.shownUrl} unreachable (${cmd})` });
    else if (sub !== 'ready') this.set({ up: false, reason: `redis subscriber connection ${sub}` });
    else this.set({ up: false, reason: 'restoring redis subscriptions' });
  }

  private set(h: BrokerHealth): void {
    if (h.up === this.current.up && h.reason === this.current.reason) return;
    const changed = h.up !== this.current.up;
    this.current = h;
    if (!changed) return;
    this.metrics.up(h.up); // the server logs health changes (onHealth)
    for (const l of [...this.listeners]) {
      try {
        l(h);
      } catch {
        // a listener's failure is its own
      }
    }
  }
}
