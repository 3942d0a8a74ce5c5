// Scenario 3: idle connections. Authenticated connections that do nothing but answer heartbeats
// (every server pings at the same interval here). At each step: memory after a full GC in the
// server (RSS and V8 heap) against the empty server, per connection; then the server's CPU time
// over a window, less what the empty server spent, per 10,000 connections.
import type { BenchContext } from '../lib/context.js';
import { LoadPool } from '../lib/pool.js';
import { ServerProcess, type MemoryUsage, type Target } from '../lib/procs.js';

export interface IdleStep {
  connections: number;
  connected: number;
  rssMB: number;
  heapMB: number;
  /** (RSS at N − RSS empty) / N, in KB. */
  rssPerConnKB: number;
  heapPerConnKB: number;
  /** Share of one core spent with N idle connections, less the empty server's, scaled to 10,000. */
  cpuPer10k: number;
  /** CPU per heartbeat round trip (ping sent, pong handled), in µs. */
  usPerHeartbeat: number;
  /** Connections still open after the CPU window (heartbeats answered). */
  stillOpen: number;
}

export interface IdleResult {
  heartbeatMs: number;
  cpuWindowMs: number;
  emptyRssMB: number;
  emptyHeapMB: number;
  steps: IdleStep[];
  notes: string[];
}

const MB = 2 ** 20;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function idleSteps(ctx: BenchContext): number[] {
  if (ctx.quick) return [1000];
  const wanted = [1000, 10000, 50000];
  const steps = wanted.filter((n) => n <= ctx.maxConnections);
  if (steps.length < wanted.length) steps.push(ctx.maxConnections);
  return steps;
}

export async function idleRun(ctx: BenchContext, target: Target, server: ServerProcess, heartbeatMs: number): Promise<IdleResult> {
  const steps = idleSteps(ctx);
  const cpuWindowMs = ctx.quick ? 2 * heartbeatMs : 3 * heartbeatMs;
  const notes: string[] = [];
  const pool = await LoadPool.start({ target, host: ctx.host, port: server.port, workers: ctx.workers, sourceAddrs: ctx.sourceAddrs });
  const cpuRate = async (): Promise<number> => {
    const c0 = server.cpuMs();
    const t0 = performance.now();
    await sleep(cpuWindowMs);
    return (server.cpuMs() - c0) / (performance.now() - t0);
  };
  try {
    await sleep(300);
    const empty: MemoryUsage = await server.memory();
    await sleep(200);
    const idleCpu = await cpuRate();
    const out: IdleResult = { heartbeatMs, cpuWindowMs, emptyRssMB: empty.rss / MB, emptyHeapMB: empty.heapUsed / MB, steps: [], notes };
    let have = 0;
    for (const n of steps) {
      // ten connections per user, as many users as needed (every server checks the same tokens)
      const r = await pool.connect({ first: have, total: n - have, users: Math.ceil(Math.max(...steps) / 10), concurrency: 200, timeoutMs: ctx.quick ? 30000 : 120000 });
      have += r.ok;
      if (r.failed) notes.push(`step ${n}: ${r.failed} connections failed: ${JSON.stringify(r.failures)}`);
      await sleep(ctx.quick ? 500 : 1000); // let handshake garbage become garbage
      const mem = await server.memory();
      await sleep(200);
      const rate = await cpuRate();
      const counts = await pool.all<{ open: number }>('count');
      const open = counts.reduce((s, c) => s + c.open, 0);
      const extra = Math.max(0, rate - idleCpu); // share of a core
      const beats = have * (cpuWindowMs / heartbeatMs);
      out.steps.push({
        connections: n,
        connected: have,
        rssMB: mem.rss / MB,
        heapMB: mem.heapUsed / MB,
        rssPerConnKB: (mem.rss - empty.rss) / 1024 / have,
        heapPerConnKB: (mem.heapUsed - empty.heapUsed) / 1024 / have,
        cpuPer10k: (extra * 10000) / have,
        usPerHeartbeat: beats > 0 ? (extra * cpuWindowMs * 1000) / beats : Number.NaN,
        stillOpen: open,
      });
    }
    return out;
  } finally {
    await pool.stop();
  }
}
