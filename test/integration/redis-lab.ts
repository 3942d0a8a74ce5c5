// Redis for the scale-out tests (issue 6): the machine's shared Redis on 127.0.0.1:6379 (each
// test uses its own key prefix and deletes its keys), and private redis-server processes on
// this area's addresses (127.0.0.70–89) for the tests that flush, stop or restart Redis.
import type { TestContext } from 'node:test';
import { connect } from 'node:net';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { IN_CI, freePort, requireBinary, startProcess, waitFor, type LabProcess } from '../lab/index.js';
import { RedisBroker, type RedisBrokerSettings } from '../../src/server/broker/redis.js';
import type { BrokerOptions } from '../../src/server/broker/types.js';

export const SHARED_REDIS = 'redis://127.0.0.1:6379/0';

function pingable(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = connect({ host, port });
    const timer = setTimeout(() => {
      sock.destroy();
      resolve(false);
    }, 1000);
    sock.once('connect', () => sock.write('PING\r\n'));
    sock.once('data', (d) => {
      clearTimeout(timer);
      sock.destroy();
      resolve(d.toString().startsWith('+PONG'));
    });
    sock.once('error', () => {
      clearTimeout(timer);
      resolve(false);
    });
  });
}

/** The shared Redis must answer: in CI its absence is a failure; locally the test is skipped. */
export async function requireRedis(t: TestContext): Promise<boolean> {
  if (await pingable('127.0.0.1', 6379)) return true;
  const message = 'Redis is not running on 127.0.0.1:6379 (start it: redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no)';
  if (IN_CI) throw new Error(message);
  t.skip(message);
  return false;
}

export function uniquePrefix(name: string): string {
  return `wsgate-test:${name}:${randomBytes(4).toString('hex')}:`;
}

/** Deletes every key under `prefix` on the shared Redis (never FLUSHALL: others share it). */
export async function deletePrefix(url: string, prefix: string): Promise<void> {
  const r = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await r.connect();
    let cursor = '0';
    for (let i = 0; i < 10_000; i++) {
      const [next, keys] = await r.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      if (keys.length) await r.del(...keys);
      cursor = next;
      if (cursor === '0') break;
    }
  } finally {
    r.disconnect();
  }
}

export interface PrivateRedis {
  host: string;
  port: number;
  url: string;
  process: LabProcess;
  /** Stops it (SIGKILL: no save; it runs without persistence anyway). */
  kill(): Promise<void>;
  /** Starts it again on the same address, empty. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** A private redis-server (no persistence) on `host`, for flush and stop/start scenarios. */
export async function startPrivateRedis(t: TestContext, host: string): Promise<PrivateRedis | null> {
  const bin = requireBinary('redis-server', t);
  if (!bin) return null;
  const port = await freePort(host);
  const launch = async () => {
    const p = startProcess('redis-server', bin, ['--port', String(port), '--bind', host, '--save', '', '--appendonly', 'no', '--protected-mode', 'no']);
    await waitFor(`redis-server on ${host}:${port}`, () => pingable(host, port), 10_000, 50);
    return p;
  };
  const state: PrivateRedis = {
    host,
    port,
    url: `redis://${host}:${port}/0`,
    process: await launch(),
    async kill() {
      state.process.child.kill('SIGKILL');
      await state.process.exited;
    },
    async restart() {
      state.process = await launch();
    },
    async stop() {
      await state.process.stop();
    },
  };
  t.after(() => state.stop());
  return state;
}

export const FAST: Partial<RedisBrokerSettings> = { presenceTtlMs: 900, commandTimeoutMs: 1000, startTimeoutMs: 3000 };

/** A started RedisBroker (one "node"), closed after the test. */
export async function startBroker(t: TestContext, settings: RedisBrokerSettings, options: Partial<BrokerOptions> = {}): Promise<RedisBroker> {
  const broker = new RedisBroker({ ...FAST, ...settings }, { historySize: 100, historyTtlMs: 60_000, nodeId: `node-${randomBytes(3).toString('hex')}`, ...options });
  t.after(() => broker.close());
  await broker.start();
  return broker;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
