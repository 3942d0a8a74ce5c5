// Redis for the scale-out tests (docs/scaling.md): the machine's shared Redis on 127.0.0.1:6379 (each
// test uses its own key prefix and deletes its keys), and private redis-server processes on
// this area's addresses (127.0.0.70–89) for the tests that flush, stop or restart Redis.
import type { TestContext } from 'node:test';
import { spawnSync } from 'node:child_process';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { connect } from 'node:net';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import { IN_CI, freePort, requireBinary, startHaproxy, startProcess, tempDir, waitFor, type LabProcess, type LabProxy } from '../lab/index.js';
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
  /** Starts it again on the same address: empty, or loading its dump.rdb when `keepData`. */
  restart(keepData?: boolean): Promise<void>;
  stop(): Promise<void>;
}

/** A private redis-server (no persistence) on `host`, for flush and stop/start scenarios. */
export { pingable };

export async function startPrivateRedis(t: TestContext, host: string, extraArgs: (port: number) => string[] = () => []): Promise<PrivateRedis | null> {
  const bin = requireBinary('redis-server', t);
  if (!bin) return null;
  const port = await freePort(host);
  // Its own empty dir: a replica writes the master's snapshot to dump.rdb, and a redis-server
  // started where a dump.rdb lies would load it (stale data from another test).
  const dir = tempDir('redis');
  t.after(() => dir.remove());
  const launch = async (keepData = false) => {
    if (!keepData) rmSync(join(dir.dir, 'dump.rdb'), { force: true });
    const p = startProcess('redis-server', bin, ['--port', String(port), '--bind', host, '--save', '', '--appendonly', 'no', '--protected-mode', 'no', '--dir', dir.dir, ...extraArgs(port)]);
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
    async restart(keepData = false) {
      state.process = await launch(keepData);
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

// ---- wsgate serve processes behind a balancer ---------------------------------------------------


export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function newestMtime(dir: string): number {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else if (name.endsWith('.ts') && !name.endsWith('.test.ts')) newest = Math.max(newest, st.mtimeMs);
  }
  return newest;
}

/** The tests run the real `wsgate` binary (bin/wsgate.js → dist/): build it when src is newer. */
export function ensureBuilt(): void {
  let built = 0;
  try {
    built = statSync(join(ROOT, 'dist', 'cli', 'main.js')).mtimeMs;
  } catch {
    // not built yet
  }
  if (built >= newestMtime(join(ROOT, 'src'))) return;
  const r = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8', timeout: 180_000 });
  if (r.status !== 0) throw new Error(`npm run build failed:\n${r.stdout}${r.stderr}`);
}

export interface WsgateNode {
  id: string;
  host: string;
  port: number;
  url: string;
  httpUrl: string;
  process: LabProcess;
  /** JSON log lines so far. */
  logs(): Array<Record<string, unknown>>;
}

/** Starts `node bin/wsgate.js serve --port 0 …` on `host` and waits for its "listening" log line. */
export async function startNode(t: TestContext, opts: { id: string; host: string; broker: string; prefix: string; extra?: string[] }): Promise<WsgateNode> {
  const args = [
    join(ROOT, 'bin', 'wsgate.js'), 'serve',
    '--host', opts.host, '--port', '0',
    '--broker', opts.broker, '--broker-prefix', opts.prefix, '--broker-presence-ttl', '2000',
    '--node-id', opts.id,
    '--tokens', 'tok-alice:alice,tok-bob:bob,tok-carol:carol,tok-pub:publisher',
    '--stats-interval', '0', '--rate-limit', '2000', '--rate-burst', '2000', '--admission-rate', '1000',
    '--drain-window', '600', '--drain-timeout', '5000',
    ...(opts.extra ?? []),
  ];
  const proc = startProcess(`wsgate-${opts.id}`, process.execPath, args, { cwd: ROOT, env: { ...process.env, WSGATE_LOG_LEVEL: 'info' } });
  t.after(() => proc.stop());
  const logs = (): Array<Record<string, unknown>> =>
    proc
      .output()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .flatMap((l) => {
        try {
          return [JSON.parse(l) as Record<string, unknown>];
        } catch {
          return [];
        }
      });
  let port = 0;
  await Promise.race([
    waitFor(`${opts.id} listening`, () => {
      const line = logs().find((l) => l.msg === 'listening' && typeof l.port === 'number');
      if (line) port = line.port as number;
      return port > 0;
    }, 20_000, 25),
    proc.exited.then((code) => {
      throw new Error(`${opts.id} exited with ${code} before listening:\n${proc.output()}`);
    }),
  ]);
  return { id: opts.id, host: opts.host, port, url: `ws://${opts.host}:${port}/api/ws/chat`, httpUrl: `http://${opts.host}:${port}`, process: proc, logs };
}

/** HAProxy in front of the nodes: roundrobin, WebSocket tunnel timeout, /readyz health checks. */
export async function startBalancer(t: TestContext, host: string, nodes: WsgateNode[]): Promise<LabProxy & { wsUrl: string }> {
  const port = await freePort(host);
  const config = [
    'global',
    '  maxconn 2000',
    'defaults',
    '  mode http',
    '  timeout connect 1s',
    '  timeout client 30s',
    '  timeout server 30s',
    '  timeout tunnel 1h',
    '  retries 3',
    '  option redispatch',
    'frontend fe',
    `  bind ${host}:${port}`,
    '  default_backend nodes',
    'backend nodes',
    '  balance roundrobin',
    '  option httpchk GET /readyz',
    '  http-check expect status 200',
    '  default-server inter 150ms fall 1 rise 1',
    ...nodes.map((n) => `  server ${n.id} ${n.host}:${n.port} check`),
  ].join('\n');
  const proxy = await startHaproxy({ host, port, config });
  t.after(() => proxy.stop());
  return { ...proxy, wsUrl: `ws://${host}:${port}/api/ws/chat` };
}

export type Frame = Record<string, unknown> & { type: string };

/**
 * A minimal chat client with the reconnect + `since` logic the SDK has: it reconnects (bounded)
 * after any close, resubscribes with the last position it saw, and re-sends unacknowledged
 * publishes with the same ids (idempotency makes that exactly-once).
 */
export class ChatClient {
  readonly received: Array<{ epoch: string; offset: number; data: unknown }> = [];
  readonly subscribed: Array<{ epoch: string; offset: number; recovered: boolean; node: string }> = [];
  readonly errors: Frame[] = [];
  /** performance.now() of each received message, and of each ack by request id. */
  readonly receivedAt: number[] = [];
  readonly ackedAt = new Map<number, number>();
  readonly sentAt = new Map<number, number>();
  /** The `since` sent with each subscribe (null: none). */
  readonly sinces: Array<{ epoch: string; offset: number } | null> = [];
  /** Other replies (presence, unsubscribed, …). */
  readonly others: Frame[] = [];
  readonly nodes: string[] = [];
  readonly closeCodes: number[] = [];
  readonly acks = new Map<number, { offset: number; epoch: string; duplicate: boolean }>();
  position: { epoch: string; offset: number } | undefined;
  private readonly pending = new Map<number, unknown>();
  private ws: WebSocket | undefined;
  private live = false;
  private stopped = false;
  private seq = 0;
  connects = 0;

  constructor(
    private readonly url: string,
    private readonly token: string,
    private readonly channel: string | null,
    private readonly maxConnects = 60,
  ) {}

  get node(): string | undefined {
    return this.live ? this.nodes[this.nodes.length - 1] : undefined;
  }

  start(): this {
    this.connect();
    return this;
  }

  private connect(): void {
    if (this.stopped || this.connects >= this.maxConnects) return;
    this.connects++;
    const ws = new WebSocket(`${this.url}?token=${this.token}`);
    this.ws = ws;
    ws.on('error', () => {});
    ws.on('close', (code) => {
      this.closeCodes.push(code);
      this.live = false;
      if (this.ws === ws) this.ws = undefined;
      if (!this.stopped) setTimeout(() => this.connect(), 50 + Math.random() * 150).unref();
    });
    ws.on('message', (raw) => {
      let f: Frame;
      try {
        f = JSON.parse(raw.toString()) as Frame;
      } catch {
        return;
      }
      this.onFrame(ws, f);
    });
  }

  private onFrame(ws: WebSocket, f: Frame): void {
    switch (f.type) {
      case 'hello':
        this.nodes.push(String(f.node));
        this.live = true;
        if (this.channel) {
          this.sinces.push(this.position ? { ...this.position } : null);
          ws.send(JSON.stringify({ type: 'subscribe', id: `sub-${this.connects}`, channel: this.channel, ...(this.position ? { since: this.position } : {}) }));
        }
        for (const [id, data] of [...this.pending].sort((a, b) => a[0] - b[0])) this.sendPublish(ws, id, data);
        break;
      case 'subscribed':
        this.subscribed.push({ epoch: String(f.epoch), offset: Number(f.offset), recovered: f.recovered === true, node: this.nodes[this.nodes.length - 1] ?? '' });
        if (!this.position || f.recovered !== true) this.position = { epoch: String(f.epoch), offset: Number(f.offset) };
        break;
      case 'message':
        this.received.push({ epoch: String(f.epoch), offset: Number(f.offset), data: f.data });
        this.receivedAt.push(performance.now());
        this.position = { epoch: String(f.epoch), offset: Number(f.offset) };
        break;
      case 'ack':
        this.pending.delete(Number(f.id));
        this.acks.set(Number(f.id), { offset: Number(f.offset), epoch: String(f.epoch), duplicate: f.duplicate === true });
        this.ackedAt.set(Number(f.id), performance.now());
        break;
      case 'error':
        this.errors.push(f);
        break;
      default:
        this.others.push(f);
    }
  }

  private sendPublish(ws: WebSocket, id: number, data: unknown): void {
    if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ type: 'publish', id, channel: this.channel ?? 'room', data }));
  }

  /** Publishes (and keeps re-sending across reconnects until acked). Returns the request id. */
  publish(data: unknown): number {
    const id = ++this.seq;
    this.pending.set(id, data);
    this.sentAt.set(id, performance.now());
    if (this.ws && this.live) this.sendPublish(this.ws, id, data);
    return id;
  }

  /** Sends one frame now, without retry (for tests of error frames). */
  sendRaw(frame: Record<string, unknown>): boolean {
    if (!this.ws || !this.live || this.ws.readyState !== WebSocket.OPEN) return false;
    this.ws.send(JSON.stringify(frame));
    return true;
  }

  get unacked(): number {
    return this.pending.size;
  }

  /** Drops the connection abruptly (as a network cut would); the client reconnects. */
  drop(): void {
    this.ws?.terminate();
  }

  stop(): void {
    this.stopped = true;
    this.ws?.terminate();
  }
}

/** Prometheus text → value of one sample (name with labels exactly as printed), or undefined. */
export function metric(text: string, sample: string): number | undefined {
  for (const line of text.split('\n')) {
    if (line.startsWith(`${sample} `)) return Number(line.slice(sample.length + 1));
  }
  return undefined;
}
