/**
 * `createBroker(spec)`: `'memory'` → MemoryBroker, `redis://…` (and rediss://, redis+sentinel://,
 * redis+cluster://) → RedisBroker (loaded on demand from ./redis.js so the memory default never
 * loads ioredis), or a ready Broker instance.
 */
import type { Broker, BrokerOptions } from './types.js';
import { MemoryBroker } from './memory.js';
import { BrokerConfigError } from '../errors.js';
import type { Registry } from 'prom-client';
import type { BrokerLogger, RedisBrokerSettings } from './redis.js';
import { RedisUrlError, isRedisSpec } from './redis-url.js';

export type BrokerSpec = 'memory' | `redis://${string}` | `rediss://${string}` | string | Broker;

/** What `createBroker` passes on: the common options, plus what the Redis engine also uses. */
export interface BrokerFactoryOptions extends BrokerOptions {
  /** Redis engine settings (--broker-prefix, --broker-presence-ttl, …); ignored by `memory`. */
  redis?: Omit<RedisBrokerSettings, 'url' | 'registry' | 'logger' | 'metrics'>;
  /** The server's prom-client registry, for `wsgate_broker_*` metrics. */
  registry?: Registry;
  logger?: BrokerLogger;
}

export function isBroker(value: unknown): value is Broker {
  return typeof value === 'object' && value !== null && typeof (value as Broker).publish === 'function' && typeof (value as Broker).subscribe === 'function';
}

/**
 * @example const broker = await createBroker('memory', { historySize: 100, historyTtlMs: 300_000, nodeId: 'n1' });
 * @example const broker = await createBroker('redis://127.0.0.1:6379/0', { historySize: 100, historyTtlMs: 300_000, nodeId: 'n1', redis: { prefix: 'chat:' } });
 */
export async function createBroker(spec: BrokerSpec, options: BrokerFactoryOptions): Promise<Broker> {
  if (isBroker(spec)) return spec;
  if (spec === 'memory') return new MemoryBroker(options);
  if (isRedisSpec(spec)) {
    let mod: typeof import('./redis.js');
    try {
      // Loaded on demand: the memory default never loads ioredis.
      mod = await import('./redis.js');
    } catch (err) {
      throw new BrokerConfigError(`--broker: the Redis broker is not available in this build (${(err as Error).message})`, { cause: err });
    }
    try {
      return mod.createRedisBroker(spec, options);
    } catch (err) {
      if (err instanceof RedisUrlError) throw new BrokerConfigError(err.message, { cause: err });
      throw err;
    }
  }
  throw new BrokerConfigError(`--broker: "${spec}" must be "memory" or a redis:// URL`);
}

export { MemoryBroker, newEpoch } from './memory.js';
export type { MemoryBrokerOptions } from './memory.js';
export { BrokerUnavailableError } from './types.js';
export type * from './types.js';
export type { RedisBrokerSettings, BrokerLogger } from './redis.js';
export type { RedisBrokerMetrics } from './redis-metrics.js';
