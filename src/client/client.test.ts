import { afterEach, beforeEach, describe, mock, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from './client.js';
import type { ClientOptions } from './options.js';
import { canTransition, type StateChange } from './state.js';
import type { WsgateClientError } from './errors.js';
import { fakeWebSocket, settle, type FakeSocket } from './__fixtures__/fake-socket.js';

const URL_ = 'ws://127.0.0.50:1/api/ws/chat';

function setup(options: ClientOptions = {}) {
  const fake = fakeWebSocket();
  const client = new Client(URL_, { WebSocket: fake.WebSocket, ...options });
  const states: StateChange[] = [];
  const errors: WsgateClientError[] = [];
  client.on('state', (s) => {
    assert.ok(canTransition(s.oldState, s.newState), `transition ${s.oldState} → ${s.newState} is not in the table`);
    states.push(s);
  });
  client.on('error', (e) => errors.push(e));
  const last = (): FakeSocket => fake.sockets.at(-1)!;
  return { client, fake, states, errors, last };
}

/** Runs the clock forward in steps, letting async work (token functions) run in between. */
async function advance(ms: number, step = 100): Promise<void> {
  for (let t = 0; t < ms; t += step) {
    mock.timers.tick(Math.min(step, ms - t));
    await settle();
  }
}

beforeEach(() => mock.timers.enable({ apis: ['setTimeout', 'Date'] }));
afterEach(() => mock.timers.reset());

describe('Client: connecting and states', () => {
  test('connects at once, sends the token as ?token=, and goes connecting → open on hello', async () => {
    const { client, fake, states, last } = setup({ token: 'tok-a', autoConnect: false });
    client.connect();
    assert.equal(client.state, 'connecting');
    await settle();
    assert.equal(fake.sockets.length, 1);
    assert.equal(new URL(last().url).searchParams.get('token'), 'tok-a');
    last().hello();
    assert.equal(client.state, 'open');
    assert.deepEqual(states.map((s) => `${s.oldState}→${s.newState}`), ['closed→connecting', 'connecting→open']);
    client.close();
    assert.equal(client.state, 'closed');
    assert.equal(last().closedByClient?.code, 1000);
  });

  test('connects in the constructor: state is connecting at once', async () => {
    const { client, fake } = setup();
    assert.equal(client.state, 'connecting');
    await settle();
    assert.equal(fake.sockets.length, 1);
    client.close();
  });

  test('autoConnect: false waits for connect()', async () => {
    const { client, fake } = setup({ autoConnect: false });
    await advance(5000);
    assert.equal(client.state, 'closed');
    assert.equal(fake.sockets.length, 0);
    client.connect();
    await settle();
    assert.equal(fake.sockets.length, 1);
    client.close();
  });

  test('a token function is asked on every attempt; an async URL function too', async () => {
    let n = 0;
    const fake = fakeWebSocket();
    const client = new Client(async () => URL_, { WebSocket: fake.WebSocket, token: async () => `t${++n}` });
    await settle();
    fake.sockets[0]!.serverClose(1006);
    await advance(2100);
    assert.equal(fake.sockets.length, 2);
    assert.equal(new URL(fake.sockets[1]!.url).searchParams.get('token'), 't2');
    client.close();
  });

  test('no hello within connectTimeout: the attempt is abandoned and retried', async () => {
    const { client, fake, errors } = setup({ connectTimeout: 3000 });
    await settle();
    await advance(3000);
    assert.equal(client.state, 'reconnecting');
    assert.equal(errors[0]?.code, 'CONNECT_TIMEOUT');
    assert.equal(fake.sockets[0]!.closedByClient?.terminated, true);
    await advance(2100);
    assert.equal(fake.sockets.length, 2);
    client.close();
  });

  test('a failing token function is reported (TOKEN_FAILED) and retried with backoff', async () => {
    let calls = 0;
    const { client, fake, errors } = setup({
      token: () => {
        calls++;
        if (calls === 1) throw new Error('auth service down');
        return 'tok';
      },
    });
    await settle();
    assert.equal(errors[0]?.code, 'TOKEN_FAILED');
    assert.equal(client.state, 'reconnecting');
    assert.equal(fake.sockets.length, 0);
    await advance(2100);
    assert.equal(fake.sockets.length, 1);
    client.close();
  });
});

describe('Client: one live socket, whatever order events arrive in', () => {
  test('events from an abandoned socket are ignored', async () => {
    const { client, fake } = setup({ connectTimeout: 1000, random: () => 0 });
    await settle();
    const first = fake.sockets[0]!;
    await advance(1000); // timeout: first is abandoned, the next attempt starts at once
    const second = fake.sockets[1]!;
    assert.ok(second && second !== first);
    // The old socket now says hello, delivers a message, and closes: none of it counts.
    first.hello();
    assert.equal(client.state, 'connecting');
    first.serverClose(4403, 'late');
    assert.equal(client.state, 'connecting');
    second.hello();
    assert.equal(client.state, 'open');
    first.serverClose(1006);
    assert.equal(client.state, 'open');
    assert.equal(fake.live().length, 1);
    client.close();
  });

  test('through many drops, at most one socket is ever live', async () => {
    const { client, fake } = setup({ random: () => 0.5 });
    let maxLive = 0;
    await settle();
    for (let i = 0; i < 20; i++) {
      maxLive = Math.max(maxLive, fake.live().length);
      const s = fake.sockets.at(-1)!;
      if (i % 3 === 0) s.hello();
      s.serverClose(i % 2 ? 1006 : 1011);
      s.serverClose(1006); // a duplicate close must not schedule a second reconnect
      while (fake.sockets.at(-1) === s) {
        await advance(250, 250);
        maxLive = Math.max(maxLive, fake.live().length);
      }
    }
    assert.equal(maxLive, 1);
    assert.equal(fake.sockets.length, 21);
    client.close();
    assert.equal(fake.live().length, 0);
  });

  test('close() while connecting, then late events: stays closed, no new socket', async () => {
    const { client, fake } = setup();
    await settle();
    client.close();
    fake.sockets[0]!.hello();
    fake.sockets[0]!.serverClose(1006);
    await advance(60_000, 1000);
    assert.equal(client.state, 'closed');
    assert.equal(fake.sockets.length, 1);
  });
});

describe('Client: reconnect policy', () => {
  test('after 1006 the delay is full jitter in [0, 2000) and grows per failed attempt', async () => {
    const { client, fake, states } = setup({ random: () => 0.999 });
    await settle();
    fake.sockets[0]!.hello();
    fake.sockets[0]!.serverClose(1006);
    const delays = [states.at(-1)!.delay];
    for (let i = 0; i < 6; i++) {
      await advance(states.at(-1)!.delay! + 10, 50);
      await settle();
      fake.sockets.at(-1)!.serverClose(1006); // fails before hello
      delays.push(states.at(-1)!.delay);
    }
    assert.deepEqual(delays, [1998, 3996, 7992, 15984, 29970, 29970, 29970]);
    client.close();
  });

  test('1012 with a reconnect hint waits for the hint (plus ≤10 % jitter), not the backoff', async () => {
    const { client, fake, states } = setup();
    await settle();
    fake.sockets[0]!.hello();
    fake.sockets[0]!.serverClose(1012, 'server draining;reconnect=5000');
    const delay = states.at(-1)!.delay!;
    assert.ok(delay >= 5000 && delay <= 5500, `delay ${delay}`);
    await advance(4900);
    assert.equal(fake.sockets.length, 1);
    await advance(700);
    assert.equal(fake.sockets.length, 2);
    client.close();
  });

  test('1013 without a hint backs off longer than a plain drop', async () => {
    const { client, fake, states } = setup({ random: () => 0.999 });
    await settle();
    fake.sockets[0]!.hello();
    fake.sockets[0]!.serverClose(1013, 'overloaded');
    assert.ok(states.at(-1)!.delay! > 7000);
    client.close();
  });

  test('4403 is terminal: closed with the code and reason, pending publishes rejected', async () => {
    const { client, fake, states } = setup();
    await settle();
    const p = client.publish('room:lobby', { n: 1 });
    fake.sockets[0]!.serverClose(4403, 'forbidden');
    assert.equal(client.state, 'closed');
    assert.deepEqual({ code: states.at(-1)!.code, reason: states.at(-1)!.reason }, { code: 4403, reason: 'forbidden' });
    await assert.rejects(p, (e: WsgateClientError) => e.code === 'CONNECTION_CLOSED' && e.closeCode === 4403);
    await advance(120_000, 5000);
    assert.equal(fake.sockets.length, 1);
  });

  test('4401: the token is asked once more, one attempt at once; a second 4401 closes', async () => {
    let asked = 0;
    const { client, fake, states } = setup({ token: () => `t${++asked}` });
    await settle();
    fake.sockets[0]!.serverClose(4401, 'token expired');
    assert.equal(client.state, 'reconnecting');
    assert.equal(states.at(-1)!.delay, 0);
    await advance(10);
    assert.equal(fake.sockets.length, 2);
    assert.equal(new URL(fake.sockets[1]!.url).searchParams.get('token'), 't2');
    fake.sockets[1]!.serverClose(4401, 'token invalid');
    assert.equal(client.state, 'closed');
    assert.equal(client.lastClose?.code, 4401);
    assert.equal(client.lastClose?.reason, 'token invalid');
    await advance(120_000, 5000);
    assert.equal(fake.sockets.length, 2);
    assert.equal(asked, 2);
  });

  test('4401 after a successful refresh is allowed one refresh again (the budget resets on hello)', async () => {
    const { client, fake } = setup({ token: () => 'tok' });
    await settle();
    fake.sockets[0]!.hello();
    fake.sockets[0]!.serverClose(4401, 'expired');
    await advance(10);
    fake.sockets[1]!.hello();
    fake.sockets[1]!.serverClose(4401, 'expired again, an hour later');
    assert.equal(client.state, 'reconnecting');
    await advance(10);
    assert.equal(fake.sockets.length, 3);
    client.close();
  });

  test('online ends a backoff wait at once', async () => {
    const target = new EventTarget();
    const { client, fake } = setup({ environment: target, random: () => 0.99 });
    await settle();
    fake.sockets[0]!.hello();
    fake.sockets[0]!.serverClose(1006);
    assert.equal(client.state, 'reconnecting');
    target.dispatchEvent(new Event('online'));
    assert.equal(client.state, 'connecting');
    await settle();
    assert.equal(fake.sockets.length, 2);
    client.close();
  });
  test('offline (navigator.onLine false): no retries at all until online', async () => {
    const target = Object.assign(new EventTarget(), { navigator: { onLine: true } });
    const { client, fake } = setup({ environment: target });
    await settle();
    fake.sockets[0]!.hello();
    target.navigator.onLine = false;
    fake.sockets[0]!.serverClose(1006);
    assert.equal(client.state, 'reconnecting');
    await advance(120_000, 1000);
    assert.equal(fake.sockets.length, 1, 'no attempt while offline');
    assert.equal(client.state, 'reconnecting');
    target.navigator.onLine = true;
    target.dispatchEvent(new Event('online'));
    await settle();
    assert.equal(fake.sockets.length, 2);
    client.close();
  });
});

describe('Client: heartbeat', () => {
  test('sends ping every interval; no frame within the timeout → terminate and reconnect', async () => {
    const { client, fake, errors } = setup();
    await settle();
    const s = fake.sockets[0]!;
    s.hello({ heartbeat: { interval: 1000, timeout: 500 } });
    await advance(1000);
    assert.deepEqual(s.sent.filter((t) => t === 'ping').length, 1);
    await advance(500);
    assert.equal(client.state, 'reconnecting');
    assert.equal(errors.at(-1)?.code, 'HEARTBEAT_TIMEOUT');
    assert.equal(s.closedByClient?.terminated, true);
    client.close();
  });

  test('pong (or any frame) in time keeps the connection open indefinitely', async () => {
    const { client, fake } = setup();
    await settle();
    const s = fake.sockets[0]!;
    s.hello({ heartbeat: { interval: 1000, timeout: 500 } });
    for (let i = 0; i < 30; i++) {
      await advance(1000);
      s.receive('pong');
    }
    assert.equal(client.state, 'open');
    assert.equal(s.sent.filter((t) => t === 'ping').length, 30);
    client.close();
  });

  test('heartbeat: false sends no pings and never times out', async () => {
    const { client, fake } = setup({ heartbeat: false });
    await settle();
    fake.sockets[0]!.hello({ heartbeat: { interval: 1000, timeout: 500 } });
    await advance(10_000, 500);
    assert.equal(client.state, 'open');
    assert.equal(fake.sockets[0]!.sent.length, 0);
    client.close();
  });

  test('page visible again: a probe with a short timeout finds a dead link in 3 s, not at the next tick', async () => {
    const win = new EventTarget() as EventTarget & { document?: EventTarget & { visibilityState: string } };
    win.document = Object.assign(new EventTarget(), { visibilityState: 'visible' });
    const { client, fake } = setup({ environment: win });
    await settle();
    const s = fake.sockets[0]!;
    s.hello({ heartbeat: { interval: 30_000, timeout: 10_000 } });
    await advance(1000);
    win.document.dispatchEvent(new Event('visibilitychange'));
    assert.equal(s.sent.at(-1), 'ping');
    await advance(3000);
    assert.equal(client.state, 'reconnecting');
    client.close();
  });

  test('a clock jump (sleep, throttled timers) triggers a probe', async () => {
    let skew = 0;
    const { client, fake } = setup({ now: () => Date.now() + skew });
    await settle();
    const s = fake.sockets[0]!;
    s.hello({ heartbeat: { interval: 30_000, timeout: 10_000 } });
    await advance(2000);
    assert.equal(s.sent.length, 0);
    skew = 60_000; // the machine slept a minute
    await advance(1000);
    assert.equal(s.sent.at(-1), 'ping');
    s.receive('pong');
    await advance(5000);
    assert.equal(client.state, 'open');
    client.close();
  });
});

describe('Client: publish and the outbox', () => {
  test('publish before the first connection waits, is sent after hello, resolves with the ack offset', async () => {
    const { client, fake } = setup();
    const p = client.publish('room:lobby', { text: 'hi' });
    await settle();
    const s = fake.sockets[0]!;
    assert.equal(s.sent.length, 0);
    s.hello();
    const [frame] = s.frames();
    assert.equal(frame!.type, 'publish');
    assert.deepEqual(frame!.data, { text: 'hi' });
    s.receive({ type: 'ack', id: frame!.id, offset: 7 });
    assert.equal(await p, 7);
    assert.equal(client.pending.count, 0);
    client.close();
  });

  test('an unacknowledged publish is sent again with the same id after a reconnect, and resolves once', async () => {
    const { client, fake } = setup({ random: () => 0 });
    await settle();
    fake.sockets[0]!.hello();
    const p = client.publish('room:lobby', 1);
    const id = fake.sockets[0]!.frames()[0]!.id;
    fake.sockets[0]!.serverClose(1006);
    await advance(10);
    fake.sockets[1]!.hello();
    assert.equal(fake.sockets[1]!.frames()[0]!.id, id);
    fake.sockets[1]!.receive({ type: 'ack', id, offset: 3, duplicate: true });
    fake.sockets[1]!.receive({ type: 'ack', id, offset: 3 });
    assert.equal(await p, 3);
    client.close();
  });

  test('ids are unique across clients (the server dedupes by user + id)', async () => {
    const a = setup();
    const b = setup();
    await settle();
    a.last().hello();
    b.last().hello();
    void a.client.publish('c:1', 1).catch(() => {});
    void b.client.publish('c:1', 1).catch(() => {});
    assert.notEqual(a.last().frames()[0]!.id, b.last().frames()[0]!.id);
    a.client.close();
    b.client.close();
  });

  test('the outbox is bounded by count and by bytes: overflow rejects with OutboxFullError', async () => {
    const { client } = setup({ outbox: { maxCount: 3, maxBytes: 400 } });
    const ok = [client.publish('c:1', 1), client.publish('c:1', 2), client.publish('c:1', 3)];
    await assert.rejects(client.publish('c:1', 4), { name: 'OutboxFullError', code: 'OUTBOX_FULL', limit: 'count', max: 3 });
    assert.equal(client.pending.count, 3);
    const { client: c2 } = setup({ outbox: { maxCount: 100, maxBytes: 400 } });
    const big = c2.publish('c:1', 'x'.repeat(300));
    await assert.rejects(c2.publish('c:1', 'y'.repeat(300)), { code: 'OUTBOX_FULL', limit: 'bytes' });
    client.close();
    c2.close();
    await Promise.allSettled([...ok, big]);
  });

  test('a server error for a publish rejects it with the server code; RATE_LIMITED is retried with the same id', async () => {
    const { client, fake } = setup({ random: () => 0 });
    await settle();
    const s = fake.sockets[0]!;
    s.hello();
    const bad = client.publish('room:lobby', 1);
    const limited = client.publish('room:lobby', 2);
    const [f1, f2] = s.frames();
    s.receive({ type: 'error', id: f1!.id, code: 'FORBIDDEN_CHANNEL', message: 'no' });
    await assert.rejects(bad, { name: 'ServerError', code: 'FORBIDDEN_CHANNEL' });
    s.receive({ type: 'error', id: f2!.id, code: 'RATE_LIMITED', message: 'slow down' });
    s.receive({ type: 'error', id: f2!.id, code: 'RATE_LIMITED', message: 'slow down' }); // one resend, not two
    await advance(400);
    assert.equal(s.frames().filter((f) => f.id === f2!.id).length, 1, 'not at once');
    await advance(200);
    assert.equal(s.frames().filter((f) => f.id === f2!.id).length, 2, 'again, same id');
    s.receive({ type: 'ack', id: f2!.id, offset: 1 });
    assert.equal(await limited, 1);
    await advance(2000);
    assert.equal(s.frames().filter((f) => f.id === f2!.id).length, 2);
    client.close();
  });

  test('frames the server dropped over its rate limit (RATE_LIMITED with id null) are sent again', async () => {
    const { client, fake, errors } = setup({ random: () => 0, pace: false });
    await settle();
    const s = fake.sockets[0]!;
    s.hello();
    const ps = [1, 2, 3, 4].map((n) => client.publish('room:lobby', n));
    const ids = s.frames().map((f) => f.id);
    s.receive({ type: 'ack', id: ids[0], offset: 1 });
    s.receive({ type: 'ack', id: ids[1], offset: 2 });
    s.receive({ type: 'error', id: null, code: 'RATE_LIMITED', message: 'frames are being dropped' });
    assert.equal(errors.at(-1)?.code, 'RATE_LIMITED');
    await advance(600);
    assert.deepEqual(s.frames().slice(4).map((f) => f.id), [ids[2], ids[3]], 'only the unacknowledged, same ids, in order');
    s.receive({ type: 'ack', id: ids[2], offset: 3 });
    s.receive({ type: 'ack', id: ids[3], offset: 4 });
    assert.deepEqual(await Promise.all(ps), [1, 2, 3, 4]);
    client.close();
  });

  test('bad input is rejected at once: invalid channel, undefined data, over maxMessage', async () => {
    const { client, fake } = setup();
    await assert.rejects(client.publish('bad channel!', 1), { code: 'INVALID_ARGUMENT' });
    await assert.rejects(client.publish('c:1', undefined), { code: 'INVALID_ARGUMENT' });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    await assert.rejects(client.publish('c:1', cyclic), { code: 'INVALID_ARGUMENT' });
    const first = client.publish('c:1', 'a', { id: 'order-17' });
    await assert.rejects(client.publish('c:1', 'b', { id: 'order-17' }), { code: 'INVALID_ARGUMENT', message: /already pending/ });
    assert.equal(client.pending.count, 1);
    assert.throws(() => client.subscribe('', () => {}), { code: 'INVALID_ARGUMENT' });
    await settle();
    fake.sockets[0]!.hello({ limits: { maxMessage: 100 } });
    await assert.rejects(client.publish('c:1', 'z'.repeat(200)), { code: 'MESSAGE_TOO_BIG' });
    client.close();
    await assert.rejects(first, { code: 'CLIENT_CLOSED' });
  });

  test('a publish queued before hello that is over hello.limits.maxMessage is rejected, not sent (no 1009 loop)', async () => {
    const { client, fake } = setup();
    const big = client.publish('c:1', 'z'.repeat(200));
    const small = client.publish('c:1', 'ok');
    await settle();
    fake.sockets[0]!.hello({ limits: { maxMessage: 100 } });
    await assert.rejects(big, { code: 'MESSAGE_TOO_BIG' });
    assert.deepEqual(fake.sockets[0]!.frames().map((f) => f.data), ['ok']);
    client.close();
    await assert.rejects(small, { code: 'CLIENT_CLOSED' });
  });

  test('frames are paced under hello.limits (rate/burst) instead of tripping the rate limit', async () => {
    const { client, fake } = setup();
    await settle();
    const s = fake.sockets[0]!;
    s.hello({ limits: { rate: 10, burst: 10 } });
    for (let i = 0; i < 20; i++) void client.publish('c:1', i).catch(() => {});
    assert.equal(s.frames().length, 5); // half the burst at once
    await advance(1000);
    const after1s = s.frames().length;
    assert.ok(after1s >= 13 && after1s <= 15, `${after1s} sent after 1 s at 9/s`);
    await advance(2000);
    assert.equal(s.frames().length, 20);
    assert.deepEqual(s.frames().map((f) => f.data), [...Array(20).keys()]);
    client.close();
  });

  test('close() rejects everything pending with CLIENT_CLOSED', async () => {
    const { client } = setup();
    const p = client.publish('c:1', 1);
    client.close();
    await assert.rejects(p, { code: 'CLIENT_CLOSED' });
  });
});

describe('Client: subscriptions across reconnects', () => {
  test('resubscribes with since after a reconnect; replays are delivered in order, none twice', async () => {
    const { client, fake } = setup({ random: () => 0 });
    const got: number[] = [];
    const sub = client.subscribe('room:lobby', (data) => got.push(data as number));
    await settle();
    const s1 = fake.sockets[0]!;
    s1.hello();
    const sf = s1.frames()[0]!;
    assert.equal(sf.type, 'subscribe');
    assert.equal(sf.since, undefined);
    s1.receive({ type: 'subscribed', id: sf.id, channel: 'room:lobby', epoch: 'e1', offset: 0, recovered: false });
    for (const o of [1, 2, 3]) s1.receive({ type: 'message', channel: 'room:lobby', epoch: 'e1', offset: o, from: 'bob', data: o });
    s1.serverClose(1006);
    await advance(10);
    const s2 = fake.sockets[1]!;
    s2.hello();
    const rf = s2.frames()[0]!;
    assert.deepEqual(rf.since, { epoch: 'e1', offset: 3 });
    let unrecovered = 0;
    sub.on('unrecovered', () => unrecovered++);
    s2.receive({ type: 'subscribed', id: rf.id, channel: 'room:lobby', epoch: 'e1', offset: 5, recovered: true });
    // A replay that overlaps what was seen (3) must not deliver it twice.
    for (const o of [3, 4, 5, 5]) s2.receive({ type: 'message', channel: 'room:lobby', epoch: 'e1', offset: o, from: 'bob', data: o });
    assert.deepEqual(got, [1, 2, 3, 4, 5]);
    assert.equal(unrecovered, 0);
    client.close();
  });

  test('recovered:false after a resume emits unrecovered (on the subscription and the client)', async () => {
    const { client, fake } = setup({ random: () => 0 });
    const got: unknown[] = [];
    const sub = client.subscribe('room:lobby', (d) => got.push(d));
    const events: string[] = [];
    sub.on('unrecovered', (i) => events.push(`sub:${i.epoch}:${i.offset}`));
    client.on('unrecovered', (i) => events.push(`client:${i.channel}`));
    await settle();
    fake.sockets[0]!.hello();
    const id = fake.sockets[0]!.frames()[0]!.id;
    fake.sockets[0]!.receive({ type: 'subscribed', id, channel: 'room:lobby', epoch: 'e1', offset: 9, recovered: false });
    assert.deepEqual(events, []); // a first subscribe is not a loss
    fake.sockets[0]!.serverClose(1012, 'restart;reconnect=0');
    await advance(10);
    fake.sockets[1]!.hello();
    const id2 = fake.sockets[1]!.frames()[0]!.id;
    fake.sockets[1]!.receive({ type: 'subscribed', id: id2, channel: 'room:lobby', epoch: 'e2', offset: 0, recovered: false });
    assert.deepEqual(events, ['client:room:lobby', 'sub:e2:0']);
    fake.sockets[1]!.receive({ type: 'message', channel: 'room:lobby', epoch: 'e2', offset: 1, from: 'bob', data: 'new' });
    assert.deepEqual(got, ['new']);
    client.close();
  });

  test('unsubscribe stops delivery and sends unsubscribe; a refused subscription errors', async () => {
    const { client, fake } = setup();
    const got: unknown[] = [];
    const sub = client.subscribe('room:a', (d) => got.push(d));
    const refused = client.subscribe('user:bob', () => {});
    const ready = refused.ready();
    await settle();
    const s = fake.sockets[0]!;
    s.hello();
    const [fa, fb] = s.frames();
    s.receive({ type: 'subscribed', id: fa!.id, channel: 'room:a', epoch: 'e', offset: 0, recovered: false });
    s.receive({ type: 'error', id: fb!.id, code: 'FORBIDDEN_CHANNEL', message: 'not your inbox' });
    await assert.rejects(ready, { code: 'FORBIDDEN_CHANNEL' });
    sub.unsubscribe();
    assert.equal(s.frames().at(-1)!.type, 'unsubscribe');
    s.receive({ type: 'message', channel: 'room:a', epoch: 'e', offset: 1, from: 'x', data: 1 });
    assert.deepEqual(got, []);
    client.close();
  });
});

describe('Client: ticket flow', () => {
  test('fetches a ticket with the Bearer token per attempt and connects with ?ticket=', async () => {
    const calls: Array<{ url: string; auth: string | null }> = [];
    let n = 0;
    const fetchFake = (async (url: string, init: RequestInit) => {
      calls.push({ url, auth: new Headers(init.headers).get('authorization') });
      return new Response(JSON.stringify({ ticket: `tk${++n}`, expiresIn: 30 }), { status: 200 });
    }) as unknown as typeof fetch;
    const { client, fake } = setup({ token: 'tok-a', auth: 'ticket', fetch: fetchFake, random: () => 0 });
    await settle();
    await settle();
    const u = new URL(fake.sockets[0]!.url);
    assert.equal(u.searchParams.get('ticket'), 'tk1');
    assert.equal(u.searchParams.get('token'), null);
    assert.deepEqual(calls[0], { url: 'http://127.0.0.50:1/api/ws/ticket', auth: 'Bearer tok-a' });
    fake.sockets[0]!.serverClose(1006);
    await advance(10);
    await settle();
    assert.equal(new URL(fake.sockets[1]!.url).searchParams.get('ticket'), 'tk2');
    client.close();
  });

  test('a 503 with Retry-After from the ticket endpoint is honoured; a 401 counts as 4401', async () => {
    const statuses = [503, 401, 401];
    const fetchFake = (async () => new Response('{}', { status: statuses.shift() ?? 500, headers: { 'retry-after': '7' } })) as unknown as typeof fetch;
    const { client, states, errors } = setup({ token: 'tok', auth: 'ticket', fetch: fetchFake });
    await settle();
    await settle();
    assert.equal(errors[0]?.code, 'TICKET_FAILED');
    assert.equal(errors[0]?.status, 503);
    const d = states.at(-1)!.delay!;
    assert.ok(d >= 7000 && d <= 7700, `delay ${d}`);
    await advance(7800);
    await settle();
    // 401 from the ticket endpoint: one more try at once with a fresh token, then closed.
    const after = states.slice(states.findIndex((x) => x.delay === d) + 1).map((x) => `${x.newState}:${x.code ?? ''}:${x.delay ?? ''}`);
    assert.deepEqual(after, ['connecting::', 'reconnecting:4401:0', 'connecting::', 'closed:4401:']);
    assert.equal(client.state, 'closed');
    assert.equal(client.lastClose?.code, 4401);
  });

  test('a 503 with Retry-After as an HTTP date waits until that date', async () => {
    const fetchFake = (async () =>
      new Response('{}', { status: 503, headers: { 'retry-after': new Date(Date.now() + 20_000).toUTCString() } })) as unknown as typeof fetch;
    const { client, states, errors } = setup({ token: 'tok', auth: 'ticket', fetch: fetchFake });
    await settle();
    await settle();
    assert.equal(errors[0]?.code, 'TICKET_FAILED');
    const d = states.at(-1)!.delay!;
    // toUTCString drops the milliseconds: 19..20 s, plus at most 1 s of jitter.
    assert.ok(d >= 19_000 && d <= 21_000, `delay ${d}`);
    client.close();
  });
});
