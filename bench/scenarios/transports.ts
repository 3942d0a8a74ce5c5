// Scenario 7: the SSE fallback next to WebSocket, on one wsgate server (docs/protocol.md "SSE
// fallback"). The load is the real SDK (built dist/client, `ws` injected, pacing off) over each
// transport in turn: echo throughput (each connection publishes to a channel it subscribes to,
// 8 publishes in flight, so a round trip is publish → ack + message), then the server's memory
// per idle session (after a full GC, against the server before the sessions opened).
import WebSocket from 'ws';
import type { BenchContext } from '../lib/context.js';
import type { ServerProcess } from '../lib/procs.js';

export type TransportKind = 'websocket' | 'sse';

export interface TransportRow {
  transport: TransportKind;
  echoConnections: number;
  msgsPerSec: number;
  idleSessions: number;
  rssPerSessionKB: number;
  heapPerSessionKB: number;
}

interface ClientLike {
  state: string;
  subscribe(channel: string, handler: (data: unknown) => void): { ready(): Promise<unknown>; unsubscribe(): void };
  publish(channel: string, data: unknown): Promise<number>;
  close(): void;
}
type ClientCtor = new (url: string, options: Record<string, unknown>) => ClientLike;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const KB = 1024;

export function transportsTiming(quick: boolean): { echoConnections: number; warmupMs: number; durationMs: number; idleSessions: number } {
  return quick ? { echoConnections: 10, warmupMs: 300, durationMs: 1000, idleSessions: 100 } : { echoConnections: 100, warmupMs: 500, durationMs: 3000, idleSessions: 1000 };
}

async function open(Client: ClientCtor, url: string, transport: TransportKind, first: number, n: number, users: number): Promise<ClientLike[]> {
  const clients = Array.from({ length: n }, (_, i) => new Client(url, { WebSocket, token: `t${(first + i) % users}`, transports: [transport], pace: false, backoff: { base: 500, max: 2000 } }));
  const deadline = Date.now() + 60_000;
  while (clients.some((c) => c.state !== 'open')) {
    if (Date.now() > deadline) throw new Error(`${transport}: ${clients.filter((c) => c.state !== 'open').length} of ${n} sessions did not open in 60 s`);
    await sleep(50);
  }
  return clients;
}

async function echo(Client: ClientCtor, url: string, transport: TransportKind, n: number, users: number, warmupMs: number, durationMs: number): Promise<number> {
  const clients = await open(Client, url, transport, 0, n, users);
  let counting = false;
  let count = 0;
  let stop = false;
  try {
    await Promise.all(
      clients.map(async (c, i) => {
        const channel = `bench:${transport}:${i}`;
        const sub = c.subscribe(channel, () => {
          if (counting) count++;
        });
        await sub.ready();
      }),
    );
    const loops = clients.map(async (c, i) => {
      const channel = `bench:${transport}:${i}`;
      const lane = async () => {
        while (!stop) await c.publish(channel, { i }).catch(() => sleep(10));
      };
      await Promise.all(Array.from({ length: 8 }, lane));
    });
    await sleep(warmupMs);
    counting = true;
    const t0 = performance.now();
    await sleep(durationMs);
    counting = false;
    const rate = (count * 1000) / (performance.now() - t0);
    stop = true;
    await Promise.race([Promise.all(loops), sleep(5000)]);
    return rate;
  } finally {
    for (const c of clients) c.close();
  }
}

export async function transportsRun(ctx: BenchContext, server: ServerProcess, users: number): Promise<TransportRow[]> {
  const { Client } = (await import(new URL('../../dist/client/index.js', import.meta.url).href)) as { Client: ClientCtor };
  const { echoConnections, warmupMs, durationMs, idleSessions } = transportsTiming(ctx.quick);
  const url = `ws://${ctx.host}:${server.port}/api/ws/chat`;
  const rows: TransportRow[] = [];
  for (const transport of ['websocket', 'sse'] as const) {
    const msgsPerSec = await echo(Client, url, transport, echoConnections, users, warmupMs, durationMs);
    await sleep(500);
    const before = await server.memory();
    const idle = await open(Client, url, transport, 0, idleSessions, users);
    try {
      await sleep(ctx.quick ? 500 : 1000);
      const after = await server.memory();
      rows.push({
        transport,
        echoConnections,
        msgsPerSec,
        idleSessions,
        rssPerSessionKB: (after.rss - before.rss) / KB / idleSessions,
        heapPerSessionKB: (after.heapUsed - before.heapUsed) / KB / idleSessions,
      });
    } finally {
      for (const c of idle) c.close();
    }
    await sleep(1000);
  }
  return rows;
}
