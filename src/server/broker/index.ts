/**
 * `createBroker(spec)`: `'memory'` → MemoryBroker, `redis://…` → RedisBroker (loaded on demand
 * from ./redis.js so the memory default never loads ioredis), or a ready Broker instance.
 */
import type { Broker, BrokerOptions } from './types.js';
import { MemoryBroker } from './memory.js';
import { BrokerConfigError } from '../errors.js';

export type BrokerSpec = 'memory' | `redis://${string}` | `rediss://${string}` | string | Broker;

export function isBroker(value: unknown): value is Broker {
  return typeof value === 'object' && value !== null && typeof (value as Broker).publish === 'function' && typeof (value as Broker).subscribe === 'function';
}

/** Redis URL schemes the Redis engine understands (see redis-url.ts). */
export const REDIS_URL = /^redis(s|\+sentinel|\+cluster)?:\/\//;

/** What the server hands a remote engine besides the BrokerOptions. */
export interface BrokerExtras {
  /** Key and pub/sub prefix (--broker-prefix). */
  prefix?: string;
  /** The server's prom-client registry, for `wsgate_broker_*` metrics. */
  registry?: unknown;
  /** The server's logger. */
  logger?: { info(obj: object, msg?: string): void; warn(obj: object, msg?: string): void; error(obj: object, msg?: string): void };
}

/**
 * @example const broker = await createBroker('memory', { historySize: 100, historyTtlMs: 300_000, nodeId: 'n1' });
 */
export async function createBroker(spec: BrokerSpec, options: BrokerOptions, extras: BrokerExtras = {}): Promise<Broker> {
  if (isBroker(spec)) return spec;
  if (spec === 'memory') return new MemoryBroker(options);
  if (REDIS_URL.test(spec)) {
    let mod: {
      RedisBroker?: new (settings: { url: string } & BrokerExtras, options: BrokerOptions) => Broker;
    };
    try {
      // A variable specifier keeps TypeScript from requiring the file before the redis engine lands.
      const specifier = './redis.js';
      mod = (await import(specifier)) as typeof mod;
    } catch (err) {
      const missing = (err as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND' && String((err as Error).message).includes('redis.js');
      const why = missing ? 'is not part of this build (src/server/broker/redis.ts is missing)' : `could not be loaded: ${(err as Error).message}`;
      throw new BrokerConfigError(`--broker: the Redis broker ${why}; use --broker memory`, { cause: err });
    }
    if (typeof mod.RedisBroker !== 'function') throw new BrokerConfigError('--broker: the Redis broker module does not export RedisBroker');
    return new mod.RedisBroker({ url: spec, ...extras }, options);
  }
  throw new BrokerConfigError(`--broker: "${spec}" must be "memory" or a redis:// URL`);
}

export { MemoryBroker, newEpoch } from './memory.js';
export type { MemoryBrokerOptions } from './memory.js';
export { BrokerUnavailableError } from './types.js';
export type * from './types.js';
