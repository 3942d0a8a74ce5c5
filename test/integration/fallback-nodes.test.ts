// The SSE fallback across nodes (docs/scaling.md "Sessions across nodes"): two `wsgate serve`
// processes over the shared Redis behind HAProxy round-robin, no stickiness. A client on SSE
// has its stream on one node while its sends land on either; the other node hands them over
// through Redis. Exactly-once holds; and when the node holding the stream is killed, the client
// recovers on the other with nothing lost.
import { before, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { requireBinary } from '../lab/index.js';
import { Client } from '../../src/client/index.js';
import { SHARED_REDIS, deletePrefix, ensureBuilt, metric, requireRedis, startBalancer, startNode, uniquePrefix, type WsgateNode } from './redis-lab.js';
import { waitFor } from './client-helpers.js';

before(() => ensureBuilt());

async function cluster(t: TestContext, name: string) {
  if (!(await requireRedis(t)) || !requireBinary('haproxy', t)) return null;
  const prefix = uniquePrefix(name);
  t.after(() => deletePrefix(SHARED_REDIS, prefix));
  const nodes = await Promise.all(['f1', 'f2'].map((id, i) => startNode(t, { id, host: `127.0.0.14${5 + i}`, broker: SHARED_REDIS, prefix })));
  const lb = await startBalancer(t, '127.0.0.144', nodes);
  return { nodes, lb };
}

function client(t: TestContext, url: string, token: string, transports: Array<'websocket' | 'sse'>): Client {
  const c = new Client(url, { WebSocket, token, transports, backoff: { base: 200, max: 1000 } });
  t.after(() => c.close());
  return c;
}

const scrape = async (n: WsgateNode): Promise<string> => (await fetch(`${n.httpUrl}/metrics`)).text();

test('two nodes, round-robin, no stickiness: the stream on one node, sends through the other, exactly once', async (t) => {
  const c = await cluster(t, 'sse-nodes');
  if (!c) return;
  const alice = client(t, c.lb.wsUrl, 'tok-alice', ['sse']);
  const bob = client(t, c.lb.wsUrl, 'tok-bob', ['websocket']);
  await waitFor('both open', () => alice.state === 'open' && bob.state === 'open', 10_000);
  const owner = alice.hello!.node!;
  const other = c.nodes.find((n) => n.id !== owner)!;
  const got: Array<{ from: string; n: number; offset: number }> = [];
  const sub = alice.subscribe('room:nodes', (d, meta) => got.push({ from: meta.from, n: (d as { n: number }).n, offset: meta.offset }));
  await sub.ready();
  const acks = await Promise.all(Array.from({ length: 200 }, (_, n) => [alice.publish('room:nodes', { n }), bob.publish('room:nodes', { n })]).flat());
  assert.equal(new Set(acks).size, 400, 'every publish stored once, at its own offset');
  await waitFor('400 messages on the stream', () => got.length >= 400, 15_000);
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(got.length, 400, 'each once');
  assert.deepEqual(got.map((m) => m.offset), [...got.map((m) => m.offset)].sort((a, b) => a - b), 'in offset order');
  for (const from of ['alice', 'bob']) {
    assert.deepEqual(got.filter((m) => m.from === from).map((m) => m.n), Array.from({ length: 200 }, (_, n) => n), `${from}'s in the order sent`);
  }
  const forwarded = metric(await scrape(other), 'wsgate_sse_sends_total{result="ok",forwarded="true"}') ?? 0;
  const direct = metric(await scrape(c.nodes.find((n) => n.id === owner)!), 'wsgate_sse_sends_total{result="ok",forwarded="false"}') ?? 0;
  console.log(`# SSE sends: ${direct} straight to the stream's node (${owner}), ${forwarded} handed over by ${other.id}`);
  assert.ok(forwarded > 0, `no send went through ${other.id}: the balancer stuck to one node`);
  assert.equal(metric(await scrape(other), 'wsgate_connections{transport="sse"}') ?? 0, 0, 'the stream lives on one node only');
});

test('the node holding the stream is killed: the client recovers on the other node with nothing lost', async (t) => {
  const c = await cluster(t, 'sse-kill');
  if (!c) return;
  const alice = client(t, c.lb.wsUrl, 'tok-alice', ['sse']);
  const pub = client(t, c.lb.wsUrl, 'tok-pub', ['websocket']);
  await waitFor('both open', () => alice.state === 'open' && pub.state === 'open', 10_000);
  const owner = alice.hello!.node!;
  const got: number[] = [];
  const sub = alice.subscribe('room:kill', (d) => got.push((d as { n: number }).n));
  await sub.ready();
  const acked: number[] = [];
  const sent: Array<Promise<void>> = [];
  for (let n = 0; n < 400; n++) {
    sent.push(pub.publish('room:kill', { n }).then(() => void acked.push(n)));
    if (n === 150) c.nodes.find((x) => x.id === owner)!.process.child.kill('SIGKILL');
    await new Promise((r) => setTimeout(r, 5));
  }
  await Promise.all(sent);
  await waitFor('alice back, on the other node', () => alice.state === 'open' && alice.hello?.node !== owner, 15_000);
  await waitFor('all 400 messages', () => got.length >= 400, 15_000);
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(alice.transport, 'sse');
  assert.deepEqual([...got].sort((a, b) => a - b), Array.from({ length: 400 }, (_, n) => n), 'every message once, none lost');
  assert.deepEqual(got, [...got].sort((a, b) => a - b), 'in order');
});
