// Channels over real sockets: ping/pong (ws and wscat as an outside peer), subscribe/publish/
// ack/message, idempotent publish, recovery after a reconnect (and recovered:false once history
// is gone), recovery racing live publishes, presence across nodes, and user:<id> inboxes.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MemoryBroker, type Broker, type StreamPositionLike } from './server-types.js';
import { connect, startServer, sleep, type Frame } from './server-helpers.js';

const TOKENS = 'tok-a:alice,tok-b:bob,tok-c:carol';
const cleanup: Array<() => Promise<void> | void> = [];
after(async () => {
  for (const c of cleanup.reverse()) await c();
});

async function server(opts: Parameters<typeof startServer>[0] = {}) {
  const s = await startServer({ tokens: TOKENS, ...opts });
  cleanup.push(() => s.close());
  return s;
}

test('the text "ping" is answered with "pong"; hello advertises heartbeat and limits', async () => {
  const s = await server({ pingInterval: 5000 });
  const { client } = await import('./server-helpers.js');
  const c = client(`${s.url}?token=tok-a`);
  cleanup.push(() => c.close());
  await c.opened;
  const hello = await c.type('hello');
  assert.equal(hello.protocol, 1);
  assert.deepEqual(hello.user, { id: 'alice' });
  assert.equal(typeof hello.session, 'string');
  assert.deepEqual(hello.heartbeat, { interval: 5000, timeout: 10000 });
  assert.equal((hello.limits as { maxMessage: number }).maxMessage, 65536);
  c.send('ping');
  assert.equal(await c.next((f) => f === 'pong'), 'pong');
});

test('wscat, an outside peer, gets "pong" for "ping"', async (t) => {
  const wscat = fileURLToPath(new URL('../../node_modules/.bin/wscat', import.meta.url));
  if (!existsSync(wscat)) {
    if (process.env.CI) assert.fail('wscat is missing (devDependency): run npm install');
    t.skip('wscat not installed');
    return;
  }
  const s = await server();
  const child = spawn(wscat, ['-c', `${s.url}?token=tok-a`], { stdio: ['pipe', 'pipe', 'pipe'] });
  cleanup.push(() => void child.kill('SIGKILL'));
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const deadline = Date.now() + 8000;
  while (!out.includes('"hello"') && Date.now() < deadline) await sleep(50);
  assert.match(out, /"type":"hello"/, `wscat output: ${out}`);
  child.stdin.write('ping\n');
  while (!/<?\s*pong/.test(out) && Date.now() < deadline) await sleep(50);
  assert.match(out, /pong/);
  child.kill('SIGTERM');
});

test('publish → ack to the publisher and message to every subscriber, in offset order', async () => {
  const s = await server();
  const a = await connect(s, 'tok-a');
  const b = await connect(s, 'tok-b');
  cleanup.push(() => a.close(), () => b.close());
  const sub = await a.request({ type: 'subscribe', id: 1, channel: 'room:lobby' });
  assert.equal(sub.type, 'subscribed');
  assert.equal(sub.offset, 0);
  assert.equal(sub.recovered, false);
  const acks: Frame[] = [];
  for (let i = 1; i <= 3; i++) acks.push(await b.request({ type: 'publish', id: `m${i}`, channel: 'room:lobby', data: { n: i } }));
  assert.deepEqual(acks.map((x) => [x.type, x.offset]), [['ack', 1], ['ack', 2], ['ack', 3]]);
  const msgs = await a.messages('room:lobby', 3);
  assert.deepEqual(msgs.map((m) => [m.offset, m.from, (m.data as { n: number }).n, m.epoch]), [1, 2, 3].map((n) => [n, 'bob', n, sub.epoch]));
  const unsub = await a.request({ type: 'unsubscribe', id: 2, channel: 'room:lobby' });
  assert.deepEqual(unsub, { type: 'unsubscribed', id: 2, channel: 'room:lobby' });
  await b.request({ type: 'publish', id: 'm4', channel: 'room:lobby', data: 4 });
  await sleep(100);
  assert.equal(a.frames.filter((f) => typeof f === 'object' && f.type === 'message').length, 0, 'no message after unsubscribe');
  const again = await a.request({ type: 'unsubscribe', id: 3, channel: 'room:lobby' });
  assert.equal(again.code, 'NOT_SUBSCRIBED');
});

test('the same publish id from the same user is published once and acked with the first offset', async () => {
  const s = await server();
  const a = await connect(s, 'tok-a');
  const b = await connect(s, 'tok-b');
  cleanup.push(() => a.close(), () => b.close());
  await a.request({ type: 'subscribe', id: 's', channel: 'room:idem' });
  const first = await b.request({ type: 'publish', id: 'once', channel: 'room:idem', data: 'x' });
  const second = await b.request({ type: 'publish', id: 'once', channel: 'room:idem', data: 'x' });
  assert.equal(second.offset, first.offset);
  assert.equal(second.duplicate, true);
  // Another user may use the same id: that is a different message.
  const carol = await connect(s, 'tok-c');
  cleanup.push(() => carol.close());
  const other = await carol.request({ type: 'publish', id: 'once', channel: 'room:idem', data: 'y' });
  assert.equal(other.offset, (first.offset as number) + 1);
  await a.messages('room:idem', 2);
  await sleep(100);
  assert.equal(a.frames.filter((f) => typeof f === 'object' && f.type === 'message').length, 0, 'exactly two messages delivered');
  // After a reconnect the same id is still a duplicate (within the history TTL).
  b.close();
  const b2 = await connect(s, 'tok-b');
  cleanup.push(() => b2.close());
  const third = await b2.request({ type: 'publish', id: 'once', channel: 'room:idem', data: 'x' });
  assert.equal(third.offset, first.offset);
});

test('recovery: a reconnecting client gets exactly the missed messages, then recovered:false once history is gone', async () => {
  const s = await server({ historySize: 5 });
  const a = await connect(s, 'tok-a');
  const b = await connect(s, 'tok-b');
  cleanup.push(() => b.close());
  const sub = await a.request({ type: 'subscribe', id: 1, channel: 'room:r' });
  await b.request({ type: 'publish', id: 'r1', channel: 'room:r', data: 1 });
  const [m1] = await a.messages('room:r', 1);
  a.close();
  for (let i = 2; i <= 4; i++) await b.request({ type: 'publish', id: `r${i}`, channel: 'room:r', data: i });
  const a2 = await connect(s, 'tok-a');
  cleanup.push(() => a2.close());
  const since = { epoch: sub.epoch, offset: m1!.offset };
  const rec = await a2.request({ type: 'subscribe', id: 2, channel: 'room:r', since });
  assert.equal(rec.recovered, true);
  assert.equal(rec.offset, 4);
  const replay = await a2.messages('room:r', 3);
  assert.deepEqual(replay.map((m) => m.data), [2, 3, 4]);
  // Live messages continue after the replay.
  await b.request({ type: 'publish', id: 'r5', channel: 'room:r', data: 5 });
  assert.equal((await a2.messages('room:r', 1))[0]!.data, 5);
  // Now 10 more: the history (5) no longer holds everything after offset 5.
  await a2.request({ type: 'unsubscribe', id: 3, channel: 'room:r' });
  for (let i = 6; i <= 15; i++) await b.request({ type: 'publish', id: `r${i}`, channel: 'room:r', data: i });
  const lost = await a2.request({ type: 'subscribe', id: 4, channel: 'room:r', since: { epoch: sub.epoch, offset: 5 } });
  assert.equal(lost.recovered, false);
  assert.equal(lost.offset, 15);
  // An unknown epoch (history from another life of the channel) is not recoverable either.
  const a3 = await connect(s, 'tok-a');
  cleanup.push(() => a3.close());
  const otherEpoch = await a3.request({ type: 'subscribe', id: 5, channel: 'room:r', since: { epoch: 'gone', offset: 1 } });
  assert.equal(otherEpoch.recovered, false);
  await sleep(100);
  assert.equal(a3.frames.filter((f) => typeof f === 'object' && f.type === 'message').length, 0);
});

test('recovery while publishes keep coming: nothing lost, nothing twice, in order', async () => {
  // A broker whose recover() is slow and lets messages be published while it runs.
  const inner = new MemoryBroker({ historySize: 1000, historyTtlMs: 60_000 });
  let during: (() => Promise<void>) | undefined;
  const slow: Broker = Object.assign(Object.create(inner) as Broker, {
    recover: async (channel: string, since: StreamPositionLike) => {
      await during?.();
      const r = await inner.recover(channel, since);
      await during?.();
      return r;
    },
  });
  const s = await server({ broker: slow });
  cleanup.push(() => inner.close());
  const a = await connect(s, 'tok-a');
  const b = await connect(s, 'tok-b');
  cleanup.push(() => a.close(), () => b.close());
  const sub = await a.request({ type: 'subscribe', id: 1, channel: 'room:race' });
  for (let i = 1; i <= 3; i++) await b.request({ type: 'publish', id: `x${i}`, channel: 'room:race', data: i });
  await a.messages('room:race', 3);
  a.close();
  for (let i = 4; i <= 6; i++) await b.request({ type: 'publish', id: `x${i}`, channel: 'room:race', data: i });
  let n = 6;
  during = async () => {
    n++;
    await inner.publish('room:race', n, { from: 'bob', idempotencyKey: `live${n}` });
  };
  const a2 = await connect(s, 'tok-a');
  cleanup.push(() => a2.close());
  const rec = await a2.request({ type: 'subscribe', id: 2, channel: 'room:race', since: { epoch: sub.epoch as string, offset: 3 } });
  during = undefined;
  assert.equal(rec.recovered, true);
  for (let i = 9; i <= 10; i++) await b.request({ type: 'publish', id: `x${i}`, channel: 'room:race', data: i });
  const got = await a2.messages('room:race', 7);
  assert.deepEqual(got.map((m) => m.offset), [4, 5, 6, 7, 8, 9, 10]);
  assert.deepEqual(got.map((m) => m.data), [4, 5, 6, 7, 8, 9, 10]);
  await sleep(100);
  assert.equal(a2.frames.filter((f) => typeof f === 'object' && f.type === 'message').length, 0, 'no duplicates');
});

test('presence lists users subscribed across nodes (two servers sharing one broker)', async () => {
  const broker = new MemoryBroker({ historySize: 10, historyTtlMs: 60_000 });
  cleanup.push(() => broker.close());
  const s1 = await server({ broker });
  const s2 = await server({ broker });
  const a = await connect(s1, 'tok-a');
  const a2 = await connect(s2, 'tok-a');
  const b = await connect(s2, 'tok-b');
  cleanup.push(() => a.close(), () => a2.close(), () => b.close());
  await a.request({ type: 'subscribe', id: 1, channel: 'room:p' });
  await a2.request({ type: 'subscribe', id: 1, channel: 'room:p' });
  await b.request({ type: 'subscribe', id: 1, channel: 'room:p' });
  const p = await b.request({ type: 'presence', id: 2, channel: 'room:p' });
  assert.deepEqual(p.users, [{ id: 'alice', connections: 2 }, { id: 'bob', connections: 1 }]);
  // Messages cross nodes too.
  await b.request({ type: 'publish', id: 'hello', channel: 'room:p', data: 'hi' });
  assert.equal((await a.messages('room:p', 1))[0]!.data, 'hi');
  // A closed connection leaves presence.
  a.close();
  let users: unknown;
  for (let i = 0; i < 50; i++) {
    users = (await b.request({ type: 'presence', id: `q${i}`, channel: 'room:p' })).users;
    if (JSON.stringify(users) === JSON.stringify([{ id: 'alice', connections: 1 }, { id: 'bob', connections: 1 }])) break;
    await sleep(20);
  }
  assert.deepEqual(users, [{ id: 'alice', connections: 1 }, { id: 'bob', connections: 1 }]);
});

test('user:<id> is an inbox: only <id> may subscribe, anyone may publish', async () => {
  const s = await server();
  const a = await connect(s, 'tok-a');
  const b = await connect(s, 'tok-b');
  cleanup.push(() => a.close(), () => b.close());
  const own = await a.request({ type: 'subscribe', id: 1, channel: 'user:alice' });
  assert.equal(own.type, 'subscribed');
  const spy = await b.request({ type: 'subscribe', id: 2, channel: 'user:alice' });
  assert.equal(spy.type, 'error');
  assert.equal(spy.code, 'FORBIDDEN_CHANNEL');
  // The connection stays open after a recoverable error.
  const dm = await b.request({ type: 'publish', id: 3, channel: 'user:alice', data: { text: 'psst' } });
  assert.equal(dm.type, 'ack');
  const [m] = await a.messages('user:alice', 1);
  assert.equal(m!.from, 'bob');
  assert.deepEqual(m!.data, { text: 'psst' });
});

test('broker down: publish and subscribe answer BROKER_UNAVAILABLE and the connection stays open', async () => {
  const { BrokerUnavailableError } = await import('../../src/server/index.js');
  const inner = new MemoryBroker();
  let down = false;
  const guard = <T>(fn: () => Promise<T>): Promise<T> => (down ? Promise.reject(new BrokerUnavailableError('redis: connection refused')) : fn());
  const flaky: Broker = Object.assign(Object.create(inner) as Broker, {
    publish: (c: string, d: unknown, m: Parameters<Broker['publish']>[2]) => guard(() => inner.publish(c, d, m)),
    subscribe: (c: string, l: Parameters<Broker['subscribe']>[1]) => guard(() => inner.subscribe(c, l)),
  });
  const s = await server({ broker: flaky });
  const a = await connect(s, 'tok-a');
  cleanup.push(() => a.close());
  down = true;
  const pub = await a.request({ type: 'publish', id: 'p1', channel: 'room:d', data: 1 });
  assert.deepEqual([pub.type, pub.code], ['error', 'BROKER_UNAVAILABLE']);
  const sub = await a.request({ type: 'subscribe', id: 's1', channel: 'room:d' });
  assert.deepEqual([sub.type, sub.code], ['error', 'BROKER_UNAVAILABLE']);
  down = false;
  // Same id again once the broker is back: accepted now (nothing was published before).
  const retry = await a.request({ type: 'publish', id: 'p1', channel: 'room:d', data: 1 });
  assert.deepEqual([retry.type, retry.offset, retry.duplicate], ['ack', 1, undefined]);
  assert.equal((await a.request({ type: 'subscribe', id: 's2', channel: 'room:d' })).type, 'subscribed');
});

test('--max-subscriptions: one channel too many is refused with TOO_MANY_SUBSCRIPTIONS', async () => {
  const s = await server({ maxSubscriptions: 2 });
  const a = await connect(s, 'tok-a');
  cleanup.push(() => a.close());
  await a.request({ type: 'subscribe', id: 1, channel: 'c1' });
  await a.request({ type: 'subscribe', id: 2, channel: 'c2' });
  const third = await a.request({ type: 'subscribe', id: 3, channel: 'c3' });
  assert.equal(third.code, 'TOO_MANY_SUBSCRIPTIONS');
  await a.request({ type: 'unsubscribe', id: 4, channel: 'c1' });
  assert.equal((await a.request({ type: 'subscribe', id: 5, channel: 'c3' })).type, 'subscribed');
});

test('server.close() stops at once with 1001; createServer rejects bad options naming the flag', async () => {
  const s = await startServer({ tokens: TOKENS });
  const a = await connect(s, 'tok-a');
  await s.close();
  assert.equal((await a.closed).code, 1001);
  const { ConfigError } = await import('../../src/server/index.js');
  await assert.rejects(startServer({ pingInterval: -1 }), (e: unknown) => e instanceof ConfigError && e.flag === '--ping-interval');
});
