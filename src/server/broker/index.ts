/**
 * `createBroker(spec)`: `'memory'` → MemoryBroker, `redis://…` → RedisBroker (imported on demand
 * from ./redis.js so the memory default never loads ioredis), or a ready Broker instance.
 */
import type { Registry } from 'prom-client';
import type { Broker, BrokerOptions } from './types.js';
import { MemoryBroker } from './memory.js';
import { BrokerConfigError } from '../errors.js';
import { isRedisSpec } from './redis-url.js';

export type BrokerSpec = 'memory' | `redis://${string}` | `rediss://${string}` | string | Broker;

export function isBroker(value: unknown): value is Broker {
  return typeof value === 'object' && value !== null && typeof (value as Broker).publish === 'function' && typeof (value as Broker).subscribe === 'function';
}


/** What the server hands a remote engine besides the BrokerOptions. */
export interface BrokerExtras {
  /** Key and pub/sub prefix (--broker-prefix). */
  prefix?: string;
  /** Redis: a node whose presence heartbeat is older than this is dead (--broker-presence-ttl). */
  presenceTtlMs?: number;
  /** The server's prom-client registry, for `wsgate_broker_*` metrics. */
  registry?: Registry;
  /** The server's logger. */
  logger?: { info(obj: object, msg?: string): void; warn(obj: object, msg?: string): void; error(obj: object, msg?: string): void };
}

/**
 * @example const broker = await createBroker('memory', { historySize: 100, historyTtlMs: 300_000, nodeId: 'n1' });
 */
export async function createBroker(spec: BrokerSpec, options: BrokerOptions, extras: BrokerExtras = {}): Promise<Broker> {
  if (isBroker(spec)) return spec;
  if (spec === 'memory') return new MemoryBroker(options);
  if (isRedisSpec(spec)) {
    let mod: typeof import('./redis.js');
    try {
      mod = await import('./redis.js');
    } catch (err) {
      throw new BrokerConfigError(`--broker: the Redis broker could not be loaded: ${(err as Error).message}; use --broker memory`, { cause: err });
    }
    try {
      return new mod.RedisBroker({ url: spec, ...extras }, options);
    } catch (err) {
      const message = (err as Error).message;
      throw new BrokerConfigError(message.includes('--broker') ? message : `--broker: ${message}`, { cause: err });
    }
  }
  throw new BrokerConfigError(`--broker: "${spec}" must be "memory" or a redis:// URL`);
}

export { MemoryBroker, newEpoch } from './memory.js';
export type { MemoryBrokerOptions } from './memory.js';
export { BrokerUnavailableError } from './types.js';
export type * from './types.js';
