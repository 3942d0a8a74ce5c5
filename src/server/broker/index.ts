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

/**
 * @example const broker = await createBroker('memory', { historySize: 100, historyTtlMs: 300_000, nodeId: 'n1' });
 */
export async function createBroker(spec: BrokerSpec, options: BrokerOptions): Promise<Broker> {
  if (isBroker(spec)) return spec;
  if (spec === 'memory') return new MemoryBroker(options);
  if (/^rediss?:\/\//.test(spec)) {
    let mod: {
      RedisBroker?: new (url: string, options: BrokerOptions) => Broker;
      createRedisBroker?: (url: string, options: BrokerOptions) => Broker | Promise<Broker>;
    };
    try {
      // A variable specifier keeps TypeScript from requiring the file before the redis engine lands.
      const specifier = './redis.js';
      mod = (await import(specifier)) as typeof mod;
    } catch (err) {
      throw new BrokerConfigError(`--broker: the Redis broker is not available in this build (${(err as Error).message})`, { cause: err });
    }
    if (typeof mod.createRedisBroker === 'function') return mod.createRedisBroker(spec, options);
    if (typeof mod.RedisBroker !== 'function') throw new BrokerConfigError('--broker: the Redis broker module does not export RedisBroker');
    return new mod.RedisBroker(spec, options);
  }
  throw new BrokerConfigError(`--broker: "${spec}" must be "memory" or a redis:// URL`);
}

export { MemoryBroker, newEpoch } from './memory.js';
export type { MemoryBrokerOptions } from './memory.js';
export { BrokerUnavailableError } from './types.js';
export type * from './types.js';
