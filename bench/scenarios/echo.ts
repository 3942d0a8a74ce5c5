// Scenario 1: echo round trips. Throughput with a window of messages in flight per connection,
// at 10/100/1000 connections; latency at a fixed rate well below saturation (100 connections).
// For wsgate, "echo" is a publish to a channel the same connection subscribes to (publish →
// ack + message: the full pub/sub path); the text ping → pong is measured too.
//
// Every server under test is up at once (each in its own process, idle while another is
// measured), and the measurement windows alternate between them: run 1 goes ws, Socket.IO,
// wsgate…, run 2 starts one further along, and so on. On a shared machine, a burst of other work
// then hits every server alike instead of whichever happened to be measured at that moment.
import type { BenchContext } from '../lib/context.js';
import { LoadPool } from '../lib/pool.js';
import { ServerProcess, coreBusyMs, selfCpuMs, type Target } from '../lib/procs.js';
import { concatSamples, percentile } from '../lib/stats.js';

export type EchoVia = 'echo' | 'pubsub' | 'ping';

export interface EchoThroughput {
  target: Target;
  run: number;
  connections: number;
  size: number;
  via: EchoVia;
  msgsPerSec: number;
  /** Share of a core the server used during the window (1 = one core busy). */
  serverCpu: number;
  /** Share of a core the load generator used (near its core count = the generator was the limit). */
  loadCpu: number;
  /** Connections that closed during the window. */
  closed: number;
  /** Share of the server's core used by other processes during the window (NaN when not pinned). */
  othersOnServerCore: number;
}

export interface EchoLatency {
  target: Target;
  run: number;
  size: number;
  via: 'echo' | 'pubsub';
  rate: number;
  p50: number;
  p99: number;
  samples: number;
  lost: number;
}

export interface EchoSectionResult {
  throughput: EchoThroughput[];
  latency: EchoLatency[];
  notes: string[];
  errors: Array<{ target: Target; error: string }>;
}

export const ECHO_SIZES = [64, 4096];
/** Fixed total rates for the latency test (msgs/s over 100 connections), the same for every server. */
export const LATENCY_RATE: Record<number, number> = { 64: 5000, 4096: 2000 };
export const ECHO_WINDOW = 8;

export function echoTiming(quick: boolean): { warmupMs: number; durationMs: number; counts: number[] } {
  return quick ? { warmupMs: 200, durationMs: 600, counts: [10, 100] } : { warmupMs: 300, durationMs: 2000, counts: [10, 100, 1000] };
}

interface Under {
  target: Target;
  server: ServerProcess;
  pool: LoadPool;
  via: 'echo' | 'pubsub';
  have: number;
}

function rotate<T>(xs: T[], k: number): T[] {
  return xs.map((_, i) => xs[(i + k) % xs.length]!);
}

export async function echoSection(ctx: BenchContext, targets: Target[], start: (t: Target) => Promise<ServerProcess>, runs: number): Promise<EchoSectionResult> {
  const { warmupMs, durationMs, counts } = echoTiming(ctx.quick);
  const out: EchoSectionResult = { throughput: [], latency: [], notes: [], errors: [] };
  const under: Under[] = [];
  try {
    for (const target of targets) {
      let server: ServerProcess | undefined;
      try {
        server = await start(target);
        const pool = await LoadPool.start({ target, host: ctx.host, port: server.port, workers: ctx.workers, sourceAddrs: ctx.sourceAddrs });
        under.push({ target, server, pool, via: target.startsWith('wsgate') ? 'pubsub' : 'echo', have: 0 });
      } catch (err) {
        await server?.stop('SIGKILL');
        out.errors.push({ target, error: err instanceof Error ? err.message : String(err) });
      }
    }

    const window = async (u: Under, run: number, size: number, via: EchoVia) => {
      const s0 = u.server.cpuMs();
      const l0 = selfCpuMs();
      const c0 = coreBusyMs(ctx.pin.enabled ? ctx.pin.serverCore : -1);
      const t0 = performance.now();
      const rs = await u.pool.all<{ count: number; ms: number; live: number }>('echo', () => ({ size, mode: 'window', window: ECHO_WINDOW, warmupMs, durationMs, maxSamples: 0, via }), warmupMs + durationMs + 30000);
      const wall = performance.now() - t0;
      const serverMs = u.server.cpuMs() - s0;
      const others = Math.max(0, (coreBusyMs(ctx.pin.enabled ? ctx.pin.serverCore : -1) - c0 - serverMs) / wall);
      const count = rs.reduce((s, r) => s + r.count, 0);
      const ms = Math.max(...rs.map((r) => r.ms));
      const live = rs.reduce((s, r) => s + r.live, 0);
      out.throughput.push({
        target: u.target,
        run,
        connections: u.have,
        size,
        via,
        msgsPerSec: ms > 0 ? (count * 1000) / ms : 0,
        serverCpu: serverMs / wall,
        loadCpu: (selfCpuMs() - l0) / wall,
        closed: u.have - live,
        othersOnServerCore: others,
      });
    };
    const latency = async (u: Under, run: number, size: number) => {
      const rate = LATENCY_RATE[size]!;
      const rs = await u.pool.all<{ samples: Float64Array; lost: number }>('echo', () => ({ size, mode: 'rate', rate: rate / u.pool.size, warmupMs, durationMs, maxSamples: 200000, via: u.via }), warmupMs + durationMs + 30000);
      const all = concatSamples(rs.map((r) => r.samples));
      out.latency.push({ target: u.target, run, size, via: u.via, rate, p50: percentile(all, 50), p99: percentile(all, 99), samples: all.length, lost: rs.reduce((s, r) => s + r.lost, 0) });
    };
    /** Runs `measure` for every server, `runs` times, in a rotated order each time. */
    const interleaved = async (measure: (u: Under, run: number) => Promise<void>, only: (u: Under) => boolean = () => true) => {
      for (let run = 0; run < runs; run++) {
        for (const u of rotate(under, run)) {
          if (!only(u) || !u.server.alive()) continue;
          try {
            await measure(u, run);
          } catch (err) {
            out.errors.push({ target: u.target, error: err instanceof Error ? err.message : String(err) });
          }
        }
      }
    };

    for (const n of counts) {
      for (const u of under) {
        const r = await u.pool.connect({ first: u.have, total: n - u.have, users: 1000, channel: u.via === 'pubsub' ? 'own' : undefined, concurrency: 100, timeoutMs: 30000 });
        u.have += r.ok;
        if (r.failed) out.notes.push(`${u.target}: ${r.failed} of ${n} connections failed: ${JSON.stringify(r.failures)}`);
      }
      for (const size of n === 100 ? ECHO_SIZES : [64]) await interleaved((u, run) => window(u, run, size, u.via));
      if (n === 100) {
        await interleaved((u, run) => window(u, run, 4, 'ping'), (u) => u.target === 'wsgate');
        for (const size of ECHO_SIZES) await interleaved((u, run) => latency(u, run, size));
      }
    }
    for (const u of under) {
      const seen: Record<string, number> = {};
      for (const c of await u.pool.all<{ reasons: Record<string, number> }>('count')) for (const [k, v] of Object.entries(c.reasons)) seen[k] = (seen[k] ?? 0) + v;
      if (Object.keys(seen).length) out.notes.push(`${u.target}: errors and closes seen: ${JSON.stringify(seen).slice(0, 400)}`);
    }
  } finally {
    for (const u of under) {
      await u.pool.stop();
      await u.server.stop('SIGKILL');
    }
  }
  return out;
}
