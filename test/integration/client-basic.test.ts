// The client against a real in-process wsgate server: publish/subscribe, reconnect with
// recovery, exactly-once publishes across reconnects, recovered:false, auth, tickets, drain.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseCloseReason } from '../../src/protocol/index.js';
import type { WsgateServer } from '../../src/server/index.js';
import type { MessageMeta, SubscribedInfo } from '../../src/client/index.js';
import { ChaosProxy } from './client-proxy.js';
import { Client as WebSocketOnlyClient } from '../../src/client/websocket.js';
import { makeClient, startServer, waitFor } from './client-helpers.js';

const cleanups: Array<() => unknown> = [];
after(async () => {
  for (const fn of cleanups.reverse()) await fn();
});

describe('client ↔ real server', () => {
  let server: WsgateServer;

  test('publish and subscribe between two users; publish resolves with the ack offset', async () => {
    server = await startServer();
    cleanups.push(() => server.close());
    const alice = makeClient(server.url);
    const bob = makeClient(server.url, { token: async () => 'tok-b' });
    cleanups.push(() => alice.client.close(), () => bob.client.close());
    const got: Array<[unknown, MessageMeta]> = [];
    const sub = bob.client.subscribe('room:lobby', (data, meta) => got.push([data, meta]));
    const info = await sub.ready();
    assert.equal(info.channel, 'room:lobby');
    assert.equal(bob.client.state, 'open');
    assert.equal(bob.client.hello?.user.id, 'bob');
    const o1 = await alice.client.publish('room:lobby', { text: 'hi' });
    const o2 = await alice.client.publish('room:lobby', { text: 'again' });
    assert.equal(o2, o1 + 1);
    await waitFor('two messages', () => got.length === 2);
    assert.deepEqual(got.map(([d]) => d), [{ text: 'hi' }, { text: 'again' }]);
    assert.deepEqual({ ...got[0]![1], epoch: 'e' }, { channel: 'room:lobby', offset: o1, epoch: 'e', from: 'alice' });
    const users = await bob.client.presence('room:lobby');
    assert.deepEqual(users.map((u) => u.id), ['bob']);
    assert.deepEqual(alice.states.map((s) => s.newState), ['connecting', 'open']);
  });

  test('a refused subscription (another user\'s inbox) errors with the server code, the connection stays open', async () => {
    const alice = makeClient(server.url);
    cleanups.push(() => alice.client.close());
    const sub = alice.client.subscribe('user:bob', () => {});
    await assert.rejects(sub.ready(), { name: 'ServerError', code: 'FORBIDDEN_CHANNEL' });
    await alice.client.publish('user:bob', 'direct message is fine');
    assert.equal(alice.client.state, 'open');
  });

  test('pacing: a burst of publishes under the server\'s default rate limit (20/s, burst 40) draws no RATE_LIMITED and no 1008', async () => {
    const paced = await startServer({ rateLimit: 20, rateBurst: 40 });
    cleanups.push(() => paced.close());
    const c = makeClient(paced.url);
    cleanups.push(() => c.client.close());
    const got: number[] = [];
    await c.client.subscribe('room:paced', (d) => got.push(d as number)).ready();
    const t0 = Date.now();
    const offsets = await Promise.all(Array.from({ length: 60 }, (_, i) => c.client.publish('room:paced', i)));
    const took = Date.now() - t0;
    await waitFor('all delivered', () => got.length === 60);
    assert.deepEqual(got, [...Array(60).keys()]);
    assert.equal(new Set(offsets).size, 60);
    assert.deepEqual(c.errors, []);
    assert.deepEqual(c.states.map((x) => x.newState), ['connecting', 'open'], 'never closed for the rate');
    assert.ok(took >= 1500, `paced over ${took} ms, not sent in one go`);
  });

  test('without pacing, frames the server drops over its rate limit are sent again: every publish still resolves once', async () => {
    const strict = await startServer({ rateLimit: 20, rateBurst: 40 });
    cleanups.push(() => strict.close());
    const c = makeClient(strict.url, { pace: false });
    cleanups.push(() => c.client.close());
    const got: number[] = [];
    await c.client.subscribe('room:unpaced', (d) => got.push(d as number)).ready();
    const offsets = await Promise.all(Array.from({ length: 60 }, (_, i) => c.client.publish('room:unpaced', i)));
    await waitFor('all delivered', () => got.length === 60);
    assert.deepEqual([...got].sort((a, b) => a - b), [...Array(60).keys()], 'each exactly once');
    assert.equal(new Set(offsets).size, 60);
    // The server refused frames (each named by its id, which the client sent again).
    const refused = /^wsgate_rate_limited_total (\d+)$/m.exec(await (await fetch(`${strict.httpUrl}/metrics`)).text());
    assert.ok(Number(refused?.[1]) > 0, 'the server did drop frames');
  });

  test('refresh() swaps the token without reconnecting; a token for another user is refused, the connection stays', async () => {
    let token = 'tok-a';
    const c = makeClient(server.url, { token: () => token });
    cleanups.push(() => c.client.close());
    await c.until('open');
    assert.deepEqual(await c.client.refresh(), { user: 'alice', expiresAt: undefined });
    token = 'tok-b';
    await assert.rejects(c.client.refresh(), { name: 'ServerError', code: 'UNAUTHORIZED' });
    assert.deepEqual(c.states.map((x) => x.newState), ['connecting', 'open']);
  });

  test('a bad token: asked once more, one attempt, then closed with 4401 and the reason', async () => {
    let asked = 0;
    const c = makeClient(server.url, { token: () => `nope-${++asked}` });
    await c.until('closed');
    assert.equal(asked, 2);
    assert.equal(c.client.lastClose?.code, 4401);
    assert.ok(c.client.lastClose?.reason, 'the server says why');
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(asked, 2, 'no further attempts');
  });

  test('the ticket flow: POST /api/ws/ticket with the Bearer token, then ?ticket= (single use, fresh per attempt)', async () => {
    const proxy = await ChaosProxy.start({ host: '127.0.0.1', port: server.port });
    cleanups.push(() => proxy.close());
    const c = makeClient(proxy.url(), { auth: 'ticket', ticketUrl: `${server.httpUrl}/api/ws/ticket`, random: () => 0 });
    cleanups.push(() => c.client.close());
    await c.until('open');
    assert.equal(c.client.hello?.user.id, 'alice');
    proxy.cutAll();
    await waitFor('reconnected', () => c.states.filter((s) => s.newState === 'open').length === 2);
    assert.deepEqual(c.errors, []);
  });
});

describe('client ↔ real server through a proxy that cuts connections', () => {
  test('reconnect + recovery: messages published while the subscriber was away arrive once, in order', async () => {
    const server = await startServer();
    const proxy = await ChaosProxy.start({ host: '127.0.0.1', port: server.port });
    const pub = makeClient(server.url, { token: 'tok-b' });
    const sub = makeClient(proxy.url(), { random: () => 0.1 });
    cleanups.push(() => pub.client.close(), () => sub.client.close(), () => proxy.close(), () => server.close());
    const got: number[] = [];
    const infos: SubscribedInfo[] = [];
    const s = sub.client.subscribe('room:recover', (d) => got.push(d as number));
    s.on('subscribed', (i) => infos.push(i));
    await s.ready();
    for (let i = 1; i <= 5; i++) await pub.client.publish('room:recover', i);
    await waitFor('first five', () => got.length === 5);
    proxy.refuse(true);
    proxy.cutAll();
    await sub.until('reconnecting');
    for (let i = 6; i <= 15; i++) await pub.client.publish('room:recover', i);
    proxy.refuse(false);
    await waitFor('all fifteen', () => got.length === 15, 15_000);
    assert.deepEqual(got, Array.from({ length: 15 }, (_, i) => i + 1));
    assert.equal(infos.at(-1)!.recovered, true);
    assert.equal(infos.at(-1)!.resumed, true);
  });

  test('exactly once: a publish whose ack was lost is sent again with the same id and published once', async () => {
    const server = await startServer();
    const proxy = await ChaosProxy.start({ host: '127.0.0.1', port: server.port });
    const pub = makeClient(proxy.url(), { random: () => 0 });
    const watcher = makeClient(server.url, { token: 'tok-b' });
    cleanups.push(() => pub.client.close(), () => watcher.client.close(), () => proxy.close(), () => server.close());
    const seen: unknown[] = [];
    await watcher.client.subscribe('room:once', (d) => seen.push(d)).ready();
    await pub.until('open');
    proxy.blockDownstream(true); // the server gets the publish; the ack never comes back
    const p = pub.client.publish('room:once', 'only once');
    await waitFor('published on the server', () => seen.length === 1);
    assert.equal(pub.client.pending.count, 1);
    proxy.cutAll();
    proxy.blockDownstream(false);
    const offset = await p;
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(seen, ['only once']);
    assert.equal(typeof offset, 'number');
    assert.equal(pub.states.filter((s) => s.newState === 'open').length, 2, 'the resend happened on a new connection');
  });

  test('recovered:false after the history was lost: the subscriber is told, then continues live', async () => {
    const server = await startServer({ historySize: 3 });
    const proxy = await ChaosProxy.start({ host: '127.0.0.1', port: server.port });
    const pub = makeClient(server.url, { token: 'tok-b' });
    const sub = makeClient(proxy.url(), { random: () => 0.1 });
    cleanups.push(() => pub.client.close(), () => sub.client.close(), () => proxy.close(), () => server.close());
    const got: number[] = [];
    const s = sub.client.subscribe('room:lossy', (d) => got.push(d as number));
    const lost: SubscribedInfo[] = [];
    s.on('unrecovered', (i) => lost.push(i));
    await s.ready();
    await pub.client.publish('room:lossy', 1);
    await waitFor('first', () => got.length === 1);
    proxy.refuse(true);
    proxy.cutAll();
    await sub.until('reconnecting');
    for (let i = 2; i <= 10; i++) await pub.client.publish('room:lossy', i); // more than the history holds
    proxy.refuse(false);
    await waitFor('unrecovered event', () => lost.length === 1, 15_000);
    assert.equal(lost[0]!.recovered, false);
    assert.equal(lost[0]!.channel, 'room:lossy');
    await pub.client.publish('room:lossy', 11);
    await waitFor('live again', () => got.includes(11));
    assert.equal(got.filter((x) => x >= 2 && x <= 10).length, 0, 'nothing from the lost range was delivered as if complete');
  });

  test('a silently dead link (no FIN, no RST) is found by the heartbeat within interval + timeout', async () => {
    // The server is patient here (it would also notice, after 5 s + 10 s): this is about the client noticing.
    const server = await startServer({ pingInterval: 5000, heartbeatTimeout: 10_000 });
    const proxy = await ChaosProxy.start({ host: '127.0.0.1', port: server.port });
    const c = makeClient(proxy.url(), { random: () => 0, heartbeat: { interval: 500, timeout: 700 } });
    cleanups.push(() => c.client.close(), () => proxy.close(), () => server.close());
    await c.until('open');
    const silentAt = Date.now();
    proxy.blockDownstream(true); // the server's replies vanish: a dead NAT mapping, a sleeping Wi-Fi
    await waitFor('link declared dead', () => c.states.some((x) => x.newState === 'reconnecting'), 5000);
    const detectedIn = Date.now() - silentAt;
    assert.equal(c.errors.at(-1)?.code, 'HEARTBEAT_TIMEOUT');
    assert.ok(detectedIn <= 2500, `detected in ${detectedIn} ms (interval 500 + timeout 700; the server would take 15 s)`);
    proxy.blockDownstream(false);
    await c.until('open', 10_000);
  });

  test('drain: the 1012 reconnect hint is honoured, and the client returns to the restarted server', async () => {
    const server = await startServer({ drainWindow: 1500, drainTimeout: 5000 });
    const port = server.port;
    const c = makeClient(server.url);
    const got: unknown[] = [];
    cleanups.push(() => c.client.close());
    await c.client.subscribe('room:drain', (d) => got.push(d)).ready();
    await c.client.publish('room:drain', 'before');
    const drained = server.drain();
    // The hint is random in [0, 1 s): a small one has the client try again (refused: the server
    // is draining or gone) before a poll of its state would see 'reconnecting', so read the
    // change the drain caused from the record, not the latest one.
    await waitFor('the drain close', () => c.states.some((s) => s.newState === 'reconnecting'));
    const change = c.states.find((s) => s.newState === 'reconnecting')!;
    assert.equal(change.code, 1012, JSON.stringify(c.states));
    const hint = parseCloseReason(change.reason ?? '').reconnectDelayMs;
    assert.ok(hint !== undefined, `the reason carries a hint: ${change.reason}`);
    assert.ok(change.delay! >= hint! && change.delay! <= hint! * 1.1 + 1, `delay ${change.delay} for hint ${hint}`);
    const left = Date.now();
    await drained;
    // The same port, a new process: the client comes back on its own, after the hinted delay.
    const again = await startServer({ port });
    cleanups.push(() => again.close());
    await c.until('open', 15_000);
    assert.ok(Date.now() - left >= Math.min(hint!, 1000) - 50);
    await c.client.publish('room:drain', 'after');
    await waitFor('live on the new server', () => got.includes('after'));
  });

  test('503 + Retry-After during a drain is seen in Node and honoured', async () => {
    const server = await startServer({ drainWindow: 3000, drainTimeout: 6000 });
    const holder = makeClient(server.url);
    await holder.until('open');
    const drained = server.drain();
    await waitFor('draining', () => server.draining);
    const c = makeClient(server.url, { token: 'tok-b' });
    cleanups.push(() => holder.client.close(), () => c.client.close());
    await c.until('reconnecting');
    const err = c.errors[0]!;
    assert.equal(err.code, 'HANDSHAKE_REJECTED');
    assert.equal(err.status, 503);
    assert.ok(err.retryAfter! >= 1000);
    assert.ok(c.states.at(-1)!.delay! >= err.retryAfter!, `waits the Retry-After (${err.retryAfter} ms)`);
    c.client.close();
    holder.client.close();
    await drained;
  });
});

test('with the WHATWG WebSocket (Node 22 global; Node 20 behind --experimental-websocket), no injection needed', async () => {
  const server = await startServer();
  const proxy = await ChaosProxy.start({ host: '127.0.0.1', port: server.port });
  cleanups.push(() => proxy.close(), () => server.close());
  const fixture = fileURLToPath(new URL('./client-global-ws.fixture.ts', import.meta.url));
  const child = spawn(process.execPath, ['--experimental-websocket', '--no-warnings', '--import', 'tsx', fixture, server.url, proxy.url()], { stdio: ['ignore', 'pipe', 'pipe'] });
  cleanups.push(() => child.kill());
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    if (out.includes('READY') && proxy.cuts === 0) proxy.cutAll();
  });
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  assert.equal(code, 0, err);
  const r = JSON.parse(out.trim().split('\n').at(-1)!) as { hasGlobal: string; offset: number; got: unknown[]; states: string[]; reopened: number };
  assert.equal(r.hasGlobal, 'function');
  assert.equal(typeof r.offset, 'number');
  assert.deepEqual(r.got, ['via the global WebSocket']);
  assert.deepEqual(r.states, ['connecting', 'open', 'closed']);
  assert.equal(r.reopened, 2, 'reconnected after the cut');
  assert.equal(proxy.cuts, 1);
});

test('on Node 20 the WebSocket transport needs ws injected, and says so; without it the full client has SSE alone', () => {
  assert.equal(typeof (globalThis as { WebSocket?: unknown }).WebSocket, 'undefined');
  assert.throws(() => makeClient('ws://127.0.0.1:1/', { WebSocket: undefined, transports: ['websocket'] }), /wsgate\/client: no WebSocket/);
  assert.throws(() => new WebSocketOnlyClient('ws://127.0.0.1:1/', { autoConnect: false }), /wsgate\/client: no WebSocket/);
  const sseOnly = makeClient('ws://127.0.0.1:1/', { WebSocket: undefined, autoConnect: false });
  sseOnly.client.close();
  assert.equal(typeof WebSocket, 'function');
});
