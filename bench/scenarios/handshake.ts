// Scenario 4a: handshakes per second with auth. Each connection: TCP connect, upgrade with a
// token, wait until the server says the user is in (101 for bare ws, the CONNECT ack for
// Socket.IO, `hello` for wsgate), then close; a fixed number in flight at once.
import type { BenchContext } from '../lib/context.js';
import { LoadPool } from '../lib/pool.js';
import { ServerProcess, type Target } from '../lib/procs.js';

export interface HandshakeResult {
  perSec: number;
  ok: number;
  attempted: number;
  concurrency: number;
  failures: Record<string, number>;
}

export async function handshakeRun(ctx: BenchContext, target: Target, server: ServerProcess): Promise<HandshakeResult> {
  const total = ctx.quick ? 500 : 5000;
  const concurrency = ctx.quick ? 50 : 100;
  const durationMs = ctx.quick ? 5000 : 15000;
  const pool = await LoadPool.start({ target, host: ctx.host, port: server.port, workers: ctx.workers, sourceAddrs: ctx.sourceAddrs });
  try {
    const n = pool.size;
    const rs = await pool.all<{ ok: number; attempted: number; failures: Record<string, number>; ms: number }>(
      'handshake',
      (i) => ({ first: i * Math.ceil(total / n), total: Math.ceil(total / n), concurrency: Math.ceil(concurrency / n), durationMs, users: 1000 }),
      durationMs + 30000,
    );
    const failures: Record<string, number> = {};
    for (const r of rs) for (const [k, v] of Object.entries(r.failures)) failures[k] = (failures[k] ?? 0) + v;
    const ok = rs.reduce((s, r) => s + r.ok, 0);
    const ms = Math.max(...rs.map((r) => r.ms));
    return { perSec: (ok * 1000) / ms, ok, attempted: rs.reduce((s, r) => s + r.attempted, 0), concurrency, failures };
  } finally {
    await pool.stop();
  }
}
