/**
 * Prometheus metrics (`GET /metrics`). One registry per server instance, so several servers in
 * one process (tests, embedding) never collide. Names are a contract (docs/server.md): extend only.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * A counter for per-frame paths: `inc()` adds to a plain number, and prom-client's collect hook
 * moves the sum into the real counter whenever /metrics (or `get()`) reads it, so what a scrape
 * sees is exact. prom-client's own `inc()` hashes labels and validates on every call.
 */
export class HotCounter {
  private pending = 0;
  constructor(private readonly flushTo: (n: number) => void) {}
  inc(n = 1): void {
    this.pending += n;
  }
  /** Moves the pending count into the prom-client counter. */
  flush(): void {
    if (this.pending === 0) return;
    const n = this.pending;
    this.pending = 0;
    this.flushTo(n);
  }
}

/** A prom-client counter whose per-frame increments go through a HotCounter (one per label value in `hot`). */
function hotCounter<L extends string>(
  config: { name: string; help: string; registers: Registry[]; labelNames?: L[] },
  hot: Record<string, HotCounter>,
  make: (counter: Counter<L>) => Record<string, HotCounter>,
): Counter<L> {
  const counter: Counter<L> = new Counter<L>({
    ...config,
    collect() {
      for (const h of Object.values(hot)) h.flush();
    },
  });
  Object.assign(hot, make(counter));
  return counter;
}

export interface ServerMetrics {
  registry: Registry;
  connections: Gauge<'transport'>;
  opened: Counter<'transport'>;
  closed: Counter<'code' | 'transport'>;
  sseSends: Counter<'result' | 'forwarded'>;
  duration: Histogram;
  messagesIn: Counter;
  messagesOut: Counter;
  authFailures: Counter<'reason'>;
  handshakeRejections: Counter<'status'>;
  heartbeatRtt: Histogram;
  heartbeatTimeouts: Counter;
  rateLimited: Counter;
  slowConsumers: Counter;
  publishes: Counter<'result'>;
  subscriptions: Gauge;
  draining: Gauge;
  /** Per-frame increments of the counters above (same series; flushed into them on every scrape). */
  hot: {
    messagesIn: HotCounter;
    messagesOut: HotCounter;
    publishesOk: HotCounter;
    publishesDuplicate: HotCounter;
  };
}

export function createMetrics(options: { defaultMetrics?: boolean } = {}): ServerMetrics {
  const registry = new Registry();
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 20 });
  const registers = [registry];
  const hotIn: Record<string, HotCounter> = {};
  const hotOut: Record<string, HotCounter> = {};
  const hotPub: Record<string, HotCounter> = {};
  return {
    registry,
    connections: new Gauge({ name: 'wsgate_connections', help: 'Open connections (authenticated), by transport (websocket, sse).', labelNames: ['transport'], registers }),
    opened: new Counter({ name: 'wsgate_connections_opened_total', help: 'Connections opened (authenticated), by transport.', labelNames: ['transport'], registers }),
    closed: new Counter({ name: 'wsgate_connections_closed_total', help: 'Connections closed, by close code (1006: dropped without a close frame) and transport.', labelNames: ['code', 'transport'], registers }),
    sseSends: new Counter({ name: 'wsgate_sse_sends_total', help: 'SSE fallback sends (POSTs), by result: ok, SESSION_UNKNOWN, SEND_OUT_OF_ORDER, SESSION_UNREACHABLE; forwarded: whether another node held the stream.', labelNames: ['result', 'forwarded'], registers }),
    duration: new Histogram({
      name: 'wsgate_connection_duration_seconds',
      help: 'Connection lifetimes. Lifetimes clustering at one value (15, 60, 100 s…) betray an idle cut on the path.',
      // Buckets around the idle limits in docs/facts.md (Tencent 15 s, GCP 30 s, ALB/nginx 60 s, Cloudflare 100 s, Azure 300 s, CloudFront 600 s).
      buckets: [1, 5, 10, 14, 16, 29, 31, 59, 61, 90, 99, 101, 120, 299, 301, 599, 601, 1800, 3600, 14400, 86400],
      registers,
    }),
    messagesIn: hotCounter({ name: 'wsgate_messages_in_total', help: 'Frames received from clients (text and binary).', registers }, hotIn, (c) => ({ messagesIn: new HotCounter((n) => c.inc(n)) })),
    messagesOut: hotCounter({ name: 'wsgate_messages_out_total', help: 'Frames sent to clients.', registers }, hotOut, (c) => ({ messagesOut: new HotCounter((n) => c.inc(n)) })),
    authFailures: new Counter({ name: 'wsgate_auth_failures_total', help: 'Refused credentials, by reason (missing, invalid, expired, ticket, unavailable).', labelNames: ['reason'], registers }),
    handshakeRejections: new Counter({ name: 'wsgate_handshake_rejections_total', help: 'Upgrade requests refused before the handshake, by HTTP status.', labelNames: ['status'], registers }),
    heartbeatRtt: new Histogram({
      name: 'wsgate_heartbeat_rtt_seconds',
      help: 'Round-trip time of protocol pings (server ping → client pong).',
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    heartbeatTimeouts: new Counter({ name: 'wsgate_heartbeat_timeouts_total', help: 'Connections closed because pongs (on SSE: sends) stopped coming.', registers }),
    rateLimited: new Counter({ name: 'wsgate_rate_limited_total', help: 'Frames refused by the per-connection rate limit.', registers }),
    slowConsumers: new Counter({ name: 'wsgate_slow_consumers_total', help: 'Connections closed with 1013 because they did not read fast enough.', registers }),
    publishes: hotCounter({ name: 'wsgate_publishes_total', help: 'Publish requests, by result (ok, duplicate, error).', labelNames: ['result'], registers }, hotPub, (c) => ({
      publishesOk: new HotCounter((n) => c.inc({ result: 'ok' }, n)),
      publishesDuplicate: new HotCounter((n) => c.inc({ result: 'duplicate' }, n)),
    })),
    subscriptions: new Gauge({ name: 'wsgate_subscriptions', help: 'Active channel subscriptions on this node.', registers }),
    draining: new Gauge({ name: 'wsgate_draining', help: '1 while the server drains (SIGTERM), else 0.', registers }),
    hot: {
      messagesIn: hotIn.messagesIn!,
      messagesOut: hotOut.messagesOut!,
      publishesOk: hotPub.publishesOk!,
      publishesDuplicate: hotPub.publishesDuplicate!,
    },
  };
}
