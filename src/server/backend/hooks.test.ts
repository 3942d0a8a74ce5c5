import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryBroker } from '../broker/memory.js';
import { BackendRefusedError, BackendUnavailableError } from './errors.js';
import { BackendHooks } from './hooks.js';
import type { HookEvent } from './hook-client.js';

type Answer = Record<string, unknown> | Error;

/** A backend that answers from a script and records what it heard. */
function backend(answers: (event: HookEvent, body: Record<string, unknown>) => Answer | Promise<Answer>) {
  const heard: Array<{ event: HookEvent; body: Record<string, unknown> }> = [];
  return {
    heard,
    async call(event: HookEvent, body: Record<string, unknown>) {
      heard.push({ event, body });
      const a = await answers(event, body);
      if (a instanceof Error) throw a;
      return a;
    },
  };
}

function hooks(client: ReturnType<typeof backend> | null, broker = new MemoryBroker()) {
  return {
    broker,
    hooks: new BackendHooks({
      client,
      nodeId: 'n1',
      publish: ['ai:*'],
      subscribe: ['secret:*'],
      connect: true,
      timeoutMs: 1000,
      historyTtlMs: 60_000,
      ledger: broker.ledger,
    }),
  };
}

/** What the session does with a decision (session/requests.ts): publish with the id's key, or ack skipped. */
async function send(h: BackendHooks, broker: MemoryBroker, channel: string, id: string | number, data: unknown) {
  const key = typeof id === 'number' ? `n:${id}` : `s:${id}`;
  const decision = await h.publish(alice, channel, id, key, data);
  if (decision.skip) return { skipped: true as const };
  const r = await broker.publish(channel, 'data' in decision ? decision.data : data, { from: alice.user, idempotencyKey: key });
  return { skipped: false as const, ...r };
}

const alice = { user: 'alice', session: 's1' };

test('publish hook: accept, rewrite, skip, each with the request the contract names', async () => {
  const b = backend((_e, body) => (body.data === 'rewrite me' ? { data: 'rewritten' } : body.data === 'skip me' ? { skip: true } : {}));
  const { hooks: h, broker } = hooks(b);
  assert.equal(h.proxiesPublish('ai:alice'), true);
  assert.equal(h.proxiesPublish('room:lobby'), false);

  const a = await send(h, broker, 'ai:alice', 1, 'as sent');
  assert.deepEqual(a, { skipped: false, epoch: a.skipped ? '' : a.epoch, offset: 1, duplicate: false });
  assert.deepEqual(b.heard[0], { event: 'publish', body: { event: 'publish', user: { id: 'alice' }, session: 's1', node: 'n1', channel: 'ai:alice', id: 1, data: 'as sent' } });
  await send(h, broker, 'ai:alice', 2, 'rewrite me');
  assert.deepEqual(await send(h, broker, 'ai:alice', 3, 'skip me'), { skipped: true });
  const pos = await broker.position('ai:alice');
  const r = await broker.recover('ai:alice', { epoch: pos.epoch, offset: 0 });
  assert.deepEqual(r.messages.map((m) => m.data), ['as sent', 'rewritten'], 'the skipped one is not published');
});

test('publish hook: an id the backend accepted or skipped is never forwarded again, even when publishing failed after the decision', async () => {
  const b = backend((_e, body) => (body.data === 'skip' ? { skip: true } : {}));
  const { hooks: h, broker } = hooks(b);
  const first = await send(h, broker, 'ai:alice', 'p1', 'hello');
  const again = await send(h, broker, 'ai:alice', 'p1', 'hello');
  assert.equal(again.skipped, false);
  assert.equal(!again.skipped && again.duplicate, true);
  assert.equal(!first.skipped && !again.skipped && first.offset === again.offset, true);
  await send(h, broker, 'ai:alice', 'p2', 'skip');
  assert.deepEqual(await send(h, broker, 'ai:alice', 'p2', 'skip'), { skipped: true });
  assert.equal(b.heard.length, 2, 'the backend heard each id once');
  // Accepted with rewritten data, then the publish itself failed (broker down): the retry
  // publishes the backend's data without asking it again.
  const rw = backend(() => ({ data: 'from backend' }));
  const { hooks: h2, broker: b2 } = hooks(rw);
  await h2.publish(alice, 'ai:alice', 'q', 's:q', 'original');
  const r = await send(h2, b2, 'ai:alice', 'q', 'original');
  assert.equal(rw.heard.length, 1);
  const pos = await b2.position('ai:alice');
  assert.deepEqual((await b2.recover('ai:alice', { epoch: pos.epoch, offset: 0 })).messages.map((m) => m.data), ['from backend']);
  assert.equal(!r.skipped && r.offset, 1);
});

test('publish hook: refused and unavailable publish nothing, and a retry asks the backend again', async () => {
  let mode: 'refuse' | 'down' | 'ok' = 'refuse';
  const b = backend(() => (mode === 'refuse' ? new BackendRefusedError('NOT_YOURS', 'not your conversation', 403) : mode === 'down' ? new BackendUnavailableError('status', 'HTTP 500') : {}));
  const { hooks: h, broker } = hooks(b);
  await assert.rejects(send(h, broker, 'ai:alice', 9, 'x'), (e: unknown) => e instanceof BackendRefusedError && e.code === 'NOT_YOURS');
  mode = 'down';
  await assert.rejects(send(h, broker, 'ai:alice', 9, 'x'), BackendUnavailableError);
  assert.equal((await broker.position('ai:alice')).offset, 0, 'nothing published');
  mode = 'ok';
  const r = await send(h, broker, 'ai:alice', 9, 'x');
  assert.equal(!r.skipped && r.offset, 1);
  assert.equal(b.heard.length, 3);
});

test('publish hook: the same id sent again while the backend decides is BACKEND_UNAVAILABLE, not a second request', async () => {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const b = backend(async () => {
    await gate;
    return {};
  });
  const { hooks: h, broker } = hooks(b);
  const first = send(h, broker, 'ai:alice', 5, 'x');
  await assert.rejects(send(h, broker, 'ai:alice', 5, 'x'), (e: unknown) => e instanceof BackendUnavailableError && e.reason === 'busy');
  release();
  await first;
  assert.equal(b.heard.length, 1);
});

test('a 200 with {"error":…} is a refusal too; subscribe, connect and rpc send their contract shapes', async () => {
  const b = backend((e) => (e === 'subscribe' ? { error: { code: 'PRIVATE', message: 'not yours' } } : e === 'connect' ? { channels: ['ai:alice', 'bad channel!', 'ai:alice'] } : { data: { n: 1 } }));
  const { hooks: h } = hooks(b);
  assert.equal(h.proxiesSubscribe('secret:x'), true);
  await assert.rejects(h.subscribe(alice, 'secret:x'), (e: unknown) => e instanceof BackendRefusedError && e.code === 'PRIVATE' && e.message === 'not yours');
  assert.deepEqual(await h.connect(alice, 'websocket'), { channels: ['ai:alice'] }, 'invalid names dropped, duplicates once');
  assert.deepEqual(await h.rpc(alice, 'r1', 'chat.history', { limit: 2 }), { n: 1 });
  assert.deepEqual(b.heard.map((x) => x.body), [
    { event: 'subscribe', user: { id: 'alice' }, session: 's1', node: 'n1', channel: 'secret:x' },
    { event: 'connect', user: { id: 'alice' }, session: 's1', node: 'n1', transport: 'websocket' },
    { event: 'rpc', user: { id: 'alice' }, session: 's1', node: 'n1', id: 'r1', method: 'chat.history', data: { limit: 2 } },
  ]);
});

test('without --proxy-url nothing is proxied', () => {
  const { hooks: h } = hooks(null);
  assert.equal(h.proxiesPublish('ai:x'), false);
  assert.equal(h.proxiesSubscribe('secret:x'), false);
  assert.equal(h.proxiesConnect, false);
  assert.equal(h.hasBackend, false);
});
