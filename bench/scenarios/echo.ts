// Scenario 1: echo round trips. Throughput with a window of messages in flight per connection,
// at 10/100/1000 connections; latency at a fixed rate well below saturation (100 connections).
// For wsgate, "echo" is a publish to a channel the same connection subscribes to (publish →
// ack + message: the full pub/sub path); the text ping → pong is measured too.
import type { BenchContext } from '../lib/context.js';
import { LoadPool } from '../lib/pool.js';
import { ServerProcess, selfCpuMs, type Target } from '../lib/procs.js';
import { concatSamples, percentile } from '../lib/stats.js';

export interface EchoThroughput {
  connections: number;
  size: number;
  via: 'echo' | 'pubsub' | 'ping';
  msgsPerSec: number;
  /** Share of a core the server used during the window (1 = one core busy). */
  serverCpu: number;
  /** Share of a core the load generator used (near its core count = the generator was the limit). */
  loadCpu: number;
  closed: number;
}

export interface EchoLatency {
  size: number;
  via: 'echo' | 'pubsub';
  rate: number;
  p50: number;
  p99: number;
  samples: number;
  lost: number;
}

export interface EchoResult {
  throughput: EchoThroughput[];
  latency: EchoLatency[];
  notes: string[];
}

export const ECHO_SIZES = [64, 4096];
/** Fixed total rates for the latency test (msgs/s over 100 connections), the same for every server. */
export const LATENCY_RATE: Record<number, number> = { 64: 5000, 4096: 2000 };
const WINDOW = 8;

export async function echoRun(ctx: BenchContext, target: Target, server: ServerProcess): Promise<EchoResult> {
  const counts = ctx.quick ? [10, 100] : [10, 100, 1000];
  const warmupMs = ctx.quick ? 200 : 1000;
  const durationMs = ctx.quick ? 600 : 4000;
  const via = target.startsWith('wsgate') ? 'pubsub' : 'echo';
  const pool = await LoadPool.start({ target, host: ctx.host, port: server.port, workers: ctx.workers, sourceAddrs: ctx.sourceAddrs });
  const out: EchoResult = { throughput: [], latency: [], notes: [] };
  try {
    let have = 0;
    const window = async (connections: number, size: number, mode: 'echo' | 'pubsub' | 'ping') => {
      const s0 = server.cpuMs();
      const l0 = selfCpuMs();
      const rs = await pool.all<{ count: number; ms: number; live: number }>('echo', () => ({ size, mode: 'window', window: WINDOW, warmupMs, durationMs, maxSamples: 0, via: mode }), warmupMs + durationMs + 30000);
      const wall = warmupMs + durationMs + 300;
      const count = rs.reduce((s, r) => s + r.count, 0);
      const ms = Math.max(...rs.map((r) => r.ms));
      const live = rs.reduce((s, r) => s + r.live, 0);
      out.throughput.push({
        connections,
        size,
        via: mode,
        msgsPerSec: ms > 0 ? (count * 1000) / ms : 0,
        serverCpu: (server.cpuMs() - s0) / wall,
        loadCpu: (selfCpuMs() - l0) / wall,
        closed: connections - live,
      });
    };
    for (const n of counts) {
      const r = await pool.connect({ first: have, total: n - have, users: 1000, channel: via === 'pubsub' ? 'own' : undefined, concurrency: 100, timeoutMs: 30000 });
      have += r.ok;
      if (r.failed) out.notes.push(`${r.failed} of ${n} connections failed: ${JSON.stringify(r.failures)}`);
      const sizes = n === 100 ? ECHO_SIZES : [64];
      for (const size of sizes) await window(n, size, via);
      if (n === 100 && target.startsWith('wsgate')) await window(n, 4, 'ping');
      if (n === 100) {
        for (const size of ECHO_SIZES) {
          const rate = LATENCY_RATE[size]!;
          const rs = await pool.all<{ samples: Float64Array; lost: number }>('echo', () => ({ size, mode: 'rate', rate: rate / pool.size, warmupMs, durationMs, maxSamples: 200000, via }), warmupMs + durationMs + 30000);
          const all = concatSamples(rs.map((r) => r.samples));
          out.latency.push({ size, via, rate, p50: percentile(all, 50), p99: percentile(all, 99), samples: all.length, lost: rs.reduce((s, r) => s + r.lost, 0) });
        }
      }
    }
  } finally {
    await pool.stop();
  }
  return out;
}
