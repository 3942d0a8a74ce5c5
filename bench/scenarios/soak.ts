// The soak (`npm run bench -- --soak 10m`): one wsgate server (memory broker, default limits)
// under steady churn for a long time. Connections open and close all along, subscribe,
// publish and answer the server's heartbeat pings; witnesses (one per room, open from start to
// end) check that every acked publish reaches them once, in order. Memory after a full GC, and
// the server's active resources (timers, sockets) and process listeners, are sampled through
// the harness's IPC; the heap and RSS slopes are fitted after the warm-up.
import WebSocket from 'ws';
import type { BenchContext } from '../lib/context.js';
import { ServerProcess, type ServerConfig } from '../lib/procs.js';

export interface SoakSample {
  atS: number;
  connections: number;
  heapMB: number;
  rssMB: number;
  /** Active resources in the server by type (process.getActiveResourcesInfo()). */
  resources: Record<string, number>;
  processListeners: number;
}

export interface SoakResult {
  durationS: number;
  warmupS: number;
  settings: { connections: number; rooms: number; churnPerSec: number; publishesPerSec: number; pingIntervalMs: number; historyTtlMs: number };
  opened: number;
  closed: number;
  published: number;
  acked: number;
  /** Deliveries the witnesses expected (acked publishes to their room) and what they got. */
  expected: number;
  delivered: number;
  missing: number;
  duplicates: number;
  outOfOrder: number;
  errors: Record<string, number>;
  samples: SoakSample[];
  /** Least-squares slopes after the warm-up, in MB per hour. */
  heapSlopeMBPerHour: number;
  rssSlopeMBPerHour: number;
  /** Timers (Timeout) per open connection: first and last sample after the warm-up. */
  timersPerConnection: [number, number];
  listeners: [number, number];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Least-squares slope of y against x. */
export function slope(xs: number[], ys: number[]): number {
  const n = xs.length;
  if (n < 2) return Number.NaN;
  const mx = xs.reduce((s, x) => s + x, 0) / n;
  const my = ys.reduce((s, y) => s + y, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (xs[i]! - mx) * (ys[i]! - my);
    den += (xs[i]! - mx) ** 2;
  }
  return den === 0 ? Number.NaN : num / den;
}

interface Client {
  ws: WebSocket;
  room: number;
  open: boolean;
}

export async function soakRun(ctx: BenchContext, durationMs: number, start: (cfg: ServerConfig) => Promise<ServerProcess>): Promise<SoakResult> {
  const settings = { connections: 1000, rooms: 20, churnPerSec: 20, publishesPerSec: 200, pingIntervalMs: 2000, historyTtlMs: 30_000 };
  const warmupMs = Math.max(60_000, durationMs / 4);
  const server = await start({ host: ctx.host, port: 0, users: 1000, pingInterval: settings.pingIntervalMs, options: { historyTtl: settings.historyTtlMs } });
  const url = (i: number) => `ws://${ctx.host}:${server.port}/api/ws/chat?token=t${i % 1000}`;
  const errors: Record<string, number> = {};
  const count = (k: string) => (errors[k] = (errors[k] ?? 0) + 1);
  let seq = 0;
  /** Set when the harness itself drops every connection at the end (those closes are not errors). */
  let stopping = false;
  let opened = 0;
  let closed = 0;
  let published = 0;
  let acked = 0;
  const ackedPerRoom = new Array<number>(settings.rooms).fill(0);
  const seen = Array.from({ length: settings.rooms }, () => ({ last: 0, got: 0, duplicates: 0, outOfOrder: 0 }));

  /** Opens a connection, subscribes it to `room`; resolves once subscribed. */
  const connect = (room: number, onMessage?: (frame: { type: string; offset?: number; id?: string; code?: string }) => void): Promise<Client> =>
    new Promise((resolve, reject) => {
      const ws = new WebSocket(url(seq++));
      const c: Client = { ws, room, open: false };
      const timer = setTimeout(() => reject(new Error('connect timed out')), 30_000);
      ws.on('message', (raw) => {
        const text = raw.toString();
        if (text === 'pong') return;
        const f = JSON.parse(text) as { type: string; offset?: number; id?: string; code?: string };
        if (f.type === 'hello') ws.send(JSON.stringify({ type: 'subscribe', id: 's', channel: `room:${room}` }));
        else if (f.type === 'subscribed') {
          clearTimeout(timer);
          c.open = true;
          opened++;
          resolve(c);
        } else if (f.type === 'error') count(`error frame ${f.code}`);
        onMessage?.(f);
      });
      ws.on('close', (code) => {
        if (c.open) closed++;
        c.open = false;
        if (!stopping && code !== 1000 && code !== 1005) count(`close ${code}`);
      });
      ws.on('error', (err) => {
        clearTimeout(timer);
        count(`socket error ${err.message.slice(0, 40)}`);
        reject(err);
      });
    });

  const samples: SoakSample[] = [];
  const t0 = performance.now();
  const live: Client[] = [];
  const publishers: Client[] = [];
  const witnesses: Client[] = [];
  try {
    for (let r = 0; r < settings.rooms; r++) {
      witnesses.push(
        await connect(r, (f) => {
          if (f.type !== 'message' || f.offset === undefined) return;
          const s = seen[r]!;
          s.got++;
          if (f.offset === s.last) s.duplicates++;
          else if (f.offset !== s.last + 1) s.outOfOrder++;
          s.last = Math.max(s.last, f.offset);
        }),
      );
      publishers.push(
        await connect(r, (f) => {
          if (f.type === 'ack') {
            acked++;
            ackedPerRoom[r]!++;
          }
        }),
      );
    }
    for (let i = 0; i < settings.connections; i += 50) live.push(...(await Promise.all(Array.from({ length: 50 }, (_, k) => connect((i + k) % settings.rooms)))));

    const tickMs = 100;
    const churnPerTick = (settings.churnPerSec * tickMs) / 1000;
    const pubPerTick = (settings.publishesPerSec * tickMs) / 1000;
    const sampleEvery = Math.max(5000, Math.floor(durationMs / 60));
    let nextSample = 0;
    let churnDebt = 0;
    let pubSeq = 0;
    while (performance.now() - t0 < durationMs) {
      const tick = performance.now();
      // churn: close some, open as many (subscribing again)
      churnDebt += churnPerTick;
      const replacements: Array<Promise<Client>> = [];
      for (; churnDebt >= 1; churnDebt--) {
        const i = Math.floor(Math.random() * live.length);
        const c = live[i]!;
        live.splice(i, 1);
        c.ws.close(1000);
        replacements.push(connect(c.room));
      }
      // publishes: round-robin over the rooms' publishers, each with its own id
      for (let k = 0; k < pubPerTick; k++) {
        const p = publishers[pubSeq % settings.rooms]!;
        p.ws.send(JSON.stringify({ type: 'publish', id: `p${pubSeq}`, channel: `room:${p.room}`, data: { n: pubSeq, text: 'soak message'.padEnd(100, '.') } }));
        pubSeq++;
        published++;
      }
      void Promise.allSettled(replacements).then((rs) => {
        for (const r of rs) if (r.status === 'fulfilled') live.push(r.value);
      });
      const at = performance.now() - t0;
      if (at >= nextSample) {
        nextSample += sampleEvery;
        const [mem, res] = await Promise.all([server.memory(), server.resources()]);
        samples.push({ atS: at / 1000, connections: live.length + publishers.length + witnesses.length, heapMB: mem.heapUsed / 2 ** 20, rssMB: mem.rss / 2 ** 20, resources: res.resources, processListeners: res.processListeners });
        ctx.log(`  soak ${(at / 1000).toFixed(0)} s: ${samples.at(-1)!.connections} connections, heap ${samples.at(-1)!.heapMB.toFixed(1)} MB, RSS ${samples.at(-1)!.rssMB.toFixed(1)} MB, timers ${res.resources.Timeout ?? 0}, published ${published}, acked ${acked}`);
      }
      await sleep(Math.max(0, tickMs - (performance.now() - tick)));
    }
    // let the last acks and deliveries arrive
    const until = performance.now() + 10_000;
    while ((acked < published || seen.reduce((s, x) => s + x.got, 0) < acked) && performance.now() < until) await sleep(100);
  } finally {
    stopping = true;
    for (const c of [...live, ...publishers, ...witnesses]) c.ws.terminate();
    await server.stop('SIGKILL');
  }
  const after = samples.filter((s) => s.atS * 1000 >= warmupMs);
  const xs = after.map((s) => s.atS / 3600);
  const tpc = (s: SoakSample | undefined) => (s ? (s.resources.Timeout ?? 0) / Math.max(1, s.connections) : Number.NaN);
  const expected = ackedPerRoom.reduce((s, x) => s + x, 0);
  const delivered = seen.reduce((s, x) => s + x.got, 0);
  return {
    durationS: durationMs / 1000,
    warmupS: warmupMs / 1000,
    settings,
    opened,
    closed,
    published,
    acked,
    expected,
    delivered,
    missing: Math.max(0, expected - (delivered - seen.reduce((s, x) => s + x.duplicates, 0))),
    duplicates: seen.reduce((s, x) => s + x.duplicates, 0),
    outOfOrder: seen.reduce((s, x) => s + x.outOfOrder, 0),
    errors,
    samples,
    heapSlopeMBPerHour: slope(xs, after.map((s) => s.heapMB)),
    rssSlopeMBPerHour: slope(xs, after.map((s) => s.rssMB)),
    timersPerConnection: [tpc(after[0]), tpc(after.at(-1))],
    listeners: [after[0]?.processListeners ?? Number.NaN, after.at(-1)?.processListeners ?? Number.NaN],
  };
}
