// `wsgate serve --broker redis://…`: two servers (two "nodes") on one real Redis share channels,
// presence and history — a client recovers on the other node what it missed on the first — and
// /readyz reports the Redis broker. Uses the machine's Redis on 127.0.0.1:6379 with a private
// key prefix (CI starts it; locally the test is skipped with a message if it is not running).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { SHARED_REDIS, deletePrefix, requireRedis, uniquePrefix } from './redis-lab.js';
import { connect, startServer } from './server-helpers.js';

const cleanup: Array<() => Promise<void> | void> = [];
after(async () => {
  for (const c of cleanup.reverse()) await c();
});

test('two nodes on one Redis: fan-out, presence and recovery across nodes', async (t) => {
  if (!(await requireRedis(t))) return;
  const prefix = uniquePrefix('serve');
  cleanup.push(() => deletePrefix(SHARED_REDIS, prefix));
  const opts = { tokens: 'tok-a:alice,tok-b:bob', broker: SHARED_REDIS, brokerPrefix: prefix, historySize: 50 } as const;
  const n1 = await startServer({ ...opts, nodeId: 'node-1' });
  cleanup.push(() => n1.close());
  const n2 = await startServer({ ...opts, nodeId: 'node-2' });
  cleanup.push(() => n2.close());
  assert.equal(n1.broker.kind, 'redis');
  const ready = await fetch(`${n1.httpUrl}/readyz`);
  assert.equal(ready.status, 200);
  assert.deepEqual(((await ready.json()) as { broker: unknown }).broker, { kind: 'redis', up: true });

  const alice = await connect(n1, 'tok-a');
  const bob = await connect(n2, 'tok-b');
  cleanup.push(() => alice.close(), () => bob.close());
  assert.equal(alice.hello?.node, 'node-1');
  assert.equal(bob.hello?.node, 'node-2');
  const sub = await alice.request({ type: 'subscribe', id: 1, channel: 'room:x' });
  await bob.request({ type: 'subscribe', id: 1, channel: 'room:x' });
  const ack = await bob.request({ type: 'publish', id: 'm1', channel: 'room:x', data: 'from node 2' });
  assert.equal(ack.type, 'ack');
  const [m] = await alice.messages('room:x', 1);
  assert.equal(m!.data, 'from node 2');
  assert.equal(m!.offset, ack.offset);
  const dup = await bob.request({ type: 'publish', id: 'm1', channel: 'room:x', data: 'from node 2' });
  assert.equal(dup.offset, ack.offset);

  const presence = await alice.request({ type: 'presence', id: 2, channel: 'room:x' });
  assert.deepEqual(presence.users, [{ id: 'alice', connections: 1 }, { id: 'bob', connections: 1 }]);

  // Alice drops off node 1, misses two messages, and comes back on node 2.
  alice.close();
  await bob.request({ type: 'publish', id: 'm2', channel: 'room:x', data: 2 });
  await bob.request({ type: 'publish', id: 'm3', channel: 'room:x', data: 3 });
  const again = await connect(n2, 'tok-a');
  cleanup.push(() => again.close());
  const rec = await again.request({ type: 'subscribe', id: 3, channel: 'room:x', since: { epoch: sub.epoch, offset: m!.offset } });
  assert.equal(rec.recovered, true);
  assert.equal(rec.epoch, sub.epoch);
  assert.deepEqual((await again.messages('room:x', 2)).map((x) => x.data), [2, 3]);
});
