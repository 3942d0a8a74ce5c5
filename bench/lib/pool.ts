// The load generator: a few worker threads (bench/load/worker.mjs) that hold the connections,
// driven by commands from here. Plain JavaScript in the workers, so nothing but the load runs
// there (no TypeScript loader in the measured path).
import { Worker } from 'node:worker_threads';
import type { Target } from './procs.js';
import { ADAPTER } from './procs.js';

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

export interface PoolOptions {
  target: Target;
  host: string;
  port: number;
  workers: number;
  sourceAddrs: string[];
}

export type WorkerEvent = { type: string; [k: string]: unknown };

export class LoadPool {
  private readonly workers: Worker[] = [];
  private readonly pending = new Map<number, Pending>();
  private seq = 0;
  private listeners = new Set<(e: WorkerEvent, worker: number) => void>();

  private constructor(readonly options: PoolOptions) {}

  static async start(options: PoolOptions): Promise<LoadPool> {
    const pool = new LoadPool(options);
    const url = new URL('../load/worker.mjs', import.meta.url);
    await Promise.all(
      Array.from({ length: options.workers }, (_, i) => {
        const w = new Worker(url, {
          execArgv: [],
          workerData: {
            target: ADAPTER[options.target],
            host: options.host,
            port: options.port,
            // each worker its own slice of source addresses, so their ports never collide
            sourceAddrs: options.sourceAddrs.filter((_, k) => k % options.workers === i),
            worker: i,
          },
        });
        pool.workers.push(w);
        w.on('message', (m: { id?: number; result?: unknown; error?: string; type?: string }) => {
          if (m.id !== undefined) {
            const p = pool.pending.get(m.id);
            if (!p) return;
            pool.pending.delete(m.id);
            clearTimeout(p.timer);
            if (m.error) p.reject(new Error(m.error));
            else p.resolve(m.result);
          } else if (m.type) for (const l of pool.listeners) l(m as WorkerEvent, i);
        });
        w.on('error', (err) => {
          for (const [id, p] of pool.pending) {
            pool.pending.delete(id);
            clearTimeout(p.timer);
            p.reject(err);
          }
        });
        return new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error('load worker did not start')), 10000);
          w.once('message', () => {
            clearTimeout(timer);
            resolve();
          });
        });
      }),
    );
    return pool;
  }

  get size(): number {
    return this.workers.length;
  }

  on(listener: (e: WorkerEvent, worker: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Runs `cmd` on worker `i`; rejects after `timeoutMs`. */
  call<T = Record<string, unknown>>(i: number, cmd: string, args: Record<string, unknown> = {}, timeoutMs = 120000): Promise<T> {
    const id = ++this.seq;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`load worker ${i}: ${cmd} timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
      this.workers[i]!.postMessage({ id, cmd, args });
    });
  }

  /** Runs `cmd` on every worker; `argsOf(i)` gives each its arguments. */
  all<T = Record<string, unknown>>(cmd: string, argsOf: (i: number) => Record<string, unknown> = () => ({}), timeoutMs?: number): Promise<T[]> {
    return Promise.all(this.workers.map((_, i) => this.call<T>(i, cmd, argsOf(i), timeoutMs)));
  }

  /**
   * Opens `total` connections spread over the workers, numbered from `first` (the number picks
   * the token and the source address). Returns how many are ready.
   */
  async connect(opts: { first: number; total: number; users: number; channel?: string; concurrency: number; timeoutMs: number }): Promise<{ ok: number; failed: number; failures: Record<string, number>; ms: number }> {
    const n = this.workers.length;
    const results = await this.all<{ ok: number; failed: number; failures: Record<string, number>; ms: number }>(
      'connect',
      (i) => {
        const per = Math.floor(opts.total / n) + (i < opts.total % n ? 1 : 0);
        const before = Array.from({ length: i }, (_, k) => Math.floor(opts.total / n) + (k < opts.total % n ? 1 : 0)).reduce((a, b) => a + b, 0);
        return {
          first: opts.first + before,
          count: per,
          users: opts.users,
          channel: opts.channel,
          concurrency: Math.max(1, Math.ceil(opts.concurrency / n)),
          timeoutMs: opts.timeoutMs,
        };
      },
      opts.timeoutMs + 20000,
    );
    const failures: Record<string, number> = {};
    for (const r of results) for (const [k, v] of Object.entries(r.failures)) failures[k] = (failures[k] ?? 0) + v;
    return {
      ok: results.reduce((s, r) => s + r.ok, 0),
      failed: results.reduce((s, r) => s + r.failed, 0),
      failures,
      ms: Math.max(...results.map((r) => r.ms)),
    };
  }

  /** Closes every connection, then ends the threads. */
  async stop(): Promise<void> {
    try {
      await this.all('close', () => ({ timeoutMs: 3000 }), 10000);
    } catch {
      /* terminating anyway */
    }
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.workers.length = 0;
  }
}
