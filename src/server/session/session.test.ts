import { test, mock } from 'node:test';
import assert from 'node:assert/strict';
import { sessionFixture, settle } from './__fixtures__/session-fixture.js';

test('hello is the first frame: session id, user, heartbeat, limits and node', () => {
  const f = sessionFixture();
  const { session, t } = f.open('alice');
  const hello = t.frames()[0]!;
  assert.equal(hello.type, 'hello');
  assert.equal(hello.session, session.id);
  assert.deepEqual(hello.user, { id: 'alice' });
  assert.deepEqual(hello.heartbeat, { interval: 1000, timeout: 500 });
  assert.deepEqual(hello.limits, { maxMessage: 65_536, rate: 1000, burst: 1000 });
  assert.equal(hello.node, 'n1');
  session.terminate();
});

test('the text ping gets the text pong; a binary frame gets BINARY_NOT_SUPPORTED', () => {
  const f = sessionFixture();
  const { session, t } = f.open();
  t.receive('ping');
  assert.equal(t.sent.at(-1), 'pong');
  session.handleBinary();
  assert.equal(t.frames().at(-1)!.code, 'BINARY_NOT_SUPPORTED');
  session.terminate();
});

test('heartbeat: a ping per interval while pongs come back; no pong in time terminates', async () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  try {
    const f = sessionFixture();
    const { t } = f.open();
    mock.timers.tick(0);
    assert.equal(t.pings, 1, 'first ping at random() * interval = 0');
    t.pong();
    mock.timers.tick(1000);
    assert.equal(t.pings, 2);
    mock.timers.tick(499);
    assert.equal(t.terminated, false);
    mock.timers.tick(1);
    assert.equal(t.terminated, true, 'no pong within the timeout');
    assert.equal(await f.metric('wsgate_heartbeat_timeouts_total'), 1);
  } finally {
    mock.timers.reset();
  }
});

test('a transport without protocol pings (SSE) runs no ping watchdog', () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  try {
    const f = sessionFixture();
    const { session, t } = f.open('alice', { pings: false });
    mock.timers.tick(10_000);
    assert.equal(t.terminated, false);
    session.terminate();
  } finally {
    mock.timers.reset();
  }
});

test('rate limit: the first refused frame is named by its id, sustained excess closes with 1008', async () => {
  const f = sessionFixture({ limits: { rateLimit: 1, rateBurst: 3 } });
  const { t } = f.open();
  for (let i = 1; i <= 3; i++) t.receive({ type: 'presence', id: i, channel: 'room' });
  t.receive({ type: 'publish', id: 'p4', channel: 'room', data: 1 });
  await settle();
  const limited = t.framesOf('error').filter((e) => e.code === 'RATE_LIMITED');
  assert.equal(limited.length, 1);
  assert.equal(limited[0]!.id, 'p4', 'the refused request is named, so it can be sent again');
  for (let i = 0; i < 5 && !t.closedWith; i++) t.receive('ping');
  assert.deepEqual(t.closedWith, { code: 1008, reason: 'rate limit exceeded' });
  await settle();
  assert.equal(f.closed.length, 1);
  assert.ok((await f.metric('wsgate_rate_limited_total')) >= 2);
});

test('refresh: the same user gets refreshed; another user is refused and the session stays', async () => {
  const f = sessionFixture({ tokens: { good: { userId: 'alice', kind: 'jwt', expiresAt: Date.now() + 60_000 }, bob: { userId: 'bob', kind: 'jwt' } } });
  const { session, t } = f.open();
  t.receive({ type: 'refresh', id: 1, token: 'good' });
  await settle();
  assert.equal(t.frames().at(-1)!.type, 'refreshed');
  assert.equal(session.identity.expiresAt !== undefined, true);
  t.receive({ type: 'refresh', id: 2, token: 'bob' });
  t.receive({ type: 'refresh', id: 3, token: 'nope' });
  await settle();
  const errors = t.framesOf('error');
  assert.deepEqual(errors.map((e) => [e.id, e.code]), [[2, 'UNAUTHORIZED'], [3, 'UNAUTHORIZED']]);
  assert.match(String(errors[0]!.message), /another user/);
  assert.equal(t.closedWith, undefined);
  assert.equal(session.userId, 'alice');
  session.terminate();
});

test('token expiry closes with 4401 "token expired"; a refresh before it moves the deadline', async () => {
  mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 1_000_000 });
  try {
    const f = sessionFixture({ tokens: { later: { userId: 'alice', kind: 'jwt', expiresAt: 1_000_000 + 5000 } } });
    const { t } = f.open('alice', { expiresAt: 1_000_000 + 1000, pings: false });
    t.receive({ type: 'refresh', id: 1, token: 'later' });
    await settle();
    mock.timers.tick(1000);
    assert.equal(t.closedWith, undefined, 'the refreshed token is still valid');
    mock.timers.tick(4000);
    assert.deepEqual(t.closedWith, { code: 4401, reason: 'token expired' });
  } finally {
    mock.timers.reset();
  }
});

test('a slow consumer (too much unsent) is closed with 1013 and a reconnect hint', async () => {
  const f = sessionFixture({ limits: { maxBuffered: 1024 } });
  const { session, t } = f.open();
  t.bufferedAmount = 2048;
  assert.equal(session.send({ type: 'error', id: null, code: 'INTERNAL', message: 'x' }), false);
  assert.equal(t.closedWith?.code, 1013);
  assert.match(t.closedWith!.reason, /^slow consumer;reconnect=\d+$/);
  assert.equal(await f.metric('wsgate_slow_consumers_total'), 1);
});

test('frames of one turn leave corked, flushed once at the end of the turn; past 64 KB at once', async () => {
  const f = sessionFixture();
  const { session, t } = f.open();
  await settle();
  const corks = t.corks;
  session.send('a');
  session.send('b');
  assert.equal(t.corks, corks + 1, 'one cork per turn');
  assert.equal(t.flushes, corks, 'not flushed during the turn');
  await settle();
  assert.equal(t.flushes, corks + 1);
  session.send('x'.repeat(70 * 1024));
  assert.equal(t.flushes, corks + 2, 'a turn past the cork limit is written at once');
  session.terminate();
});

test('close: bookkeeping once, subscriptions and presence released, `closed` resolves', async () => {
  const f = sessionFixture();
  const { session, t } = f.open();
  t.receive({ type: 'subscribe', id: 1, channel: 'room' });
  await settle();
  assert.equal(await f.metric('wsgate_subscriptions'), 1);
  assert.equal((await f.broker.presence('room')).length, 1);
  session.close(1000, 'bye');
  session.close(1000, 'again');
  await session.closed;
  assert.deepEqual(f.closed, [session.id]);
  assert.equal(await f.metric('wsgate_subscriptions'), 0);
  assert.equal((await f.broker.presence('room')).length, 0);
  assert.equal(session.send('late'), false, 'nothing is sent after the close');
  const line = f.logs.find((l) => l.event === 'close')!;
  assert.equal(line.code, 1000);
  assert.equal(line.session, session.id);
});
