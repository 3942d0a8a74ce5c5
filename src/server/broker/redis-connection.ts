/**
 * The Redis broker's connections (docs/scaling.md): one for commands, one for pub/sub, for a single
 * Redis, Sentinel or Cluster (redis-url.ts), configured to fail fast while Redis is down
 * (no offline queue: a publish gets BROKER_UNAVAILABLE, never a late ack) and to reconnect
 * with capped backoff.
 */
import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';
import type { RedisTopology } from './redis-url.js';

export type RedisClient = Redis | Cluster;

export interface ConnectionSettings {
  /** Per-command and connect timeout. */
  commandTimeoutMs: number;
  /** Shown in CLIENT LIST: `wsgate-<role>-<node>`. */
  role: string;
  nodeId: string;
}

const backoff = (times: number): number => Math.min(50 * 2 ** Math.min(times, 6), 2000);

/** A lazily connecting client (call `connect()`). */
export function makeClient(topology: RedisTopology, { commandTimeoutMs, role, nodeId }: ConnectionSettings): RedisClient {
  const common: RedisOptions = {
    lazyConnect: true,
    // A command while Redis is down fails at once instead of queueing: publishers get
    // BROKER_UNAVAILABLE and no ack, rather than an ack much later or never.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResubscribe: false,
    commandTimeout: commandTimeoutMs,
    connectTimeout: commandTimeoutMs,
    retryStrategy: backoff,
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
        // The subscriber uses SSUBSCRIBE: one subscriber connection per master.
        shardedSubscribers: role === 'sub',
        clusterRetryStrategy: backoff,
        redisOptions: { ...common, ...tls, ...auth },
      };
      return new Cluster(topology.nodes, options);
    }
  }
}

/** Closes politely (QUIT) when connected, at once otherwise; never waits more than a second. */
export async function quit(conn: RedisClient): Promise<void> {
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

