/**
 * The Redis broker's figures on each node's /metrics (docs/scaling.md): publish latency, Redis errors,
 * pub/sub lag, gap fills and whether Redis is reachable. Registered on the server's prom-client
 * registry when one is given; without one the broker keeps no metrics (tests, embedding).
 */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export interface RedisBrokerMetrics {
  /** Seconds from publish() to the script's reply (the message is in the stream). */
  publishDuration(seconds: number, result: 'ok' | 'duplicate' | 'error'): void;
  /** A Redis error: `connection` (socket level) or `command` (a command failed or timed out). */
  redisError(kind: 'connection' | 'command'): void;
  /** Seconds from the publishing node's script run (Redis time) to delivery on this node. */
  pubsubLag(seconds: number): void;
  /** Messages this node fetched from the stream because pub/sub missed them (reconnects). */
  gapFilled(count: number): void;
  up(isUp: boolean): void;
}

const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

/** prom-client metrics on `registry`, named `wsgate_broker_*`. */
export function promBrokerMetrics(registry: Registry): RedisBrokerMetrics {
  const registers = [registry];
  const publish = new Histogram({
    name: 'wsgate_broker_publish_duration_seconds',
    help: 'Time from publish to the broker confirming the message is in history (Redis: the publish script reply)',
    labelNames: ['result'],
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const errors = new Counter({
    name: 'wsgate_broker_redis_errors_total',
    help: 'Redis errors seen by this node: connection (socket dropped, refused) or command (failed, timed out, rejected while down)',
    labelNames: ['kind'],
    registers,
  });
  const lag = new Histogram({
    name: 'wsgate_broker_pubsub_lag_seconds',
    help: 'Time from a message being accepted by Redis to its delivery to this node (pub/sub lag)',
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const gaps = new Counter({
    name: 'wsgate_broker_gap_filled_messages_total',
    help: 'Messages read back from the Redis stream because pub/sub missed them (e.g. across a reconnect)',
    registers,
  });
  const up = new Gauge({ name: 'wsgate_broker_up', help: '1 when this node reaches its broker, 0 when not', registers });
  up.set(0);
  return {
    publishDuration: (s, result) => publish.observe({ result }, s),
    redisError: (kind) => errors.inc({ kind }),
    pubsubLag: (s) => lag.observe(Math.max(0, s)),
    gapFilled: (n) => gaps.inc(n),
    up: (isUp) => up.set(isUp ? 1 : 0),
  };
}

export const noMetrics: RedisBrokerMetrics = {
  publishDuration: () => {},
  redisError: () => {},
  pubsubLag: () => {},
  gapFilled: () => {},
  up: () => {},
};
