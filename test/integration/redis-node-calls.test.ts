// Node-to-node calls over the Redis broker (docs/scaling.md "Sessions across nodes"): what
// lets an SSE send reach the node that holds the stream. Two RedisBroker instances on the
// shared Redis (own prefix) are two nodes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SHARED_REDIS, deletePrefix, requireRedis, startBroker, uniquePrefix } from './redis-lab.js';

test('redis node calls: a call reaches the named node and its answer comes back; an unknown node is known at once', async (t) => {
  if (!(await requireRedis(t))) return;
  const prefix = uniquePrefix('nodecalls');
  t.after(() => deletePrefix(SHARED_REDIS, prefix));
  const a = await startBroker(t, { url: SHARED_REDIS, prefix }, { nodeId: 'node-a' });
  const b = await startBroker(t, { url: SHARED_REDIS, prefix }, { nodeId: 'node-b' });
  const seenByB: string[] = [];
  b.answerNodeCalls(async (body) => {
    seenByB.push(body);
    return `b:${body}`;
  });
  assert.equal(await a.callNode('node-b', 'hello', 2000), 'b:hello');
  // Calls in a row arrive in order.
  const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => a.callNode('node-b', String(i), 2000)));
  assert.deepEqual(answers, Array.from({ length: 50 }, (_, i) => `b:${i}`));
  assert.deepEqual(seenByB.slice(1), Array.from({ length: 50 }, (_, i) => String(i)));
  const t0 = Date.now();
  assert.equal(await a.callNode('node-gone', 'x', 2000), undefined);
  assert.ok(Date.now() - t0 < 1000, 'no node: answered without waiting for the timeout');
  // A node without an answerer does not answer: the call times out.
  await assert.rejects(a.callNode('node-a', 'self', 200), /did not answer within 200 ms/);
});
