import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryBroker } from './memory.js';
import type { BrokerMessage } from './types.js';

function broker(historySize = 3, historyTtlMs = 1000) {
  let t = 1_000_000;
  const b = new MemoryBroker({ historySize, historyTtlMs, now: () => t, sweepIntervalMs: 0 });
  return { b, advance: (ms: number) => (t += ms) };
}

test('offsets start at 1 per channel and fan out to every listener in order', async () => {
  const { b } = broker();
  const got: BrokerMessage[] = [];
  await b.subscribe('a', (m) => got.push(m));
  const r1 = await b.publish('a', 'x', { from: 'u' });
  const r2 = await b.publish('a', 'y', { from: 'u' });
  const other = await b.publish('b', 'z', { from: 'u' });
  assert.deepEqual([r1.offset, r2.offset, other.offset], [1, 2, 1]);
  assert.deepEqual(got.map((m) => [m.offset, m.data, m.from]), [[1, 'x', 'u'], [2, 'y', 'u']]);
  assert.notEqual(r1.epoch, other.epoch, 'each channel has its own epoch');
  assert.deepEqual(await b.position('a'), { epoch: r1.epoch, offset: 2 });
});

test('recover: everything after since while history holds it; false past the size bound or in another epoch', async () => {
  const { b } = broker(3);
  const { epoch } = await b.position('a');
  for (let i = 1; i <= 4; i++) await b.publish('a', i, { from: 'u' });
  const ok = await b.recover('a', { epoch, offset: 1 });
  assert.equal(ok.recovered, true);
  assert.deepEqual(ok.messages.map((m) => m.data), [2, 3, 4]);
  assert.deepEqual((await b.recover('a', { epoch, offset: 4 })).messages, []);
  assert.equal((await b.recover('a', { epoch, offset: 4 })).recovered, true, 'up to date counts as recovered');
  const gap = await b.recover('a', { epoch, offset: 0 });
  assert.equal(gap.recovered, false, 'message 1 fell out of the 3-message history');
  assert.deepEqual(gap.position, { epoch, offset: 4 });
  assert.equal((await b.recover('a', { epoch: 'other', offset: 1 })).recovered, false);
  assert.equal((await b.recover('a', { epoch, offset: 9 })).recovered, false, 'a position from the future');
});

test('history expires after the TTL; an idle channel whose history is gone gets a new epoch', async () => {
  const { b, advance } = broker(10, 1000);
  const first = await b.publish('a', 1, { from: 'u' });
  advance(500);
  await b.publish('a', 2, { from: 'u' });
  advance(600); // message 1 is past the TTL, message 2 is not
  const r = await b.recover('a', { epoch: first.epoch, offset: 0 });
  assert.equal(r.recovered, false);
  const r2 = await b.recover('a', { epoch: first.epoch, offset: 1 });
  assert.equal(r2.recovered, true);
  assert.deepEqual(r2.messages.map((m) => m.data), [2]);
  advance(2000);
  b.sweep();
  const after = await b.position('a');
  assert.notEqual(after.epoch, first.epoch, 'history lost → new epoch');
  assert.equal(after.offset, 0);
  assert.equal((await b.recover('a', { epoch: first.epoch, offset: 2 })).recovered, false);
});

test('a channel with listeners keeps its epoch even when its messages expire', async () => {
  const { b, advance } = broker(10, 1000);
  await b.subscribe('a', () => undefined);
  const first = await b.publish('a', 1, { from: 'u' });
  advance(5000);
  b.sweep();
  const next = await b.publish('a', 2, { from: 'u' });
  assert.equal(next.epoch, first.epoch);
  assert.equal(next.offset, 2);
});

test('idempotency: same key + same user within the TTL returns the first result and publishes nothing', async () => {
  const { b, advance } = broker(10, 1000);
  const got: unknown[] = [];
  await b.subscribe('a', (m) => got.push(m.data));
  const first = await b.publish('a', 'x', { from: 'alice', idempotencyKey: 'k' });
  const again = await b.publish('a', 'x', { from: 'alice', idempotencyKey: 'k' });
  assert.deepEqual(again, { ...first, duplicate: true });
  const otherChannel = await b.publish('b', 'z', { from: 'alice', idempotencyKey: 'k' });
  assert.equal(otherChannel.duplicate, false, 'keys are scoped per channel, as on Redis');
  const otherUser = await b.publish('a', 'y', { from: 'bob', idempotencyKey: 'k' });
  assert.equal(otherUser.duplicate, false);
  assert.deepEqual(got, ['x', 'y']);
  advance(1001);
  b.sweep();
  const afterTtl = await b.publish('a', 'x', { from: 'alice', idempotencyKey: 'k' });
  assert.equal(afterTtl.duplicate, false, 'the key is forgotten after the TTL');
  assert.deepEqual(got, ['x', 'y', 'x']);
});

test('presence counts connections per user and forgets removed ones', async () => {
  const { b } = broker();
  await b.presenceAdd('a', 'alice', 'c1');
  await b.presenceAdd('a', 'alice', 'c2');
  await b.presenceAdd('a', 'bob', 'c3');
  assert.deepEqual(await b.presence('a'), [{ id: 'alice', connections: 2 }, { id: 'bob', connections: 1 }]);
  await b.presenceRemove('a', 'alice', 'c1');
  await b.presenceRemove('a', 'bob', 'c3');
  assert.deepEqual(await b.presence('a'), [{ id: 'alice', connections: 1 }]);
  assert.deepEqual(await b.presence('empty'), []);
});

test('history size 0 keeps nothing but still numbers messages', async () => {
  const { b } = broker(0);
  const { epoch } = await b.position('a');
  await b.publish('a', 1, { from: 'u' });
  assert.equal((await b.recover('a', { epoch, offset: 0 })).recovered, false);
  assert.equal((await b.position('a')).offset, 1);
});

test('idempotency keys expire in publish order, each exactly after the TTL, however many', async () => {
  const { b, advance } = broker(10, 1000);
  const first: Array<{ epoch: string; offset: number }> = [];
  for (let i = 0; i < 3000; i++) {
    first.push(await b.publish('a', i, { from: 'u', idempotencyKey: `k${i}` }));
    if (i === 1499) advance(500);
  }
  advance(500); // the first 1,500 keys are now exactly one TTL old, the rest half of it
  assert.equal((await b.publish('a', 0, { from: 'u', idempotencyKey: 'k0' })).duplicate, false, 'expired');
  const recent = await b.publish('a', 2999, { from: 'u', idempotencyKey: 'k2999' });
  assert.deepEqual(recent, { ...first[2999]!, duplicate: true });
  advance(499);
  assert.equal((await b.publish('a', 1500, { from: 'u', idempotencyKey: 'k1500' })).duplicate, true, '999 ms old: still remembered');
  advance(1);
  assert.equal((await b.publish('a', 1500, { from: 'u', idempotencyKey: 'k1500' })).duplicate, false, 'at the TTL: forgotten');
});
