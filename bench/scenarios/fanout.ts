// Scenario 2: fan-out. N subscribers on one channel, one publisher. Each publish is timed from
// the moment it is written until the last subscriber has it (the receive times are taken in the
// load-generator threads on the same monotonic clock), one publish at a time; then a run with a
// few publishes in flight gives the sustained deliveries per second.
import type { BenchContext } from '../lib/context.js';
import { LoadPool } from '../lib/pool.js';
import { ServerProcess, coreBusyMs, selfCpuMs, type Target } from '../lib/procs.js';
import { percentile } from '../lib/stats.js';

export interface FanoutResult {
  subscribers: number;
  connected: number;
  publishes: number;
  /** Publish → last subscriber, ms. */
  p50: number;
  p99: number;
  /** Sustained, with `window` publishes in flight. */
  deliveriesPerSec: number;
  window: number;
  /** Publishes that did not reach every subscriber within the timeout. */
  incomplete: number;
  /** Shares of a core during the sustained phase: the server, and this load generator (≈ its cores = the generator was the limit). */
  serverCpu: number;
  loadCpu: number;
  /** Share of the server's core used by other processes in the sustained phase (NaN when not pinned). */
  othersOnServerCore: number;
  notes: string[];
}

const SIZE = 64;
const WINDOW = 4;

/** Runs the fan-out at each subscriber count in turn, on one server (subscribers are added between steps). */
export async function fanoutRun(ctx: BenchContext, target: Target, server: ServerProcess, counts: number[]): Promise<FanoutResult[]> {
  const publishes = ctx.quick ? 10 : 50;
  const timeoutMs = ctx.quick ? 5000 : 10000;
  const channel = 'room:fanout';
  const pool = await LoadPool.start({ target, host: ctx.host, port: server.port, workers: ctx.workers, sourceAddrs: ctx.sourceAddrs });
  const results: FanoutResult[] = [];
  const users = Math.max(...counts) + 1;
  try {
    const p = await pool.call<{ ok: number; failures: Record<string, number> }>(0, 'connect', { first: users - 1, count: 1, users, role: 'publisher', concurrency: 1, timeoutMs: 10000 });
    if (!p.ok) throw new Error(`publisher could not connect: ${JSON.stringify(p.failures)}`);
    let have = 0;
    let failed = 0;
    for (const [step, subscribers] of counts.entries()) {
      const notes: string[] = [];
      const c = await pool.connect({ first: have, total: subscribers - have, users, channel, concurrency: 200, timeoutMs: ctx.quick ? 30000 : 90000 });
      have += c.ok;
      failed += c.failed;
      if (c.failed) notes.push(`${c.failed} of ${subscribers} subscribers failed to connect: ${JSON.stringify(c.failures)}`);
      results.push(await measure(subscribers, subscribers - failed, step * 100000, notes));
    }
    return results;
  } finally {
    await pool.stop();
  }

  async function measure(subscribers: number, connected: number, seqBase: number, notes: string[]): Promise<FanoutResult> {
    const locals = await pool.all<{ local: number }>('fanout-arm');
    const reporting = locals.filter((l) => l.local > 0).length;

    // per seq: how many threads have all their subscribers served, and the latest receive time
    const done = new Map<number, { threads: number; lastMs: number }>();
    const waiters = new Map<number, () => void>();
    const off = pool.on((e) => {
      if (e.type !== 'fanout-done') return;
      const seq = e.seq as number;
      const d = done.get(seq) ?? { threads: 0, lastMs: 0 };
      d.threads++;
      d.lastMs = Math.max(d.lastMs, e.lastMs as number);
      done.set(seq, d);
      if (d.threads === reporting) waiters.get(seq)?.();
    });
    const complete = (seq: number) =>
      new Promise<boolean>((resolve) => {
        if (done.get(seq)?.threads === reporting) return resolve(true);
        const t = setTimeout(() => {
          waiters.delete(seq);
          resolve(false);
        }, timeoutMs);
        waiters.set(seq, () => {
          clearTimeout(t);
          waiters.delete(seq);
          resolve(true);
        });
      });
    const publish = (seq: number) => pool.call<{ sentMs: number }>(0, 'publish', { channel, size: SIZE, seq });

    let incomplete = 0;
    const latencies: number[] = [];
    // one at a time: publish → last subscriber
    for (let seq = seqBase; seq < seqBase + publishes; seq++) {
      const { sentMs } = await publish(seq);
      if (await complete(seq)) latencies.push(done.get(seq)!.lastMs - sentMs);
      else incomplete++;
    }
    // sustained: WINDOW publishes in flight
    const first = seqBase + publishes;
    const last = first + publishes;
    const t0 = performance.now();
    const s0 = server.cpuMs();
    const l0 = selfCpuMs();
    const c0 = coreBusyMs(ctx.pin.enabled ? ctx.pin.serverCore : -1);
    let next = first;
    let delivered = 0;
    const runners = Array.from({ length: WINDOW }, async () => {
      while (next < last) {
        const seq = next++;
        await publish(seq);
        if (await complete(seq)) delivered += connected;
        else incomplete++;
      }
    });
    await Promise.all(runners);
    const elapsed = performance.now() - t0;
    const serverCpu = (server.cpuMs() - s0) / elapsed;
    const othersOnServerCore = Math.max(0, (coreBusyMs(ctx.pin.enabled ? ctx.pin.serverCore : -1) - c0) / elapsed - serverCpu);
    const loadCpu = (selfCpuMs() - l0) / elapsed;
    off();
    await pool.all('fanout-disarm');
    // error frames and closes the connections saw (a refused publish shows up here, not as silence)
    const seen: Record<string, number> = {};
    for (const c of await pool.all<{ reasons: Record<string, number> }>('count')) for (const [k, v] of Object.entries(c.reasons)) seen[k] = (seen[k] ?? 0) + v;
    if (Object.keys(seen).length) notes.push(`errors and closes seen: ${JSON.stringify(seen).slice(0, 400)}`);
    return {
      subscribers,
      connected,
      publishes,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      deliveriesPerSec: (delivered * 1000) / elapsed,
      window: WINDOW,
      incomplete,
      serverCpu,
      loadCpu,
      othersOnServerCore,
      notes,
    };
  }
}
