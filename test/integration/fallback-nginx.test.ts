// The SSE fallback through a real nginx that breaks WebSocket the ways the field does
// (docs/sse-through-proxies.md): no Upgrade headers, 403 to any upgrade, gzip on the event
// stream, a 5 s proxy_read_timeout, and the Upgrade headers restored while a client is on SSE.
// proxy_buffering stays at nginx's default (on) throughout. The wsgate server runs in-process;
// clients are the real SDK with `ws` injected.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { requireBinary } from '../lab/index.js';
import { makeClient, startServer, waitFor, type Watched } from './client-helpers.js';
import { startFallbackNginx, type NginxVariant } from './fallback-lab.js';
import type { CreateServerOptions, WsgateServer } from '../../src/server/index.js';
import { nodeIO, runDoctor } from '../../src/doctor/index.js';

const HOST = '127.0.0.140';

async function lab(t: TestContext, variant: NginxVariant, options: CreateServerOptions = {}) {
  const server = await startServer({ host: HOST, ...options });
  t.after(() => server.close());
  const nginx = await startFallbackNginx(HOST, `${HOST}:${server.port}`, variant);
  t.after(() => nginx.stop());
  return { server, nginx };
}

/** Publishes `n` messages from bob (straight to the server) and checks alice gets each once, in order. */
async function publishAndReceive(server: WsgateServer, alice: Watched, n: number, channel: string): Promise<void> {
  const got: number[] = [];
  const sub = alice.client.subscribe(channel, (d) => got.push((d as { i: number }).i));
  await sub.ready();
  const bob = makeClient(server.url, { token: 'tok-b', transports: ['websocket'] });
  try {
    await bob.until('open');
    await Promise.all(Array.from({ length: n }, (_, i) => bob.client.publish(channel, { i })));
    await waitFor(`${n} messages over SSE`, () => got.length >= n, 20_000);
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(got.length, n, 'each message once');
    assert.deepEqual(got, Array.from({ length: n }, (_, i) => i), 'in order');
  } finally {
    bob.client.close();
    sub.unsubscribe();
  }
}

/** ms from publishing to arrival over the client's transport, for `n` messages 20 ms apart. */
async function deliveryDelays(server: WsgateServer, alice: Watched, n: number, channel: string): Promise<number[]> {
  const delays: number[] = [];
  const sub = alice.client.subscribe(channel, (d) => delays.push(performance.now() - (d as { at: number }).at));
  await sub.ready();
  const bob = makeClient(server.url, { token: 'tok-b', transports: ['websocket'] });
  try {
    await bob.until('open');
    for (let i = 0; i < n; i++) {
      void bob.client.publish(channel, { at: performance.now() });
      await new Promise((r) => setTimeout(r, 20));
    }
    await waitFor(`${n} messages`, () => delays.length >= n, 10_000).catch(() => {});
    return delays;
  } finally {
    bob.client.close();
    sub.unsubscribe();
  }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Infinity;

test('nginx without the Upgrade headers (proxy_buffering on): the client falls back to SSE; 1,000 publishes arrive once each, in order, within 100 ms p50', async (t) => {
  if (!requireBinary('nginx', t)) return;
  const { server, nginx } = await lab(t, 'no-upgrade');
  const alice = makeClient(nginx.wsUrl);
  t.after(() => alice.client.close());
  await alice.until('open');
  assert.equal(alice.client.transport, 'sse');
  assert.match(alice.errors[0]?.message ?? '', /HTTP 426/, 'the upgrade reached the server as a plain GET');
  await publishAndReceive(server, alice, 1000, 'room:no-upgrade');
  const delays = await deliveryDelays(server, alice, 50, 'room:latency');
  assert.equal(delays.length, 50);
  const p50 = median(delays);
  console.log(`# SSE through nginx (proxy_buffering on): publish → arrival p50 ${p50.toFixed(1)} ms, max ${Math.max(...delays).toFixed(1)} ms`);
  assert.ok(p50 < 100, `p50 ${p50} ms: nginx held events back`);
});

test('nginx answering 403 to any upgrade: the client falls back to SSE and works', async (t) => {
  if (!requireBinary('nginx', t)) return;
  const { server, nginx } = await lab(t, 'forbid-upgrade');
  const alice = makeClient(nginx.wsUrl);
  t.after(() => alice.client.close());
  await alice.until('open');
  assert.equal(alice.client.transport, 'sse');
  assert.match(alice.errors[0]?.message ?? '', /HTTP 403/);
  await publishAndReceive(server, alice, 1000, 'room:forbid');
});

test('proxy_read_timeout 5s and 30 s of silence: the stream heartbeat keeps it up (and without it, nginx cuts it)', async (t) => {
  if (!requireBinary('nginx', t)) return;
  // The client pings every 20 s (hello's interval), so between pings only the stream heartbeat
  // crosses nginx.
  const quietPings = { pingInterval: 20_000, heartbeatTimeout: 5000 };
  const kept = await lab(t, 'read-timeout-5s', { ...quietPings, sseHeartbeat: 2000 });
  const cut = await lab(t, 'read-timeout-5s', { ...quietPings, sseHeartbeat: 10_000 });
  const a = makeClient(kept.nginx.wsUrl, { transports: ['sse'] });
  const b = makeClient(cut.nginx.wsUrl, { transports: ['sse'] });
  t.after(() => (a.client.close(), b.client.close()));
  await a.until('open');
  await b.until('open');
  const session = a.client.hello!.session;
  await new Promise((r) => setTimeout(r, 30_000));
  assert.deepEqual(a.states.map((s) => s.newState), ['connecting', 'open'], 'no reconnect in 30 s of silence');
  assert.equal(a.client.hello!.session, session);
  assert.ok(b.states.some((s) => s.newState === 'reconnecting'), 'the control (heartbeat every 10 s) was cut by the 5 s read timeout');
  await publishAndReceive(kept.server, a, 10, 'room:after-silence');
});

test('gzip on for text/event-stream: events still arrive promptly', async (t) => {
  if (!requireBinary('nginx', t)) return;
  const { server, nginx } = await lab(t, 'gzip');
  const alice = makeClient(nginx.wsUrl);
  t.after(() => alice.client.close());
  await alice.until('open', 15_000);
  assert.equal(alice.client.transport, 'sse');
  // nginx does compress the stream (fetch asks for gzip, as browsers do) ...
  const ac = new AbortController();
  const raw = await fetch(`${nginx.wsUrl.replace('ws:', 'http:')}/sse`, { headers: { authorization: 'Bearer tok-a' }, signal: ac.signal });
  assert.equal(raw.headers.get('content-encoding'), 'gzip');
  ac.abort();
  // ... and flushes each event, since wsgate's X-Accel-Buffering: no turns buffering off.
  const delays = await deliveryDelays(server, alice, 30, 'room:gzip');
  console.log(`# SSE through nginx with gzip on text/event-stream: ${delays.length}/30 arrived, p50 ${median(delays).toFixed(1)} ms`);
  assert.equal(delays.length, 30);
  assert.ok(median(delays) < 100, `p50 ${median(delays)} ms`);
});

test('Upgrade restored while on SSE: the client moves back to WebSocket, losing and repeating nothing', async (t) => {
  if (!requireBinary('nginx', t)) return;
  const { server, nginx } = await lab(t, 'no-upgrade');
  const alice = makeClient(nginx.wsUrl, { probeInterval: 400 });
  t.after(() => alice.client.close());
  const transports: Array<string | null> = [];
  alice.client.on('transport', (e) => transports.push(e.transport));
  await alice.until('open');
  assert.equal(alice.client.transport, 'sse');
  const got: number[] = [];
  const sub = alice.client.subscribe('room:back', (d) => got.push((d as { i: number }).i));
  await sub.ready();
  const bob = makeClient(server.url, { token: 'tok-b', transports: ['websocket'] });
  t.after(() => bob.client.close());
  await bob.until('open');
  // Alice publishes too: her unacknowledged publishes must survive the move exactly once.
  const mine: Array<Promise<number>> = [];
  let i = 0;
  const pump = (async () => {
    for (; i < 300; i++) {
      void bob.client.publish('room:back', { i: 2 * i });
      mine.push(alice.client.publish('room:back', { i: 2 * i + 1 }));
      await new Promise((r) => setTimeout(r, 10));
    }
  })();
  await new Promise((r) => setTimeout(r, 500));
  await nginx.reload('upgrade-ok');
  await waitFor('alice back on WebSocket', () => alice.client.transport === 'websocket', 10_000);
  await pump;
  const offsets = await Promise.all(mine);
  assert.equal(new Set(offsets).size, 300, 'each of alice\'s publishes acknowledged at its own offset');
  await waitFor('600 messages', () => got.length >= 600, 15_000);
  await new Promise((r) => setTimeout(r, 300));
  assert.deepEqual([...got].sort((a, b) => a - b), Array.from({ length: 600 }, (_, k) => k), 'every message once');
  assert.deepEqual(transports, ['sse', 'websocket']);
  // WebSocket refused → SSE at once → open; then the move back: open → open, no reconnect.
  assert.deepEqual(alice.states.map((s) => `${s.oldState}→${s.newState}`), ['closed→connecting', 'connecting→reconnecting', 'reconnecting→connecting', 'connecting→open', 'open→open']);
});

test('the doctor on these paths: FALLBACK_WORKS without Upgrade headers; FALLBACK_BUFFERED naming compression when gzip and buffering hold the stream', async (t) => {
  if (!requireBinary('nginx', t)) return;
  // (X-Accel-Buffering ignored without gzip does not hold events in nginx: it writes what it
  // reads when the client can take it; with gzip, it holds everything, even the response head.)
  const cases: Array<[NginxVariant, string, string | undefined]> = [
    ['no-upgrade', 'FALLBACK_WORKS', undefined],
    ['buffered', 'FALLBACK_WORKS', undefined],
    ['gzip-buffered', 'FALLBACK_BUFFERED', 'compression'],
  ];
  for (const [variant, code, cause] of cases) {
    const { nginx } = await lab(t, variant);
    const report = await runDoctor({ url: nginx.wsUrl, token: 'tok-a', timeoutMs: 5000 }, nodeIO());
    const codes = report.findings.map((f) => f.code);
    assert.ok(codes.includes('HANDSHAKE_REJECTED'), `${variant}: ${codes.join(', ')}`);
    const f = report.findings.find((x) => x.code === code);
    assert.ok(f, `${variant}: expected ${code}, got ${codes.join(', ')}`);
    if (cause) assert.equal(f.data.cause, cause, variant);
    if (code === 'FALLBACK_WORKS') assert.equal(f.message, 'WebSocket is blocked here; wsgate clients fall back to SSE: working but slower');
    else assert.match(f.remedy, cause === 'compression' ? /gzip_types/ : /proxy_buffering off/);
  }
});
