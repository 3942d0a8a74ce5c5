import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ErrorCode, FrameError } from '../../protocol/index.js';
import { BrokerUnavailableError } from '../broker/types.js';
import type { PublishDecision } from './hooks.js';
import { ackText } from './requests.js';
import { sessionFixture, settle } from './__fixtures__/session-fixture.js';

test('subscribe, publish, ack and delivery to every subscriber; publish ids are exactly-once', async () => {
  const f = sessionFixture();
  const a = f.open('alice');
  const b = f.open('bob');
  b.t.receive({ type: 'subscribe', id: 1, channel: 'room' });
  await settle();
  assert.deepEqual(b.t.framesOf('subscribed')[0], { type: 'subscribed', id: 1, channel: 'room', epoch: b.t.framesOf('subscribed')[0]!.epoch, offset: 0, recovered: false });
  a.t.receive({ type: 'publish', id: 'x', channel: 'room', data: { text: 'hi' } });
  a.t.receive({ type: 'publish', id: 'x', channel: 'room', data: { text: 'hi' } });
  await settle();
  const acks = a.t.framesOf('ack');
  assert.equal(acks.length, 2);
  assert.equal(acks[1]!.duplicate, true);
  const messages = b.t.framesOf('message');
  assert.equal(messages.length, 1, 'the retried id is not published twice');
  assert.deepEqual({ from: messages[0]!.from, data: messages[0]!.data, offset: messages[0]!.offset }, { from: 'alice', data: { text: 'hi' }, offset: 1 });
  b.t.receive({ type: 'presence', id: 2, channel: 'room' });
  b.t.receive({ type: 'unsubscribe', id: 3, channel: 'room' });
  b.t.receive({ type: 'unsubscribe', id: 4, channel: 'room' });
  await settle();
  assert.equal(b.t.framesOf('presence')[0]!.users instanceof Array, true);
  assert.deepEqual(b.t.framesOf('unsubscribed'), [{ type: 'unsubscribed', id: 3, channel: 'room' }]);
  assert.equal(b.t.framesOf('error').at(-1)!.code, 'NOT_SUBSCRIBED');
});

test('recovery: messages published while history is read are buffered, then sent once, in order', async () => {
  const f = sessionFixture();
  const pub = f.open('alice');
  for (let i = 1; i <= 3; i++) pub.t.receive({ type: 'publish', id: i, channel: 'room', data: i });
  await settle();
  const epoch = String(pub.t.framesOf('ack')[0]!.epoch);
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const recover = f.broker.recover.bind(f.broker);
  f.broker.recover = async (channel, since) => {
    await gate;
    return recover(channel, since);
  };
  const sub = f.open('bob');
  sub.t.receive({ type: 'subscribe', id: 's', channel: 'room', since: { epoch, offset: 1 } });
  await settle();
  for (let i = 4; i <= 5; i++) pub.t.receive({ type: 'publish', id: i, channel: 'room', data: i });
  await settle();
  assert.equal(sub.t.framesOf('message').length, 0, 'nothing before `subscribed`');
  release();
  await settle();
  const subscribed = sub.t.framesOf('subscribed')[0]!;
  assert.equal(subscribed.recovered, true);
  assert.deepEqual(sub.t.framesOf('message').map((m) => m.data), [2, 3, 4, 5], 'replay then live, no gap, no repeat');
  pub.t.receive({ type: 'publish', id: 6, channel: 'room', data: 6 });
  await settle();
  assert.deepEqual(sub.t.framesOf('message').map((m) => m.data), [2, 3, 4, 5, 6]);
});

test("another user's inbox and the subscription cap are refused with their codes", async () => {
  const f = sessionFixture({ limits: { maxSubscriptions: 1 } });
  const { t } = f.open('alice');
  t.receive({ type: 'subscribe', id: 1, channel: 'user:bob' });
  t.receive({ type: 'subscribe', id: 2, channel: 'user:alice' });
  t.receive({ type: 'subscribe', id: 3, channel: 'room' });
  await settle();
  assert.deepEqual(t.framesOf('error').map((e) => [e.id, e.code]), [[1, 'FORBIDDEN_CHANNEL'], [3, 'TOO_MANY_SUBSCRIPTIONS']]);
  assert.equal(t.framesOf('subscribed')[0]!.channel, 'user:alice');
});

test('a broker outage becomes BROKER_UNAVAILABLE naming the request, and the session stays', async () => {
  const f = sessionFixture();
  const { t } = f.open('alice');
  f.broker.publish = () => Promise.reject(new BrokerUnavailableError('redis down'));
  t.receive({ type: 'publish', id: 9, channel: 'room', data: 1 });
  await settle();
  assert.deepEqual(t.framesOf('error').map((e) => [e.id, e.code]), [[9, 'BROKER_UNAVAILABLE']]);
  assert.equal(t.closedWith, undefined);
  assert.equal(await f.metric('wsgate_publishes_total'), 1);
});

test('publish hook: acks keep the order sent though the backend answers out of order; skip, rewrite and refuse', async () => {
  const delays: Record<string, number> = { slow: 30, fast: 1 };
  const asked: string[] = [];
  const f = sessionFixture({
    hooks: {
      publish: {
        applies: (channel) => channel.startsWith('ai:'),
        decide: async (caller, req): Promise<PublishDecision> => {
          asked.push(`${caller.userId}/${String(req.id)}`);
          const d = req.data as { kind: string };
          await new Promise((r) => setTimeout(r, delays[d.kind] ?? 0));
          if (d.kind === 'skip') return { skip: true };
          if (d.kind === 'refuse') throw new FrameError(ErrorCode.FORBIDDEN_CHANNEL, 'the backend said no', req.id);
          return d.kind === 'rewrite' ? { data: { kind: 'rewritten' } } : {};
        },
      },
    },
  });
  const watcher = f.open('bob');
  watcher.t.receive({ type: 'subscribe', id: 0, channel: 'ai:x' });
  await settle();
  const { t } = f.open('alice');
  t.receive({ type: 'publish', id: 1, channel: 'ai:x', data: { kind: 'slow' } });
  t.receive({ type: 'publish', id: 2, channel: 'room', data: { kind: 'unhooked' } });
  t.receive({ type: 'publish', id: 3, channel: 'ai:x', data: { kind: 'fast' } });
  t.receive({ type: 'publish', id: 4, channel: 'ai:x', data: { kind: 'skip' } });
  t.receive({ type: 'publish', id: 5, channel: 'ai:x', data: { kind: 'refuse' } });
  t.receive({ type: 'publish', id: 6, channel: 'ai:x', data: { kind: 'rewrite' } });
  await new Promise((r) => setTimeout(r, 100));
  const replies = t.frames().filter((fr) => fr.type === 'ack' || fr.type === 'error');
  assert.deepEqual(replies.map((r) => r.id), [1, 2, 3, 4, 5, 6], 'replies in the order sent');
  assert.equal(replies[3]!.skipped, true);
  assert.equal(replies[4]!.code, 'FORBIDDEN_CHANNEL');
  assert.deepEqual(asked, ['alice/1', 'alice/3', 'alice/4', 'alice/5', 'alice/6'], 'unhooked channels never reach the backend');
  assert.deepEqual(watcher.t.framesOf('message').map((m) => (m.data as { kind: string }).kind), ['slow', 'fast', 'rewritten'], 'skipped and refused are not published');
});

test('subscribe hook: a refusal leaves the client unsubscribed with the backend code', async () => {
  const f = sessionFixture({
    hooks: {
      subscribe: {
        applies: (channel) => channel.startsWith('vip:'),
        decide: async (caller, req) => {
          if (caller.userId !== 'alice') throw new FrameError(ErrorCode.FORBIDDEN_CHANNEL, `${req.channel} is for alice`);
        },
      },
    },
  });
  const alice = f.open('alice');
  const bob = f.open('bob');
  alice.t.receive({ type: 'subscribe', id: 1, channel: 'vip:lounge' });
  bob.t.receive({ type: 'subscribe', id: 1, channel: 'vip:lounge' });
  await settle();
  assert.equal(alice.t.framesOf('subscribed').length, 1);
  assert.deepEqual(bob.t.framesOf('error').map((e) => [e.id, e.code]), [[1, 'FORBIDDEN_CHANNEL']]);
  assert.equal(bob.session.subscriptions.size, 0);
});

test('rpc: the hook answers with a result frame, refuses with its code; without a hook NOT_AVAILABLE', async () => {
  const f = sessionFixture({
    hooks: {
      rpc: async (caller, req) => {
        if (req.method === 'deny') throw new FrameError('DENIED', 'not for you');
        return { method: req.method, data: req.data, user: caller.userId };
      },
    },
  });
  const a = f.open('alice');
  a.t.receive({ type: 'rpc', id: 1, method: 'echo', data: { q: 1 } });
  a.t.receive({ type: 'rpc', id: 2, method: 'deny' });
  await settle();
  assert.deepEqual(a.t.framesOf('result'), [{ type: 'result', id: 1, data: { method: 'echo', data: { q: 1 }, user: 'alice' } }]);
  assert.deepEqual(a.t.framesOf('error').map((e) => [e.id, e.code, e.message]), [[2, 'DENIED', 'not for you']]);
  const none = sessionFixture().open('bob');
  none.t.receive({ type: 'rpc', id: 3, method: 'echo' });
  await settle();
  assert.deepEqual(none.t.framesOf('error').map((e) => [e.id, e.code]), [[3, 'NOT_AVAILABLE']]);
});

test('the ack text is what JSON.stringify writes for the ack frame', () => {
  for (const id of [1, -0, 1.5e300, 'p-1', 'q"\\\u2028é😀', '']) {
    for (const duplicate of [false, true]) {
      const result = { epoch: 'AbC-_1', offset: 42, duplicate };
      assert.equal(ackText(id, result), JSON.stringify({ type: 'ack', id, offset: 42, epoch: 'AbC-_1', ...(duplicate ? { duplicate: true } : {}) }));
    }
  }
});
