// Chaos (docs/client.md "No loss, no duplicates"): a TCP proxy cuts the publisher's and the subscriber's connections at random
// moments (bounded in count and time) while one client publishes N ≥ 1,000 messages and another
// subscribes. Every message must arrive exactly once and in order; every publish must resolve.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { ChaosProxy } from './client-proxy.js';
import { makeClient, startServer, waitFor } from './client-helpers.js';

const N = 1000;
const MAX_CUTS = 12; // per proxy
const CHAOS_MS = 15_000;

const cleanups: Array<() => unknown> = [];
after(async () => {
  for (const fn of cleanups.reverse()) await fn();
});

test(`chaos: ${N} messages through random connection cuts arrive exactly once, in order`, async () => {
  // History large enough that every resume can be recovered; rate limit high enough not to pace for a minute.
  const server = await startServer({ historySize: 5000, rateLimit: 5000, rateBurst: 5000, pingInterval: 2000 });
  const pubProxy = await ChaosProxy.start({ host: '127.0.0.1', port: server.port });
  const subProxy = await ChaosProxy.start({ host: '127.0.0.1', port: server.port });
  const backoff = { base: 200, max: 1000 };
  // WebSocket only: a cut before `hello` would otherwise move the client to the SSE fallback,
  // whose stream and sends are separate HTTP connections, and "one socket at a time" below is the
  // WebSocket transport's promise. The fallback's own losses and node kills: fallback-*.test.ts.
  const pub = makeClient(pubProxy.url(), { token: 'tok-a', backoff, transports: ['websocket'] });
  const sub = makeClient(subProxy.url(), { token: 'tok-b', backoff, transports: ['websocket'] });
  cleanups.push(() => pub.client.close(), () => sub.client.close(), () => pubProxy.close(), () => subProxy.close(), () => server.close());

  const received: Array<{ n: number; offset: number }> = [];
  const s = sub.client.subscribe('room:chaos', (data, meta) => received.push({ n: data as number, offset: meta.offset }));
  let unrecovered = 0;
  s.on('unrecovered', () => unrecovered++);
  await s.ready();

  // Random cuts on both paths while the publishing runs.
  let chaos = true;
  const started = Date.now();
  const cutter = (proxy: ChaosProxy) =>
    (async () => {
      let cuts = 0;
      while (chaos && cuts < MAX_CUTS && Date.now() - started < CHAOS_MS) {
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 300));
        if (chaos && proxy.cutAll() > 0) cuts++;
      }
    })();
  const cutters = [cutter(pubProxy), cutter(subProxy)];

  // Publish N messages, a few at a time, without waiting for acks (the outbox holds them).
  const acks: Array<Promise<number>> = [];
  for (let i = 0; i < N; i++) {
    acks.push(pub.client.publish('room:chaos', i));
    if (i % 10 === 9) await new Promise((r) => setTimeout(r, 50));
  }
  const offsets = await Promise.all(acks);
  chaos = false;
  await Promise.all(cutters);
  await waitFor(`all ${N} delivered (have ${received.length})`, () => received.length >= N, 30_000);
  await new Promise((r) => setTimeout(r, 300)); // anything extra would be a duplicate

  const cuts = pubProxy.cuts + subProxy.cuts;
  const reconnects = pub.states.filter((x) => x.newState === 'open').length - 1 + (sub.states.filter((x) => x.newState === 'open').length - 1);
  console.log(`# chaos: ${N} messages, ${cuts} connection cuts, ${reconnects} reconnects, ${received.length} delivered, ${unrecovered} unrecovered, ${Date.now() - started} ms`);

  assert.ok(cuts >= 6, `the chaos actually cut connections (${cuts})`);
  assert.equal(unrecovered, 0);
  assert.equal(received.length, N, 'no duplicates, no losses');
  assert.deepEqual(received.map((r) => r.n), Array.from({ length: N }, (_, i) => i), 'in publish order');
  for (let i = 1; i < N; i++) assert.ok(received[i]!.offset > received[i - 1]!.offset, 'offsets increase');
  assert.equal(new Set(offsets).size, N, 'each publish has its own offset');
  assert.deepEqual(offsets, received.map((r) => r.offset), 'each ack names the offset its message was delivered at');
  assert.equal(pub.client.pending.count, 0);
  assert.deepEqual([pubProxy.maxOpen, subProxy.maxOpen], [1, 1], 'never two sockets open for one client');
});
