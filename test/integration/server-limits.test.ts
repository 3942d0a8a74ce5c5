// Every limit over real sockets: message size (1009), frame rate (RATE_LIMITED then 1008), slow
// consumer (1013), connections per node (503 + Retry-After) and per user (1013), handshake
// admission rate (503 + Retry-After), the Origin allow-list (403), wrong path (404), plain GET (426).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { client, connect, handshakeStatus, startServer, sleep, waitFor, type Frame } from './server-helpers.js';

const cleanup: Array<() => Promise<void> | void> = [];
after(async () => {
  for (const c of cleanup.reverse()) await c();
});
async function server(opts: Parameters<typeof startServer>[0] = {}) {
  const s = await startServer({ tokens: 'tok-a:alice,tok-b:bob', ...opts });
  cleanup.push(() => s.close());
  return s;
}

test('a frame over --max-message closes with 1009; the server stays up', async () => {
  const s = await server({ maxMessage: 1024 });
  const a = await connect(s, 'tok-a');
  a.send({ type: 'publish', id: 1, channel: 'room:a', data: 'x'.repeat(2000) });
  assert.equal((await a.closed).code, 1009);
  const b = await connect(s, 'tok-b');
  cleanup.push(() => b.close());
  const ack = await b.request({ type: 'publish', id: 1, channel: 'room:a', data: 'x'.repeat(900) });
  assert.equal(ack.type, 'ack');
});

test('frame rate: a polite burst passes, then excess is refused with RATE_LIMITED and sustained excess closes 1008', async () => {
  const s = await server({ rateLimit: 5, rateBurst: 5 });
  const a = await connect(s, 'tok-a');
  for (let i = 0; i < 5; i++) a.send('ping');
  for (let i = 0; i < 5; i++) assert.equal(await a.next((f) => f === 'pong'), 'pong');
  a.send('ping');
  const err = await a.type('error');
  assert.equal(err.code, 'RATE_LIMITED');
  assert.equal(err.id, null);
  // Still open after one warning; keep hammering and the server closes with 1008.
  for (let i = 0; i < 20; i++) a.send('ping');
  const closed = await a.closed;
  assert.equal(closed.code, 1008);
  assert.equal(closed.reason, 'rate limit exceeded');
});

test('frame rate: every refused request gets RATE_LIMITED naming its id, so nothing is dropped unannounced', async () => {
  const s = await server({ rateLimit: 1, rateBurst: 3 });
  const a = await connect(s, 'tok-a');
  cleanup.push(() => a.close());
  // Five publishes at once: the burst of 3 is handled, the other two are refused by id.
  for (let i = 1; i <= 5; i++) a.send({ type: 'publish', id: `p${i}`, channel: 'room:rate', data: i });
  const replies = await Promise.all(
    ['p1', 'p2', 'p3', 'p4', 'p5'].map((id) => a.next((f) => typeof f === 'object' && f.id === id && (f.type === 'ack' || f.type === 'error'))),
  );
  assert.deepEqual(replies.slice(0, 3).map((f) => (f as Frame).type), ['ack', 'ack', 'ack']);
  assert.deepEqual(replies.slice(3).map((f) => (f as Frame).code), ['RATE_LIMITED', 'RATE_LIMITED']);
  // Sent again later with the same id, a refused publish goes through.
  await sleep(1100);
  const ack = await a.request({ type: 'publish', id: 'p4', channel: 'room:rate', data: 4 });
  assert.equal(ack.type, 'ack');
});

test('a slow consumer (not reading) is closed with 1013 once its buffer passes --max-buffered', async () => {
  const s = await server({ maxBuffered: 64 * 1024, rateLimit: 100_000, rateBurst: 100_000, maxMessage: 256 * 1024 });
  const slow = await connect(s, 'tok-a');
  await slow.request({ type: 'subscribe', id: 1, channel: 'room:flood' });
  // Stop reading: the server's socket buffer grows once the kernel buffers are full.
  const raw = (slow.ws as unknown as { _socket: import('node:net').Socket })._socket;
  raw.pause();
  const pub = await connect(s, 'tok-b');
  cleanup.push(() => pub.close());
  const payload = 'y'.repeat(100 * 1024);
  let closed = false;
  for (let i = 0; i < 400 && !closed; i++) {
    await pub.request({ type: 'publish', id: `f${i}`, channel: 'room:flood', data: payload });
    const metrics = await (await fetch(`${s.httpUrl}/metrics`)).text();
    closed = /wsgate_slow_consumers_total 1/.test(metrics);
  }
  assert.ok(closed, 'the slow consumer was detected');
  raw.resume();
  const info = await slow.closed;
  // The close frame sits behind the buffered data; the client sees 1013 once it reads again.
  assert.equal(info.code, 1013);
  assert.match(info.reason, /^slow consumer;reconnect=\d+$/);
});

test('a client that reads is not a slow consumer when a recovery replays more than --max-buffered in one go', async () => {
  // Frames sent in one event-loop turn are corked into one write; past 64 KB they are written
  // at once, so a large replay reaches the kernel instead of piling up in bufferedAmount.
  const s = await server({ maxBuffered: 128 * 1024, historySize: 50, rateLimit: 100_000, rateBurst: 100_000, maxMessage: 64 * 1024 });
  const pub = await connect(s, 'tok-b');
  cleanup.push(() => pub.close());
  const first = await pub.request({ type: 'publish', id: 'r0', channel: 'room:replay', data: 'start' });
  const payload = 'z'.repeat(16 * 1024);
  for (let i = 1; i <= 30; i++) await pub.request({ type: 'publish', id: `r${i}`, channel: 'room:replay', data: payload });
  const reader = await connect(s, 'tok-a');
  cleanup.push(() => reader.close());
  const sub = await reader.request({ type: 'subscribe', id: 1, channel: 'room:replay', since: { epoch: first.epoch, offset: first.offset } });
  assert.equal(sub.recovered, true);
  const replayed = await reader.messages('room:replay', 30);
  assert.equal(replayed.length, 30, '480 KB replayed in one go, all of it');
  const ack = await reader.request({ type: 'publish', id: 'after', channel: 'room:replay', data: 1 });
  assert.equal(ack.type, 'ack', 'still connected');
  assert.equal(reader.closeInfo, undefined);
});

test('--max-connections: the node answers 503 + Retry-After when full', async () => {
  const s = await server({ maxConnections: 2 });
  const a = await connect(s, 'tok-a');
  const b = await connect(s, 'tok-b');
  cleanup.push(() => a.close(), () => b.close());
  const r = await handshakeStatus(`${s.url}?token=tok-a`);
  assert.notEqual(r, 'open');
  if (r === 'open') return;
  assert.equal(r.status, 503);
  assert.ok(Number(r.headers['retry-after']) >= 1);
  a.close();
  await waitFor(() => s.connectionCount === 1);
  const c = await connect(s, 'tok-a');
  cleanup.push(() => c.close());
});

test('--max-connections-per-user: one more for the same user is accepted then closed with 1013', async () => {
  const s = await server({ maxConnectionsPerUser: 2 });
  const a1 = await connect(s, 'tok-a');
  const a2 = await connect(s, 'tok-a');
  cleanup.push(() => a1.close(), () => a2.close());
  const a3 = client(`${s.url}?token=tok-a`);
  const closed = await a3.closed;
  assert.equal(closed.code, 1013);
  assert.match(closed.reason, /too many connections for this user/);
  const b = await connect(s, 'tok-b');
  cleanup.push(() => b.close());
});

test('handshake admission rate: a reconnect storm gets 503 + Retry-After, not a crash', async () => {
  const s = await server({ admissionRate: 1, admissionBurst: 5 });
  const results = await Promise.all(Array.from({ length: 30 }, () => handshakeStatus(`${s.url}?token=tok-a`)));
  const opened = results.filter((r) => r === 'open').length;
  const refused = results.filter((r) => r !== 'open' && r.status === 503);
  assert.ok(opened >= 5 && opened <= 8, `about the burst got in, plus ~1/s refill (${opened})`);
  assert.equal(opened + refused.length, 30);
  for (const r of refused) if (r !== 'open') assert.ok(Number(r.headers['retry-after']) >= 1);
  const metrics = await (await fetch(`${s.httpUrl}/metrics`)).text();
  assert.match(metrics, /wsgate_handshake_rejections_total\{status="503"\} 2\d/);
  assert.equal((await fetch(`${s.httpUrl}/healthz`)).status, 200);
});

test('Origin allow-list: other origins get 403; listed ones and wildcard subdomains get in', async () => {
  const s = await server({ allowedOrigins: 'https://app.example.com,https://*.example.org' });
  const bad = await handshakeStatus(`${s.url}?token=tok-a`, { origin: 'https://evil.example.net' });
  assert.notEqual(bad, 'open');
  if (bad !== 'open') assert.equal(bad.status, 403);
  assert.equal(await handshakeStatus(`${s.url}?token=tok-a`, { origin: 'https://app.example.com' }), 'open');
  assert.equal(await handshakeStatus(`${s.url}?token=tok-a`, { origin: 'https://chat.example.org' }), 'open');
  // Non-browser clients send no Origin: admitted.
  assert.equal(await handshakeStatus(`${s.url}?token=tok-a`), 'open');
});

test('wrong path → 404 on upgrade; plain GET on the WebSocket path → 426', async () => {
  const s = await server();
  const r = await handshakeStatus(`${s.url.replace('/api/ws/chat', '/ws')}?token=tok-a`);
  assert.notEqual(r, 'open');
  if (r !== 'open') assert.equal(r.status, 404);
  const plain = await fetch(`${s.httpUrl}/api/ws/chat`);
  assert.equal(plain.status, 426);
  assert.equal(plain.headers.get('upgrade'), 'websocket');
  await sleep(10);
});
