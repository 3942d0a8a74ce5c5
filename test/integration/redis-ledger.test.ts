// The publish ledger on real Redis, seen from two nodes: a publish id one node is asking the
// backend about is pending on the other; a decision made on one is reused on the other; an id
// published through the broker reads as published everywhere (docs/backend.md, exactly once).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SHARED_REDIS, deletePrefix, requireRedis, startBroker, uniquePrefix } from './redis-lab.js';

test('Redis ledger: pending, accepted, skipped, released and published agree across nodes', async (t) => {
  if (!(await requireRedis(t))) return;
  const prefix = uniquePrefix('ledger');
  t.after(() => deletePrefix(SHARED_REDIS, prefix));
  const a = await startBroker(t, { url: SHARED_REDIS, prefix });
  const b = await startBroker(t, { url: SHARED_REDIS, prefix });
  assert.deepEqual(await a.ledger.claim('ai:alice', 'alice', 'n:1', 5000), { state: 'new' });
  assert.deepEqual(await b.ledger.claim('ai:alice', 'alice', 'n:1', 5000), { state: 'pending' }, 'the other node waits');
  await a.ledger.decide('ai:alice', 'alice', 'n:1', { state: 'accepted', data: { text: 'rewritten' } }, 60_000);
  assert.deepEqual(await b.ledger.claim('ai:alice', 'alice', 'n:1', 5000), { state: 'accepted', data: { text: 'rewritten' } });
  const r = await b.publish('ai:alice', { text: 'rewritten' }, { from: 'alice', idempotencyKey: 'n:1' });
  assert.deepEqual(await a.ledger.claim('ai:alice', 'alice', 'n:1', 5000), { state: 'published', epoch: r.epoch, offset: r.offset });

  assert.deepEqual(await a.ledger.claim('ai:alice', 'alice', 'n:2', 5000), { state: 'new' });
  await a.ledger.decide('ai:alice', 'alice', 'n:2', { state: 'skipped' }, 60_000);
  assert.deepEqual(await b.ledger.claim('ai:alice', 'alice', 'n:2', 5000), { state: 'skipped' });

  assert.deepEqual(await a.ledger.claim('ai:alice', 'alice', 'n:3', 5000), { state: 'new' });
  await a.ledger.release('ai:alice', 'alice', 'n:3');
  assert.deepEqual(await b.ledger.claim('ai:alice', 'alice', 'n:3', 5000), { state: 'new' }, 'released: the retry asks the backend again');
  assert.deepEqual(await b.ledger.claim('ai:alice', 'bob', 'n:3', 5000), { state: 'new' }, 'scoped per user');

  assert.deepEqual(await a.ledger.claim('ai:alice', 'alice', 'n:4', 50), { state: 'new' });
  await new Promise((r) => setTimeout(r, 120));
  assert.deepEqual(await b.ledger.claim('ai:alice', 'alice', 'n:4', 5000), { state: 'new' }, 'a pending claim of a node that died expires');
});
