// The server API and the AI example across three `wsgate serve --broker redis://…` processes
// behind a real HAProxy: an API publish on one node reaches the subscribers on all three once
// each; /api/disconnect on any node closes the user on every node; and the AI chat example
// (examples/ai-chat, a real process, talking to a local OpenAI-compatible stand-in) streams a
// reply that survives the death (kill -9) of the node holding the asking client.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { Client } from '../../src/client/index.js';
import { freePort, requireBinary, startProcess, waitFor } from '../lab/index.js';
import { fakeAnswerTokens, startFakeOpenAi } from '../lab/fake-openai.js';
import { API_KEY, HOOK_SECRET, api } from './backend-lab.js';
import { ChatClient, ROOT, SHARED_REDIS, deletePrefix, ensureBuilt, requireRedis, startBalancer, startNode, uniquePrefix } from './redis-lab.js';
import { client, type TestClient } from './server-helpers.js';

before(() => ensureBuilt());

async function cluster(t: import('node:test').TestContext, name: string, extra: string[] = []) {
  if (!(await requireRedis(t))) return null;
  if (!requireBinary('haproxy', t)) return null;
  const prefix = uniquePrefix(name);
  t.after(() => deletePrefix(SHARED_REDIS, prefix));
  const args = ['--history-size', '1000', '--api-key', API_KEY, '--tokens', 'tok-alice:alice,tok-bob:bob,tok-carol:carol', ...extra];
  const nodes = await Promise.all(['n1', 'n2', 'n3'].map((id, i) => startNode(t, { id, host: `127.0.0.9${i + 2}`, broker: SHARED_REDIS, prefix, extra: args })));
  const lb = await startBalancer(t, '127.0.0.95', nodes);
  return { nodes, lb, httpUrl: lb.wsUrl.replace(/^ws/, 'http').replace(/\/api\/ws\/chat$/, '') };
}

test('an API publish on one node reaches the subscribers on all three nodes, once each, in order; a retried id publishes nothing new', async (t) => {
  const c = await cluster(t, 'api-fanout');
  if (!c) return;
  const subs: ChatClient[] = [];
  for (let i = 0; i < 6; i++) {
    const s = new ChatClient(c.lb.wsUrl, ['tok-alice', 'tok-bob', 'tok-carol'][i % 3]!, 'room:api').start();
    t.after(() => s.stop());
    subs.push(s);
    await waitFor(`subscriber ${i} subscribed`, () => s.subscribed.length === 1, 10_000);
  }
  assert.deepEqual([...new Set(subs.map((s) => s.node))].sort(), ['n1', 'n2', 'n3']);
  const node = c.nodes[1]!;
  for (let n = 1; n <= 20; n++) {
    const r = await api(node.httpUrl, 'POST', '/api/publish', { channel: 'room:api', data: { n }, id: `m-${n}` });
    assert.equal(r.status, 200);
    assert.equal(r.body.offset, n);
  }
  const again = await api(node.httpUrl, 'POST', '/api/publish', { channel: 'room:api', data: { n: 20 }, id: 'm-20' });
  assert.deepEqual([again.body.offset, again.body.duplicate], [20, true]);
  await waitFor('every subscriber got 20', () => subs.every((s) => s.received.length >= 20), 10_000);
  await new Promise((r) => setTimeout(r, 200));
  for (const [i, s] of subs.entries()) {
    assert.deepEqual(s.received.map((m) => m.offset), Array.from({ length: 20 }, (_, k) => k + 1), `subscriber ${i} on ${s.node}: once each, in order`);
    assert.deepEqual(s.received.map((m) => (m.data as { n: number }).n), Array.from({ length: 20 }, (_, k) => k + 1));
  }
  // presence and history see the whole deployment from any node
  const presence = await api(c.nodes[2]!.httpUrl, 'GET', '/api/presence?channel=room:api');
  assert.deepEqual(presence.body.members, [{ user: 'alice', connections: 2 }, { user: 'bob', connections: 2 }, { user: 'carol', connections: 2 }]);
  const history = await api(c.nodes[0]!.httpUrl, 'GET', '/api/history?channel=room:api&limit=3');
  assert.deepEqual((history.body.messages as Array<{ offset: number; from: string }>).map((m) => [m.offset, m.from]), [[18, 'server'], [19, 'server'], [20, 'server']]);
});

test('/api/disconnect on any node closes the user on every node, and only that user', async (t) => {
  const c = await cluster(t, 'api-disconnect');
  if (!c) return;
  const alices: TestClient[] = [];
  for (const node of c.nodes) {
    const a = client(`${node.url}?token=tok-alice`);
    await a.type('hello');
    alices.push(a);
  }
  const bob = client(`${c.nodes[0]!.url}?token=tok-bob`);
  await bob.type('hello');
  t.after(() => [...alices, bob].forEach((x) => x.close()));
  const r = await api(c.nodes[2]!.httpUrl, 'POST', '/api/disconnect', { user: 'alice', code: 4000, reason: 'session revoked' });
  assert.deepEqual(r, { status: 200, body: { closed: 3 } });
  const closes = await Promise.all(alices.map((a) => a.closed));
  assert.deepEqual(closes, [1, 2, 3].map(() => ({ code: 4000, reason: 'session revoked' })));
  assert.equal(bob.closeInfo, undefined, 'bob is still connected');
  assert.deepEqual(await api(c.nodes[0]!.httpUrl, 'POST', '/api/disconnect', { user: 'nobody' }), { status: 200, body: { closed: 0 } });
  assert.equal((await api(c.nodes[0]!.httpUrl, 'POST', '/api/disconnect', { user: 'alice' }, 'wrong-key')).status, 401);
});

test('the AI example without AI_BASE_URL says so, and how to set it, and exits 2', async (t) => {
  const p = startProcess('ai-chat-unset', process.execPath, ['--import', 'tsx', 'examples/ai-chat/src/main.ts'], { cwd: ROOT, env: { ...process.env, AI_BASE_URL: '', WSGATE_API_URL: 'http://127.0.0.1:1', WSGATE_API_KEY: API_KEY } });
  t.after(() => p.stop());
  assert.equal(await p.exited, 2);
  assert.match(p.output(), /AI_BASE_URL is not set/);
  assert.match(p.output(), /AI_BASE_URL=https:\/\/api\.deepseek\.com\/v1/);
});

test('AI chat through HAProxy: the node holding the asking client dies mid-reply and the client still gets every delta once, in order; a second tab sees the same; another user cannot read it', async (t) => {
  if (!(await requireRedis(t))) return;
  const model = await startFakeOpenAi({ apiKey: 'sk-lab', words: 40, tokenMs: 40 });
  t.after(() => model.close());
  const backendPort = await freePort('127.0.0.1');
  const c = await cluster(t, 'ai-chat', ['--proxy-url', `http://127.0.0.1:${backendPort}`, '--proxy-publish', 'ai:*', '--proxy-subscribe', 'ai:*', '--proxy-secret', HOOK_SECRET]);
  if (!c) return;
  const backend = startProcess('ai-chat', process.execPath, ['--import', 'tsx', 'examples/ai-chat/src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(backendPort), WSGATE_API_URL: c.httpUrl, WSGATE_API_KEY: API_KEY, WSGATE_PROXY_SECRET: HOOK_SECRET, AI_BASE_URL: model.baseUrl, AI_API_KEY: 'sk-lab', AI_MODEL: 'lab-model' },
  });
  t.after(() => backend.stop());
  await waitFor('the AI backend listening', () => backend.output().includes('"msg":"listening"'), 15_000);

  type Delta = { role: string; replyTo: number; seq: number; delta?: string; done?: boolean; finishReason?: string };
  const tab = (name: string) => {
    const sdk = new Client(c.lb.wsUrl, { token: 'tok-alice', WebSocket: WebSocket as never, backoff: { base: 100, max: 500 } });
    t.after(() => sdk.close());
    const got: Delta[] = [];
    const resumes: boolean[] = [];
    const sub = sdk.subscribe('ai:alice', (data) => {
      if ((data as Delta).role === 'assistant') got.push(data as Delta);
    });
    sub.on('subscribed', (info) => resumes.push(info.resumed === true && info.recovered));
    return { name, sdk, got, resumes };
  };
  const asker = tab('asker');
  const second = tab('second');
  await waitFor('both tabs subscribed', () => asker.resumes.length > 0 && second.resumes.length > 0, 10_000);

  const bob = client(`${c.lb.wsUrl}?token=tok-bob`);
  t.after(() => bob.close());
  await bob.type('hello');
  const guess = await bob.request({ type: 'subscribe', id: 'g', channel: 'ai:alice' });
  assert.deepEqual([guess.type, guess.code], ['error', 'FORBIDDEN_CHANNEL'], 'another user who guesses the name gets an error, not the stream');

  const question = 'what is wsgate';
  const asked = await asker.sdk.publish('ai:alice', { text: question });
  assert.equal(asked, 0, 'the backend took the question (skipped) and published it itself');
  await waitFor('a few deltas', () => asker.got.length >= 5, 10_000);
  const victim = c.nodes.find((n) => n.id === asker.sdk.hello?.node)!;
  victim.process.child.kill('SIGKILL');
  await waitFor('the reply to finish on both tabs', () => [asker, second].every((x) => x.got.some((d) => d.done)), 30_000);

  const expected = fakeAnswerTokens(question, 40);
  for (const x of [asker, second]) {
    const seqs = x.got.map((d) => d.seq);
    assert.deepEqual(seqs, Array.from({ length: expected.length + 1 }, (_, i) => i + 1), `${x.name}: every delta once, in order (${seqs.join(',')})`);
    assert.equal(x.got.filter((d) => d.delta !== undefined).map((d) => d.delta).join(''), expected.join(''));
    assert.deepEqual(x.got.at(-1), { role: 'assistant', replyTo: x.got[0]!.replyTo, seq: expected.length + 1, done: true, finishReason: 'stop' });
  }
  assert.ok(asker.resumes.slice(1).some(Boolean), `the asking tab resumed with recovery after its node died (${JSON.stringify(asker.resumes)})`);
  assert.equal(model.requests.length, 1, 'one question, one model request');
  assert.ok(!backend.output().includes('sk-lab') && !c.nodes.some((n) => n.process.output().includes(API_KEY)), 'no secret in any log');
});
