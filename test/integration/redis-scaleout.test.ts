// Three `wsgate serve --broker redis://…` processes behind a real HAProxy (docs/scaling.md): subscribers
// spread over the nodes get every message once and in order; when a node is killed (-9) or
// drained (SIGTERM) while a publisher keeps publishing, its clients reconnect through the
// balancer to the others and recover every message.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { requireBinary, waitFor } from '../lab/index.js';
import { Client } from '../../src/client/index.js';
import { ChatClient, SHARED_REDIS, deletePrefix, ensureBuilt, metric, requireRedis, sleep, startBalancer, startNode, uniquePrefix, type WsgateNode } from './redis-lab.js';

const TOKENS = ['tok-alice', 'tok-bob', 'tok-carol'];

before(() => ensureBuilt());

async function cluster(t: import('node:test').TestContext, name: string) {
  if (!(await requireRedis(t))) return null;
  if (!requireBinary('haproxy', t)) return null;
  const prefix = uniquePrefix(name);
  t.after(() => deletePrefix(SHARED_REDIS, prefix));
  // History that outlasts the test's whole publish run: a client that honours the 1012 hint and
  // a draining node's 503 Retry-After (≥ 1 s) is away longer than the default 100 messages take
  // at this rate on a loaded machine, and these tests are about recovery, not the history bound
  // (redis-broker and redis-outage test that one).
  const extra = ['--history-size', '1000'];
  const nodes = await Promise.all(['n1', 'n2', 'n3'].map((id, i) => startNode(t, { id, host: `127.0.0.8${i + 1}`, broker: SHARED_REDIS, prefix, extra })));
  const lb = await startBalancer(t, '127.0.0.80', nodes);
  return { nodes, lb, prefix };
}

/** Six subscribers through the balancer (roundrobin: two per node), all subscribed. */
async function subscribers(t: import('node:test').TestContext, url: string, channel: string): Promise<ChatClient[]> {
  const subs: ChatClient[] = [];
  for (let i = 0; i < 6; i++) {
    const c = new ChatClient(url, TOKENS[i % 3]!, channel).start();
    t.after(() => c.stop());
    subs.push(c);
    await waitFor(`subscriber ${i} subscribed`, () => c.subscribed.length === 1, 10_000);
  }
  return subs;
}

function assertEveryMessageOnceInOrder(subs: ChatClient[], publisher: ChatClient, total: number): void {
  const acked = [...publisher.acks.values()];
  assert.equal(acked.length, total);
  const offsets = acked.map((a) => a.offset).sort((a, b) => a - b);
  assert.deepEqual(offsets, Array.from({ length: total }, (_, i) => i + 1), 'every publish acked once, offsets 1..N without holes or doubles');
  const epoch = acked[0]!.epoch;
  const offsetOfN = new Map([...publisher.acks].map(([id, a]) => [id, a.offset]));
  for (const [i, s] of subs.entries()) {
    assert.deepEqual(s.received.map((m) => m.offset), offsets, `subscriber ${i} (nodes ${s.nodes.join('→')}) got offsets 1..${total} exactly once, in order`);
    assert.ok(s.received.every((m) => m.epoch === epoch));
    for (const m of s.received) assert.equal(offsetOfN.get((m.data as { n: number }).n), m.offset, 'the data is the one published with that offset');
  }
}

function describe(subs: ChatClient[]): string {
  return subs
    .map((s, i) => `sub ${i}: nodes ${s.nodes.join('→')} closes ${s.closeCodes.join(',')} got ${s.received.length} (last ${s.received.at(-1)?.offset}) subscribed ${JSON.stringify(s.subscribed)} errors ${JSON.stringify(s.errors)}`)
    .join('\n');
}

async function publishPaced(publisher: ChatClient, total: number, everyMs: number, at?: { count: number; action: () => void | Promise<void> }): Promise<void> {
  for (let n = 1; n <= total; n++) {
    publisher.publish({ n });
    if (at && n === at.count) await at.action();
    await sleep(everyMs);
  }
  await waitFor(`all ${total} publishes acked (${publisher.unacked} left)`, () => publisher.unacked === 0 && publisher.acks.size === total, 20_000, 50);
}

test('scale-out: subscribers spread over three nodes get every message once, in order; presence and metrics span the nodes', async (t) => {
  const c = await cluster(t, 'fanout');
  if (!c) return;
  const subs = await subscribers(t, c.lb.wsUrl, 'room:fanout');
  const spread = new Set(subs.map((s) => s.node));
  assert.deepEqual([...spread].sort(), ['n1', 'n2', 'n3'], 'roundrobin put subscribers on every node');

  const publisher = new ChatClient(c.lb.wsUrl, 'tok-pub', 'room:fanout').start();
  t.after(() => publisher.stop());
  await waitFor('publisher ready', () => publisher.subscribed.length === 1);
  await publishPaced(publisher, 200, 3);
  await waitFor('every subscriber has 200', () => subs.every((s) => s.received.length >= 200), 10_000);
  await sleep(200); // anything extra (a duplicate) would show up now
  assertEveryMessageOnceInOrder(subs, publisher, 200);

  // Presence is the deployment's: every connection, whichever node it is on.
  subs[0]!.sendRaw({ type: 'presence', id: 'who', channel: 'room:fanout' });
  await waitFor('presence reply', () => subs[0]!.others.some((f) => f.type === 'presence'));
  const presence = subs[0]!.others.find((f) => f.type === 'presence')!;
  assert.deepEqual(presence.users, [
    { id: 'alice', connections: 2 },
    { id: 'bob', connections: 2 },
    { id: 'carol', connections: 2 },
    { id: 'publisher', connections: 1 },
  ]);

  // Each node's /metrics carries the broker's figures.
  for (const n of c.nodes) {
    const text = await (await fetch(`${n.httpUrl}/metrics`)).text();
    assert.equal(metric(text, 'wsgate_broker_up'), 1, `${n.id} broker up`);
    assert.ok((metric(text, 'wsgate_broker_pubsub_lag_seconds_count') ?? 0) >= 200, `${n.id} measured pub/sub lag`);
  }
  const pubNode = c.nodes.find((n) => n.id === publisher.node)!;
  const text = await (await fetch(`${pubNode.httpUrl}/metrics`)).text();
  assert.equal(metric(text, 'wsgate_broker_publish_duration_seconds_count{result="ok"}'), 200);
});

async function failover(t: import('node:test').TestContext, name: string, how: 'kill' | 'drain'): Promise<void> {
  const c = await cluster(t, name);
  if (!c) return;
  const channel = `room:${name}`;
  const subs = await subscribers(t, c.lb.wsUrl, channel);
  const publisher = new ChatClient(c.lb.wsUrl, 'tok-pub', channel).start();
  t.after(() => publisher.stop());
  await waitFor('publisher ready', () => publisher.node !== undefined);
  // The victim: a node with subscribers, not the publisher's (the publisher's retry path is
  // covered too when roundrobin lands it there on reconnect).
  const victim: WsgateNode = c.nodes.find((n) => n.id !== publisher.node && subs.some((s) => s.node === n.id))!;
  const victims = subs.filter((s) => s.node === victim.id);
  assert.ok(victims.length >= 1);
  // And the real SDK (wsgate/client): subscribers until one sits on the victim (roundrobin: ≤ 3).
  const sdk: Array<{ client: Client; offsets: number[]; unrecovered: number; node: string }> = [];
  for (let i = 0; i < 3 && !sdk.some((s) => s.node === victim.id); i++) {
    const client = new Client(c.lb.wsUrl, { WebSocket, token: 'tok-carol', backoff: { base: 100, max: 400 } });
    t.after(() => client.close());
    const entry = { client, offsets: [] as number[], unrecovered: 0, node: '' };
    const sub = client.subscribe(channel, (_data, meta) => entry.offsets.push(meta.offset));
    sub.on('unrecovered', () => entry.unrecovered++);
    await sub.ready();
    entry.node = client.hello?.node ?? '';
    sdk.push(entry);
  }
  const sdkVictim = sdk.find((s) => s.node === victim.id);
  assert.ok(sdkVictim, `an SDK client on ${victim.id} (got ${sdk.map((s) => s.node).join(', ')})`);

  const total = 300;
  await publishPaced(publisher, total, 8, {
    count: 100,
    action: () => {
      victim.process.child.kill(how === 'kill' ? 'SIGKILL' : 'SIGTERM');
    },
  });
  const code = await victim.process.exited;
  if (how === 'drain') assert.equal(code, 0, 'a drained node exits 0');
  await waitFor('every subscriber has all messages', () => subs.every((s) => s.received.length >= total) && sdk.every((s) => s.offsets.length >= total), 20_000, 50).catch((err: Error) => {
    const sdkState = sdk.map((s, i) => `sdk ${i}: first on ${s.node}, now ${s.client.hello?.node ?? '?'} (${s.client.state}), got ${s.offsets.length} (last ${s.offsets.at(-1)}), unrecovered ${s.unrecovered}, last close ${JSON.stringify(s.client.lastClose)}`);
    throw new Error(`${err.message}\n${describe(subs)}\n${sdkState.join('\n')}`);
  });
  await sleep(200);
  assertEveryMessageOnceInOrder(subs, publisher, total);

  for (const s of victims) {
    assert.ok(s.nodes.length >= 2, 'reconnected');
    assert.notEqual(s.nodes[s.nodes.length - 1], victim.id, 'now on another node');
    const last = s.subscribed[s.subscribed.length - 1]!;
    assert.equal(last.recovered, true, 'resubscribed with since and recovered what it missed');
    const since = s.sinces[s.sinces.length - 1]!;
    assert.ok(since && last.offset > since.offset, `messages were published while it was away (since ${since?.offset}, now ${last.offset}) and replayed`);
    if (how === 'drain') assert.ok(s.closeCodes.includes(1012), `drain closes with 1012 (got ${s.closeCodes.join(',')})`);
    else assert.ok(s.closeCodes.includes(1006), `kill -9: the socket just drops (1006; got ${s.closeCodes.join(',')})`);
  }
  for (const s of subs.filter((x) => !victims.includes(x))) assert.equal(s.connects, 1, 'clients of the other nodes were not disturbed');
  for (const s of sdk) {
    assert.deepEqual(s.offsets, Array.from({ length: total }, (_, i) => i + 1), `SDK client first on ${s.node}: every message once, in order`);
    assert.equal(s.unrecovered, 0);
  }
  assert.notEqual(sdkVictim.client.hello?.node, victim.id, 'the SDK client moved to another node');
}

test('scale-out: kill -9 of a node while publishing: its clients reconnect to the others and recover every message', async (t) => {
  await failover(t, 'kill', 'kill');
});

test('scale-out: drain (SIGTERM) of a node while publishing: its clients move to the others and recover every message', async (t) => {
  await failover(t, 'drain', 'drain');
});
