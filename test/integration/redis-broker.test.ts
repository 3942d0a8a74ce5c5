// The Redis broker against a real Redis (docs/scaling.md): two RedisBroker instances are two nodes.
// Shared Redis tests use their own key prefix; the flush and stop/start tests use a private
// redis-server on 127.0.0.7x.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { spawnSync } from 'node:child_process';
import { requireBinary, startProcess, waitFor } from '../lab/index.js';
import { BrokerUnavailableError, type BrokerMessage } from '../../src/server/broker/types.js';
import { channelKeys } from '../../src/server/broker/redis-scripts.js';
import { SHARED_REDIS, deletePrefix, requireRedis, sleep, startBroker, startPrivateRedis, uniquePrefix } from './redis-lab.js';

async function sharedSetup(t: import('node:test').TestContext, name: string): Promise<{ prefix: string; redis: Redis } | null> {
  if (!(await requireRedis(t))) return null;
  const prefix = uniquePrefix(name);
  const redis = new Redis(SHARED_REDIS);
  t.after(async () => {
    await deletePrefix(SHARED_REDIS, prefix);
    redis.disconnect();
  });
  return { prefix, redis };
}

test('redis broker: messages published on one node reach subscribers on every node, once, in offset order', async (t) => {
  const s = await sharedSetup(t, 'fanout');
  if (!s) return;
  const a = await startBroker(t, { url: SHARED_REDIS, prefix: s.prefix });
  const b = await startBroker(t, { url: SHARED_REDIS, prefix: s.prefix });
  const onA: BrokerMessage[] = [];
  const onB1: BrokerMessage[] = [];
  const onB2: BrokerMessage[] = [];
  await a.subscribe('room:1', (m) => onA.push(m));
  const offB1 = await b.subscribe('room:1', (m) => onB1.push(m));
  await b.subscribe('room:1', (m) => onB2.push(m));
  // One Redis subscription per channel per node, however many local listeners.
  const pubsub = channelKeys(s.prefix, 'room:1').pubsub;
  const [, count] = (await s.redis.pubsub('NUMSUB', pubsub)) as [string, number];
  assert.equal(Number(count), 2);

  const acks: Array<{ epoch: string; offset: number; duplicate: boolean }> = [];
  for (let i = 1; i <= 40; i++) acks.push(await (i % 2 ? a : b).publish('room:1', { n: i }, { from: i % 2 ? 'alice' : 'bob' }));
  assert.deepEqual(acks.map((x) => x.offset), Array.from({ length: 40 }, (_, i) => i + 1));
  assert.ok(acks.every((x) => x.epoch === acks[0]!.epoch && !x.duplicate));
  await waitFor('40 messages on every listener', () => onA.length === 40 && onB1.length === 40 && onB2.length === 40, 5000);
  for (const got of [onA, onB1, onB2]) {
    assert.deepEqual(got.map((m) => m.offset), acks.map((x) => x.offset));
    assert.deepEqual(got.map((m) => (m.data as { n: number }).n), Array.from({ length: 40 }, (_, i) => i + 1));
  }
  assert.equal(onB1[0]!.from, 'alice');
  assert.equal(onB1[1]!.from, 'bob');

  // The last local listener leaving releases the node's Redis subscription; others stay.
  await offB1();
  await waitFor('b still subscribed for its other listener', async () => Number(((await s.redis.pubsub('NUMSUB', pubsub)) as [string, number])[1]) === 2);
  await sleep(50);
  await a.publish('room:1', 'after', { from: 'alice' });
  await waitFor('b2 gets it', () => onB2.length === 41);
  assert.equal(onB1.length, 40);
});

test('redis broker: data round-trips exactly (arrays, nested objects, unicode, big text)', async (t) => {
  const s = await sharedSetup(t, 'data');
  if (!s) return;
  const a = await startBroker(t, { url: SHARED_REDIS, prefix: s.prefix });
  const b = await startBroker(t, { url: SHARED_REDIS, prefix: s.prefix });
  const got: unknown[] = [];
  await b.subscribe('c', (m) => got.push(m.data));
  const values = [[], {}, { a: [1, 2.5, -3e-7], b: null, c: 'é漢字🙂"\\\n' }, 'x'.repeat(50_000), 0, false, null];
  for (const v of values) await a.publish('c', v, { from: 'u' });
  await waitFor('all values', () => got.length === values.length);
  assert.deepEqual(got, values);
  const r = await b.recover('c', { epoch: (await a.position('c')).epoch, offset: 0 });
  assert.deepEqual(r.messages.map((m) => m.data), values);
});

test('redis broker: history is bounded by size and by age; recovery needs every message after `since`', async (t) => {
  const s = await sharedSetup(t, 'history');
  if (!s) return;
  const a = await startBroker(t, { url: SHARED_REDIS, prefix: s.prefix }, { historySize: 5, historyTtlMs: 60_000 });
  const b = await startBroker(t, { url: SHARED_REDIS, prefix: s.prefix }, { historySize: 5, historyTtlMs: 60_000 });
  const empty = await b.position('sized');
  assert.equal(empty.offset, 0);
  for (let i = 1; i <= 8; i++) await a.publish('sized', i, { from: 'u' });
  const keys = channelKeys(s.prefix, 'sized');
  assert.equal(await s.redis.xlen(keys.stream), 5);
  const pos = await b.position('sized');
  assert.deepEqual(pos, { epoch: empty.epoch, offset: 8 });
  const ok = await b.recover('sized', { epoch: pos.epoch, offset: 3 });
  assert.equal(ok.recovered, true);
  assert.deepEqual(ok.messages.map((m) => [m.offset, m.data]), [[4, 4], [5, 5], [6, 6], [7, 7], [8, 8]]);
  assert.equal((await b.recover('sized', { epoch: pos.epoch, offset: 2 })).recovered, false, 'offset 3 was trimmed');
  assert.deepEqual(await b.recover('sized', { epoch: pos.epoch, offset: 8 }), { position: pos, recovered: true, messages: [] });
  assert.equal((await b.recover('sized', { epoch: pos.epoch, offset: 9 })).recovered, false, 'an offset from the future');
  assert.equal((await b.recover('sized', { epoch: 'other', offset: 8 })).recovered, false, 'another epoch');

  // Age: entries older than --history-ttl are gone, even while the channel stays busy.
  const c = await startBroker(t, { url: SHARED_REDIS, prefix: s.prefix }, { historySize: 100, historyTtlMs: 400 });
  for (let i = 1; i <= 3; i++) await c.publish('aged', i, { from: 'u' });
  const aged = await c.position('aged');
  assert.equal((await c.recover('aged', { epoch: aged.epoch, offset: 0 })).recovered, true);
  await sleep(500);
  assert.equal((await c.recover('aged', { epoch: aged.epoch, offset: 0 })).recovered, false, 'messages older than the TTL count as lost');
  await c.publish('aged', 4, { from: 'u' });
  assert.equal(await s.redis.xlen(channelKeys(s.prefix, 'aged').stream), 1, 'expired entries trimmed on publish');
  const r = await c.recover('aged', { epoch: aged.epoch, offset: 3 });
  assert.equal(r.recovered, true);
  assert.deepEqual(r.messages.map((m) => m.data), [4]);
  const pttl = await s.redis.pttl(channelKeys(s.prefix, 'aged').stream);
  assert.ok(pttl > 0 && pttl <= 400, `stream expires with the history TTL (pttl ${pttl})`);
});

test('redis broker: an idempotency key holds across nodes, per user', async (t) => {
  const s = await sharedSetup(t, 'idem');
  if (!s) return;
  const a = await startBroker(t, { url: SHARED_REDIS, prefix: s.prefix });
  const b = await startBroker(t, { url: SHARED_REDIS, prefix: s.prefix });
  const got: BrokerMessage[] = [];
  await b.subscribe('ch', (m) => got.push(m));
  const first = await a.publish('ch', 'one', { from: 'alice', idempotencyKey: 'req-1' });
  const again = await b.publish('ch', 'one again', { from: 'alice', idempotencyKey: 'req-1' });
  assert.deepEqual(again, { epoch: first.epoch, offset: first.offset, duplicate: true });
  const bob = await b.publish('ch', 'bob', { from: 'bob', idempotencyKey: 'req-1' });
  assert.equal(bob.duplicate, false);
  assert.equal(bob.offset, first.offset + 1);
  const none1 = await a.publish('ch', 'no key', { from: 'alice' });
  const none2 = await a.publish('ch', 'no key', { from: 'alice' });
  assert.deepEqual([none1.offset, none2.offset], [3, 4]);
  await waitFor('4 messages', () => got.length === 4);
  await sleep(100);
  assert.deepEqual(got.map((m) => m.data), ['one', 'bob', 'no key', 'no key']);
});

test('redis broker: publishes of one turn go to Redis together and each gets its own result, in order', async (t) => {
  const s = await sharedSetup(t, 'batch');
  if (!s) return;
  const a = await startBroker(t, { url: SHARED_REDIS, prefix: s.prefix });
  const b = await startBroker(t, { url: SHARED_REDIS, prefix: s.prefix });
  const got: BrokerMessage[] = [];
  await b.subscribe('room:batch', (m) => got.push(m));
  const evalsBefore = Number(/cmdstat_evalsha:calls=(\d+)/.exec(await s.redis.info('commandstats'))?.[1] ?? 0);
  // 300 publishes in one turn (more than one script call takes), two channels, and the same
  // key twice within the turn: the second is a duplicate of the first.
  const pubs = Array.from({ length: 300 }, (_, i) => a.publish(i % 3 === 2 && i !== 299 ? 'room:other' : 'room:batch', { n: i, text: 'a "quoted" \\ text' }, { from: 'alice', idempotencyKey: i === 299 ? 'k0' : `k${i}` }));
  const acks = await Promise.all(pubs);
  const evals = Number(/cmdstat_evalsha:calls=(\d+)/.exec(await s.redis.info('commandstats'))?.[1] ?? 0) - evalsBefore;
  // The shared Redis may serve other work too; this node's 300 publishes took a handful of calls.
  assert.ok(evals < 300, `${evals} script calls for 300 publishes`);
  const batch = acks.filter((_, i) => i % 3 !== 2);
  assert.deepEqual(batch.map((x) => x.offset), Array.from({ length: 200 }, (_, i) => i + 1), 'offsets in publish order');
  assert.deepEqual(acks[299], { ...acks[0]!, duplicate: true }, 'the same key within one turn is published once');
  await waitFor('200 messages', () => got.length === 200, 5000);
  assert.deepEqual(got.map((m) => (m.data as { n: number }).n), Array.from({ length: 300 }, (_, i) => i).filter((i) => i % 3 !== 2));
  assert.equal((got[0]!.data as { text: string }).text, 'a "quoted" \\ text');
  const r = await a.recover('room:batch', { epoch: acks[0]!.epoch, offset: 198 });
  assert.deepEqual(r.messages.map((m) => [m.offset, m.from, (m.data as { n: number }).n]), [[199, 'alice', 297], [200, 'alice', 298]]);
});

test('redis broker: a node that misses pub/sub messages (connection killed) reads them back from the stream', async (t) => {
  const s = await sharedSetup(t, 'gap');
  if (!s) return;
  const a = await startBroker(t, { url: SHARED_REDIS, prefix: s.prefix });
  const b = await startBroker(t, { url: SHARED_REDIS, prefix: s.prefix }, { nodeId: `gapnode-${process.pid}-${Date.now()}` });
  const got: number[] = [];
  await b.subscribe('g', (m) => got.push(m.offset));
  await a.publish('g', 0, { from: 'u' });
  await waitFor('first', () => got.length === 1);
  // Kill only b's subscriber connection (by its client name), then publish while it is gone.
  const list = (await s.redis.client('LIST')) as string;
  const line = list.split('\n').find((l) => l.includes(`name=wsgate-sub-gapnode-${process.pid}`));
  assert.ok(line, 'b subscriber connection is named');
  const id = /id=(\d+)/.exec(line)![1]!;
  await s.redis.client('KILL', 'ID', id);
  for (let i = 1; i <= 20; i++) await a.publish('g', i, { from: 'u' });
  await waitFor('b catches up', () => got.length === 21, 8000);
  await sleep(200);
  assert.deepEqual(got, Array.from({ length: 21 }, (_, i) => i + 1));
  assert.equal(b.health().up, true);
});

test('redis broker: presence spans nodes; a killed node drops out after the presence TTL, a closed one at once', async (t) => {
  const s = await sharedSetup(t, 'presence');
  if (!s) return;
  const a = await startBroker(t, { url: SHARED_REDIS, prefix: s.prefix, presenceTtlMs: 900 });
  const b = await startBroker(t, { url: SHARED_REDIS, prefix: s.prefix, presenceTtlMs: 900 });
  await a.presenceAdd('lobby', 'alice', 'a1');
  await a.presenceAdd('lobby', 'alice', 'a2');
  await b.presenceAdd('lobby', 'bob', 'b1');
  const doomed = startProcess('presence-node', process.execPath, ['--import', 'tsx', new URL('./fixtures/redis-presence-node.ts', import.meta.url).pathname, SHARED_REDIS, s.prefix, '900', 'lobby', 'ghost']);
  t.after(() => doomed.stop());
  await waitFor('doomed node ready', () => doomed.output().includes('ready'), 15_000);
  assert.deepEqual(await b.presence('lobby'), [{ id: 'alice', connections: 2 }, { id: 'bob', connections: 1 }, { id: 'ghost', connections: 1 }]);
  // Entries stay while their nodes heartbeat (several TTLs).
  await sleep(2000);
  assert.deepEqual((await a.presence('lobby')).map((u) => u.id), ['alice', 'bob', 'ghost']);
  doomed.child.kill('SIGKILL');
  await doomed.exited;
  const killedAt = Date.now();
  await waitFor('ghost gone', async () => !(await a.presence('lobby')).some((u) => u.id === 'ghost'), 5000, 100);
  assert.ok(Date.now() - killedAt < 3000, 'within ~ the presence TTL');
  await a.presenceRemove('lobby', 'alice', 'a1');
  assert.deepEqual(await b.presence('lobby'), [{ id: 'alice', connections: 1 }, { id: 'bob', connections: 1 }]);
  await b.close();
  assert.deepEqual(await a.presence('lobby'), [{ id: 'alice', connections: 1 }]);
});

test('redis broker: FLUSHALL loses the stream → a new epoch, recovered:false, and delivery goes on', async (t) => {
  const r = await startPrivateRedis(t, '127.0.0.70');
  if (!r) return;
  const a = await startBroker(t, { url: r.url, prefix: 'p:' });
  const b = await startBroker(t, { url: r.url, prefix: 'p:' });
  const got: BrokerMessage[] = [];
  await b.subscribe('news', (m) => got.push(m));
  for (let i = 1; i <= 3; i++) await a.publish('news', i, { from: 'u', idempotencyKey: `k${i}` });
  const before = await b.position('news');
  assert.equal(before.offset, 3);
  await b.presenceAdd('news', 'bob', 'b1');
  const admin = new Redis(r.url);
  await admin.flushall();
  admin.disconnect();
  const rec = await b.recover('news', before);
  assert.equal(rec.recovered, false);
  assert.notEqual(rec.position.epoch, before.epoch);
  assert.equal(rec.position.offset, 0);
  // The idempotency keys went too: k1 publishes anew, in the new epoch.
  const after = await a.publish('news', 'fresh', { from: 'u', idempotencyKey: 'k1' });
  assert.deepEqual(after, { epoch: rec.position.epoch, offset: 1, duplicate: false });
  await waitFor('the new-epoch message reaches b', () => got.length === 4);
  assert.deepEqual(got.map((m) => [m.epoch === before.epoch ? 'old' : 'new', m.offset]), [['old', 1], ['old', 2], ['old', 3], ['new', 1]]);
  // Presence went with the flush; b's next heartbeat puts its entries back.
  await waitFor('presence re-asserted', async () => (await a.presence('news')).length === 1, 3000, 100);
  assert.deepEqual(await a.presence('news'), [{ id: 'bob', connections: 1 }]);
});

test('redis broker: Redis stopped → health down and publish rejects BROKER_UNAVAILABLE; started → back, subscriptions restored', async (t) => {
  const r = await startPrivateRedis(t, '127.0.0.71');
  if (!r) return;
  const a = await startBroker(t, { url: r.url, prefix: 'p:' });
  const b = await startBroker(t, { url: r.url, prefix: 'p:' });
  const got: BrokerMessage[] = [];
  await b.subscribe('live', (m) => got.push(m));
  await a.publish('live', 'before', { from: 'u' });
  await waitFor('before', () => got.length === 1);
  const transitions: boolean[] = [];
  b.onHealth((h) => transitions.push(h.up));

  await r.kill();
  await waitFor('a down', () => !a.health().up, 3000);
  await waitFor('b down', () => !b.health().up, 3000);
  assert.match(a.health().reason ?? '', /unreachable|subscriber/);
  const started = Date.now();
  await assert.rejects(a.publish('live', 'lost', { from: 'u', idempotencyKey: 'x' }), (err: unknown) => err instanceof BrokerUnavailableError && err.code === 'BROKER_UNAVAILABLE');
  assert.ok(Date.now() - started < 1500, 'fails fast, no queueing');
  await assert.rejects(b.subscribe('other', () => {}), BrokerUnavailableError);
  await assert.rejects(b.presence('live'), BrokerUnavailableError);
  await sleep(300); // nothing crashes while it keeps retrying

  await r.restart();
  await waitFor('a up', () => a.health().up, 8000);
  await waitFor('b up', () => b.health().up, 8000);
  assert.deepEqual(transitions, [false, true]);
  const ack = await a.publish('live', 'after', { from: 'u', idempotencyKey: 'x' });
  assert.equal(ack.offset, 1, 'the restarted Redis (no persistence) starts a new epoch');
  await waitFor('b receives through its restored subscription', () => got.length === 2, 5000);
  assert.equal(got[1]!.data, 'after');
  assert.notEqual(got[1]!.epoch, got[0]!.epoch);
});

test('redis broker: a connected Redis that stops answering (SIGSTOP) → health down, publishes fail within the command timeout; SIGCONT → up', async (t) => {
  const r = await startPrivateRedis(t, '127.0.0.71');
  if (!r) return;
  const a = await startBroker(t, { url: r.url, prefix: 'p:', commandTimeoutMs: 800, probeIntervalMs: 300 });
  await a.publish('hung', 1, { from: 'u' });
  const pid = r.process.child.pid!;
  process.kill(pid, 'SIGSTOP');
  t.after(() => {
    try {
      process.kill(pid, 'SIGCONT');
    } catch {
      // already gone
    }
  });
  const started = Date.now();
  await assert.rejects(a.publish('hung', 2, { from: 'u', idempotencyKey: 'h2' }), BrokerUnavailableError);
  assert.ok(Date.now() - started < 2000, 'fails after the command timeout, does not hang');
  await waitFor('health down', () => !a.health().up, 4000, 50);
  assert.match(a.health().reason ?? '', /not answering/);
  process.kill(pid, 'SIGCONT');
  await waitFor('health up', () => a.health().up, 5000, 50);
  // The timed-out publish may or may not have run: a retry with the same id is exactly-once.
  const retry = await a.publish('hung', 2, { from: 'u', idempotencyKey: 'h2' });
  const again = await a.publish('hung', 2, { from: 'u', idempotencyKey: 'h2' });
  assert.equal(again.duplicate, true);
  assert.equal(again.offset, retry.offset);
  assert.equal(retry.offset, 2);
});

test('redis broker: a Redis restart, even with its data persisted, starts new epochs (writes after the last fsync may be gone)', async (t) => {
  const r = await startPrivateRedis(t, '127.0.0.72', () => ['--save', '3600 1']);
  if (!r) return;
  const a = await startBroker(t, { url: r.url, prefix: 'p:' });
  for (let i = 1; i <= 3; i++) await a.publish('kept', i, { from: 'u' });
  const before = await a.position('kept');
  const cli = requireBinary('redis-cli', t);
  if (!cli) return;
  spawnSync(cli, ['-h', r.host, '-p', String(r.port), 'shutdown', 'save'], { timeout: 10_000 });
  await r.process.exited;
  await r.restart(true);
  await waitFor('up again', () => a.health().up, 8000);
  const check = new Redis(r.url);
  const streamKept = await check.xlen('p:{kept}:stream');
  check.disconnect();
  assert.equal(streamKept, 3, 'the snapshot was loaded: the data is there');
  const rec = await a.recover('kept', before);
  assert.equal(rec.recovered, false, 'but Redis cannot vouch that nothing after the snapshot was lost');
  assert.notEqual(rec.position.epoch, before.epoch);
});

test('redis broker: start() with Redis absent resolves with health down, then comes up when Redis does', async (t) => {
  const r = await startPrivateRedis(t, '127.0.0.72');
  if (!r) return;
  await r.kill();
  const a = await startBroker(t, { url: r.url, prefix: 'p:', startTimeoutMs: 500 });
  assert.equal(a.health().up, false);
  await assert.rejects(a.position('x'), BrokerUnavailableError);
  await r.restart();
  await waitFor('up', () => a.health().up, 8000);
  assert.equal((await a.position('x')).offset, 0);
});
