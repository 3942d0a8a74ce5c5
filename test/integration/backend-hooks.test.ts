// A real `wsgate serve` process in front of a real HTTP backend process (fixtures/hook-backend.ts):
// the backend hears every hook (connect, subscribe, publish, rpc), signed, in the contract's
// shapes; it decides (accept, rewrite, skip, refuse) and it fails (slow, 500, refused), and
// each time the client gets the right frame and nothing is lost or published twice.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { Client } from '../../src/client/index.js';
import { waitFor } from '../lab/index.js';
import { API_KEY, HOOK_SECRET, api, rawClient, startHookBackend, type HookBackend } from './backend-lab.js';
import { ensureBuilt, startNode, type WsgateNode } from './redis-lab.js';
import { client, type Frame, type TestClient } from './server-helpers.js';

before(() => ensureBuilt());

async function lab(t: import('node:test').TestContext): Promise<{ node: WsgateNode; backend: HookBackend }> {
  const backend = await startHookBackend(t);
  const node = await startNode(t, {
    id: 'n1',
    host: '127.0.0.91',
    broker: 'memory',
    prefix: 'unused:',
    extra: [
      '--tokens', 'tok-alice:alice,tok-bob:bob,tok-carol:carol,tok-mallory:mallory',
      '--api-key', API_KEY,
      '--proxy-url', backend.url,
      '--proxy-publish', 'hook:*',
      '--proxy-subscribe', 'private:*',
      '--proxy-connect',
      '--proxy-secret', HOOK_SECRET,
      '--proxy-timeout', '500ms',
      '--proxy-concurrency', '2',
    ],
  });
  t.after(() => {
    const leaked = node.process.output().split('\n').filter((l) => l.includes(API_KEY) || l.includes(HOOK_SECRET));
    assert.deepEqual(leaked, [], 'no log line shows the API key or the hook secret');
  });
  return { node, backend };
}

const isFrame = (f: Frame | string): f is Frame => typeof f === 'object';

test('the backend hears every hook, signed, in the contract shapes; connect channels are subscribed server-side', async (t) => {
  const { node, backend } = await lab(t);
  const alice = await rawClient(node.url, 'tok-alice');
  t.after(() => alice.close());
  const session = alice.hello!.session;
  assert.deepEqual(backend.heard('/connect').at(-1), { heard: '/connect', signed: true, body: { event: 'connect', user: { id: 'alice' }, session, node: 'n1', transport: 'websocket' } });
  const serverSide = await alice.type('subscribed', { id: 'server:news:alice' });
  assert.equal(serverSide.channel, 'news:alice');

  assert.equal((await alice.request({ type: 'subscribe', id: 's1', channel: 'private:alice' })).type, 'subscribed');
  assert.deepEqual(backend.heard('/subscribe').at(-1)?.body, { event: 'subscribe', user: { id: 'alice' }, session, node: 'n1', channel: 'private:alice' });

  const ack = await alice.request({ type: 'publish', id: 'p1', channel: 'hook:room', data: { act: 'accept', n: 1 } });
  assert.equal(ack.type, 'ack');
  assert.deepEqual(backend.heard('/publish').at(-1)?.body, { event: 'publish', user: { id: 'alice' }, session, node: 'n1', channel: 'hook:room', id: 'p1', data: { act: 'accept', n: 1 } });

  assert.deepEqual(await alice.request({ type: 'rpc', id: 'r1', method: 'echo', data: { q: 1 } }), { type: 'result', id: 'r1', data: { echo: { q: 1 }, user: 'alice' } });
  assert.deepEqual(backend.heard('/rpc').at(-1)?.body, { event: 'rpc', user: { id: 'alice' }, session, node: 'n1', id: 'r1', method: 'echo', data: { q: 1 } });

  // The SDK's rpc() resolves with the backend's data.
  const sdk = new Client(node.url, { token: 'tok-bob', WebSocket: WebSocket as never });
  t.after(() => sdk.close());
  assert.deepEqual(await sdk.rpc('echo', 'hi'), { echo: 'hi', user: 'bob' });
  assert.ok(backend.heard().every((h) => h.signed), 'every hook carried a valid signature');

  // The server API on the same listener: key, body limit and field errors, as JSON {error, message}.
  assert.deepEqual((await api(node.httpUrl, 'POST', '/api/publish', { channel: 'room', data: 1 }, 'wrong-key-0123456789')).body.error, 'UNAUTHORIZED');
  assert.deepEqual(await api(node.httpUrl, 'POST', '/api/publish', { data: 1 }), { status: 400, body: { error: 'BAD_REQUEST', message: '"channel" must be a string' } });
  const big = await api(node.httpUrl, 'POST', '/api/publish', { channel: 'room', data: 'x'.repeat(70_000) });
  assert.deepEqual([big.status, big.body.error], [413, 'BODY_TOO_LARGE']);
});

test('the backend decides: accept, rewrite, skip and refuse publishes; refuse a subscription; refuse a connection with 4403', async (t) => {
  const { node, backend } = await lab(t);
  const alice = await rawClient(node.url, 'tok-alice');
  const bob = await rawClient(node.url, 'tok-bob');
  t.after(() => (alice.close(), bob.close()));
  await bob.request({ type: 'subscribe', id: 'b1', channel: 'hook:room' });

  const a1 = await alice.request({ type: 'publish', id: 1, channel: 'hook:room', data: { act: 'accept', n: 1 } });
  const a2 = await alice.request({ type: 'publish', id: 2, channel: 'hook:room', data: { act: 'rewrite', n: 2 } });
  const a3 = await alice.request({ type: 'publish', id: 3, channel: 'hook:room', data: { act: 'skip', n: 3 } });
  const a4 = await alice.request({ type: 'publish', id: 4, channel: 'hook:room', data: { act: 'refuse', n: 4 } });
  const a5 = await alice.request({ type: 'publish', id: 5, channel: 'hook:room', data: { act: 'accept', n: 5 } });
  assert.deepEqual([a1.type, a1.offset], ['ack', 1]);
  assert.deepEqual([a2.type, a2.offset], ['ack', 2]);
  assert.deepEqual([a3.type, a3.skipped], ['ack', true], 'skip: acked with skipped, not published');
  assert.deepEqual(a4, { type: 'error', id: 4, code: 'NOT_ALLOWED', message: 'no publishing here' });
  assert.deepEqual([a5.type, a5.offset], ['ack', 3]);
  const got = await bob.messages('hook:room', 3);
  assert.deepEqual(got.map((m) => m.data), [{ act: 'accept', n: 1 }, { rewritten: true, was: { act: 'rewrite', n: 2 } }, { act: 'accept', n: 5 }]);
  assert.deepEqual(got.map((m) => m.from), ['alice', 'alice', 'alice']);

  const refused = await bob.request({ type: 'subscribe', id: 'b2', channel: 'private:alice' });
  assert.deepEqual(refused, { type: 'error', id: 'b2', code: 'FORBIDDEN_CHANNEL', message: 'private:alice is not yours' });
  await api(node.httpUrl, 'POST', '/api/publish', { channel: 'private:alice', data: 'secret' });
  assert.deepEqual((await bob.request({ type: 'rpc', id: 'r', method: 'deny' })), { type: 'error', id: 'r', code: 'DENIED', message: 'not for you' });
  assert.ok(!bob.frames.some((f) => isFrame(f) && f.channel === 'private:alice' && f.type === 'message'), 'the refused subscriber got nothing of that channel');

  const mallory = client(`${node.url}?token=tok-mallory`);
  const closed = await mallory.closed;
  assert.deepEqual(closed, { code: 4403, reason: 'mallory is banned' });
  assert.ok(!mallory.frames.some((f) => isFrame(f) && f.type === 'hello'), 'refused before hello');
});

test('the backend fails: slow, 500 and refused each give BACKEND_UNAVAILABLE, and the SDK\'s retries lose nothing and publish nothing twice', async (t) => {
  const { node, backend } = await lab(t);
  const alice = await rawClient(node.url, 'tok-alice');
  const bob = await rawClient(node.url, 'tok-bob');
  t.after(() => (alice.close(), bob.close()));
  await bob.request({ type: 'subscribe', id: 'b1', channel: 'hook:room' });

  const started = Date.now();
  const slow = await alice.request({ type: 'publish', id: 's', channel: 'hook:room', data: { act: 'slow' } }, 5000);
  assert.equal(slow.code, 'BACKEND_UNAVAILABLE');
  assert.match(String(slow.message), /did not answer within 500 ms/);
  assert.ok(Date.now() - started < 1400, 'the client hears it after --proxy-timeout, not after the backend');
  assert.equal((await alice.request({ type: 'publish', id: 'f', channel: 'hook:room', data: { act: 'fail' } })).code, 'BACKEND_UNAVAILABLE');
  assert.equal((await alice.request({ type: 'subscribe', id: 'sf', channel: 'private:fail' })).code, 'BACKEND_UNAVAILABLE');
  assert.equal((await alice.request({ type: 'subscribe', id: 'ss', channel: 'private:slow' }, 5000)).code, 'BACKEND_UNAVAILABLE');
  assert.equal((await alice.request({ type: 'rpc', id: 'rf', method: 'fail' })).code, 'BACKEND_UNAVAILABLE');
  await alice.request({ type: 'unsubscribe', id: 'u', channel: 'private:slow' }).then((f) => assert.equal(f.code, 'NOT_SUBSCRIBED', 'a subscription the backend could not allow was not made'));

  // Down (500) while the SDK publishes three messages: each is retried with its id until the
  // backend is back, then published exactly once, in order.
  const sdk = new Client(node.url, { token: 'tok-carol', WebSocket: WebSocket as never });
  t.after(() => sdk.close());
  await waitFor('the SDK client connected', () => sdk.state === 'open', 5000);
  await backend.setDown(true);
  const published = [1, 2, 3].map((n) => sdk.publish('hook:room', { act: 'accept', n }));
  await waitFor('the backend to refuse the three publishes at least once', () => backend.heard('/publish').filter((h) => h.body.user?.id === 'carol').length >= 3, 5000);
  const turnedAway = client(`${node.url}?token=tok-bob`);
  const close = await turnedAway.closed;
  assert.equal(close.code, 1013, 'a connection the backend cannot judge is closed with 1013');
  assert.match(close.reason, /^backend unavailable;reconnect=\d+$/);
  await backend.setDown(false);
  const offsets = await Promise.all(published);
  assert.deepEqual(offsets, [...offsets].sort((a, b) => a - b));

  // Refused: the backend process is gone; then it comes back on the same port.
  await backend.kill();
  const refused = await alice.request({ type: 'publish', id: 'k', channel: 'hook:room', data: { act: 'accept', n: 4 } });
  assert.equal(refused.code, 'BACKEND_UNAVAILABLE');
  assert.match(String(refused.message), /ECONNREFUSED/);
  assert.ok(![slow, refused].some((f) => String(f.message).includes('127.0.0.1')), 'clients are not told where the backend lives');
  assert.ok(node.logs().some((l) => l.msg === 'backend unavailable' && l.reason === 'connection'), 'the operator is (in the log)');
  const later = sdk.publish('hook:room', { act: 'accept', n: 5 });
  await new Promise((r) => setTimeout(r, 700));
  await backend.restart();
  await later;
  const got = await bob.messages('hook:room', 4, 10_000);
  assert.deepEqual(got.map((m) => (m.data as { n: number }).n), [1, 2, 3, 5], 'every accepted publish once, in order; the failed ones never');
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(bob.frames.filter((f) => isFrame(f) && f.type === 'message').length, 0, 'nothing twice');
});

test('exactly once: a publish id the backend accepted or skipped is not forwarded again', async (t) => {
  const { node, backend } = await lab(t);
  const alice = await rawClient(node.url, 'tok-alice');
  t.after(() => alice.close());
  const first = await alice.request({ type: 'publish', id: 'once', channel: 'hook:x', data: { act: 'rewrite' } });
  const again = await alice.request({ type: 'publish', id: 'once', channel: 'hook:x', data: { act: 'rewrite' } });
  assert.deepEqual(again, { ...first, duplicate: true });
  await alice.request({ type: 'publish', id: 'skip-once', channel: 'hook:x', data: { act: 'skip' } });
  assert.equal((await alice.request({ type: 'publish', id: 'skip-once', channel: 'hook:x', data: { act: 'skip' } })).skipped, true);
  assert.deepEqual(backend.heard('/publish').map((h) => h.body.id), ['once', 'skip-once'], 'the backend heard each id once');
});

test('bounds: past --proxy-concurrency a hooked request gets BACKEND_UNAVAILABLE at once', async (t) => {
  const { node } = await lab(t);
  // One after another: three connect hooks at once would already be one over the bound.
  const clients: TestClient[] = [];
  for (const tok of ['tok-alice', 'tok-bob', 'tok-carol']) clients.push(await rawClient(node.url, tok));
  t.after(() => clients.forEach((c) => c.close()));
  const started = Date.now();
  const answers = clients.map((c, i) => c.request({ type: 'publish', id: `slow-${i}`, channel: 'hook:busy', data: { act: 'slow' } }, 5000).then((f) => ({ f, ms: Date.now() - started })));
  const done = await Promise.all(answers).catch((err: unknown) => {
    throw new Error(`${String(err)}\n${clients.map((c) => JSON.stringify(c.frames)).join('\n')}\n${node.process.output().slice(-3000)}`);
  });
  const busy = done.filter((d) => /in flight/.test(String(d.f.message)));
  assert.equal(busy.length, 1, JSON.stringify(done));
  assert.equal(busy[0]!.f.code, 'BACKEND_UNAVAILABLE');
  assert.ok(busy[0]!.ms < 400, `the one over the bound is answered at once (${busy[0]!.ms} ms), not after the timeout`);
  assert.ok(done.filter((d) => d !== busy[0]).every((d) => d.f.code === 'BACKEND_UNAVAILABLE' && d.ms >= 450), 'the two in flight time out');
});
