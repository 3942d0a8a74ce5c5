// Scenario 6: a backend's publish through the server API (docs/backend.md). N subscribers on
// one channel (plain `ws` clients in this process, so send and receive share one clock); each
// `POST /api/publish` is timed from the moment it is written until the API's answer, the first
// subscriber and the last subscriber have it, one publish at a time (keep-alive HTTP, as a
// backend would). Run against the memory and the Redis broker.
import { Agent, request } from 'node:http';
import WebSocket from 'ws';
import type { BenchContext } from '../lib/context.js';
import type { ServerProcess } from '../lib/procs.js';
import { percentile } from '../lib/stats.js';

export const API_KEY = 'bench-api-key-0123456789abcdef';

export interface ApiResult {
  subscribers: number;
  connected: number;
  publishes: number;
  /** POST → the API's 200, ms. */
  ackP50: number;
  ackP99: number;
  /** POST → the first subscriber has it, ms. */
  firstP50: number;
  firstP99: number;
  /** POST → the last subscriber has it, ms. */
  lastP50: number;
  lastP99: number;
  incomplete: number;
  notes: string[];
}

const CHANNEL = 'room:api';

function subscriber(url: string, token: string, onSeq: (seq: number) => void): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${url}?token=${token}`, { perMessageDeflate: false });
    const timer = setTimeout(() => reject(new Error('subscribe timed out')), 20_000);
    ws.on('error', reject);
    ws.on('message', (raw) => {
      const f = JSON.parse(raw.toString()) as { type: string; data?: { seq?: number } };
      if (f.type === 'hello') ws.send(JSON.stringify({ type: 'subscribe', id: 1, channel: CHANNEL }));
      else if (f.type === 'subscribed') {
        clearTimeout(timer);
        resolve(ws);
      } else if (f.type === 'message' && typeof f.data?.seq === 'number') onSeq(f.data.seq);
    });
  });
}

function post(agent: Agent, host: string, port: number, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host, port, path: '/api/publish', method: 'POST', agent, headers: { authorization: `apikey ${API_KEY}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

export async function apiRun(ctx: BenchContext, server: ServerProcess): Promise<ApiResult> {
  const subscribers = ctx.quick ? 50 : 1000;
  const publishes = ctx.quick ? 30 : 300;
  const timeoutMs = 5000;
  const notes: string[] = [];
  const url = `ws://${ctx.host}:${server.port}/api/ws/chat`;
  const got = new Map<number, { n: number; first: number; last: number }>();
  let waiting: { seq: number; done: () => void } | undefined;
  const onSeq = (seq: number) => {
    const now = performance.now();
    const g = got.get(seq) ?? { n: 0, first: now, last: now };
    g.n++;
    g.last = now;
    got.set(seq, g);
    if (waiting?.seq === seq && g.n === sockets.length) waiting.done();
  };
  const sockets: WebSocket[] = [];
  for (let i = 0; i < subscribers; i += 50) {
    const batch = await Promise.allSettled(Array.from({ length: Math.min(50, subscribers - i) }, (_, k) => subscriber(url, `t${i + k}`, onSeq)));
    for (const b of batch) if (b.status === 'fulfilled') sockets.push(b.value);
  }
  if (sockets.length < subscribers) notes.push(`${subscribers - sockets.length} of ${subscribers} subscribers failed to connect`);
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  // Ids unique per run: a Redis kept between runs remembers the last run's (they would be duplicates).
  const run = `${process.pid}-${Date.now().toString(36)}`;
  const ack: number[] = [];
  const first: number[] = [];
  const last: number[] = [];
  let incomplete = 0;
  try {
    for (let seq = 0; seq < publishes; seq++) {
      const all = new Promise<boolean>((resolve) => {
        const t = setTimeout(() => resolve(false), timeoutMs);
        waiting = { seq, done: () => (clearTimeout(t), resolve(true)) };
      });
      const body = JSON.stringify({ channel: CHANNEL, data: { seq, pad: 'x'.repeat(40) }, id: `bench-${run}-${seq}` });
      const t0 = performance.now();
      const status = await post(agent, ctx.host, server.port, body);
      const acked = performance.now();
      if (status !== 200) notes.push(`publish ${seq}: HTTP ${status}`);
      const complete = await all;
      const g = got.get(seq);
      ack.push(acked - t0);
      if (g) first.push(g.first - t0);
      if (complete && g) last.push(g.last - t0);
      else incomplete++;
    }
  } finally {
    agent.destroy();
    for (const s of sockets) s.terminate();
  }
  return {
    subscribers,
    connected: sockets.length,
    publishes,
    ackP50: percentile(ack, 50),
    ackP99: percentile(ack, 99),
    firstP50: percentile(first, 50),
    firstP99: percentile(first, 99),
    lastP50: percentile(last, 50),
    lastP99: percentile(last, 99),
    incomplete,
    notes,
  };
}
