/** What `RedisBroker` is given: the URL, the key prefix, timeouts, metrics and a logger (docs/scaling.md). */
import type { Registry } from 'prom-client';
import type { RedisBrokerMetrics } from './redis-metrics.js';
import type { BrokerLogger } from './redis-health.js';

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
