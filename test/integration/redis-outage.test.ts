// `wsgate serve --broker redis://…` when Redis misbehaves (docs/scaling.md "Failure modes"), on a private redis-server:
// FLUSHALL → a new epoch and recovered:false (never silently missing messages); Redis stopped →
// /readyz 503, publishes get BROKER_UNAVAILABLE and no ack; Redis back → /readyz 200 and
// publishing and delivery resume on the same connections.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { waitFor } from '../lab/index.js';
import { ChatClient, ensureBuilt, metric, sleep, startNode, startPrivateRedis } from './redis-lab.js';

before(() => ensureBuilt());

async function readyz(httpUrl: string): Promise<number> {
  return (await fetch(`${httpUrl}/readyz`)).status;
}

test('outage: FLUSHALL loses history → clients get a new epoch and recovered:false, live ones see the new epoch', async (t) => {
  const r = await startPrivateRedis(t, '127.0.0.73');
  if (!r) return;
  const [n1, n2] = await Promise.all([
    startNode(t, { id: 'f1', host: '127.0.0.84', broker: r.url, prefix: 'f:' }),
    startNode(t, { id: 'f2', host: '127.0.0.85', broker: r.url, prefix: 'f:' }),
  ]);
  const live = new ChatClient(n1.url, 'tok-alice', 'news').start();
  const away = new ChatClient(n1.url, 'tok-bob', 'news').start();
  const pub = new ChatClient(n2.url, 'tok-pub', 'news').start();
  t.after(() => [live, away, pub].forEach((c) => c.stop()));
  await waitFor('all subscribed', () => [live, away, pub].every((c) => c.subscribed.length === 1));
  for (let n = 1; n <= 5; n++) pub.publish({ n });
  await waitFor('5 delivered', () => live.received.length === 5 && away.received.length === 5);
  const oldEpoch = live.received[0]!.epoch;

  const admin = new Redis(r.url);
  await admin.flushall();
  admin.disconnect();
  away.drop(); // reconnects with since {oldEpoch, 5}
  await waitFor('away resubscribed', () => away.subscribed.length === 2, 5000);
  const again = away.subscribed[1]!;
  assert.equal(again.recovered, false, 'history is gone: the client is told, not left with a silent hole');
  assert.notEqual(again.epoch, oldEpoch);
  assert.equal(again.offset, 0);

  for (let n = 6; n <= 7; n++) pub.publish({ n });
  await waitFor('new-epoch messages', () => live.received.length === 7 && away.received.length === 7, 5000);
  assert.deepEqual(live.received.map((m) => [m.epoch === oldEpoch ? 'old' : 'new', m.offset]), [['old', 1], ['old', 2], ['old', 3], ['old', 4], ['old', 5], ['new', 1], ['new', 2]]);
  assert.deepEqual(away.received.slice(5).map((m) => [m.epoch, m.offset]), [[again.epoch, 1], [again.epoch, 2]]);
});

test('outage: Redis stopped → /readyz 503 and BROKER_UNAVAILABLE without ack; started → /readyz 200, publishing resumes', async (t) => {
  const r = await startPrivateRedis(t, '127.0.0.74');
  if (!r) return;
  const [n1, n2] = await Promise.all([
    startNode(t, { id: 'o1', host: '127.0.0.86', broker: r.url, prefix: 'o:' }),
    startNode(t, { id: 'o2', host: '127.0.0.87', broker: r.url, prefix: 'o:' }),
  ]);
  const sub = new ChatClient(n1.url, 'tok-alice', 'ops').start();
  const pub = new ChatClient(n2.url, 'tok-pub', 'ops').start();
  t.after(() => [sub, pub].forEach((c) => c.stop()));
  await waitFor('subscribed', () => sub.subscribed.length === 1 && pub.subscribed.length === 1);
  assert.equal(await readyz(n1.httpUrl), 200);
  pub.publish({ n: 1 });
  await waitFor('first message', () => sub.received.length === 1);

  await r.kill();
  await waitFor('n1 /readyz 503', async () => (await readyz(n1.httpUrl)) === 503, 5000, 50);
  await waitFor('n2 /readyz 503', async () => (await readyz(n2.httpUrl)) === 503, 5000, 50);
  const body = (await (await fetch(`${n2.httpUrl}/readyz`)).json()) as { broker: { kind: string; up: boolean; reason?: string } };
  assert.equal(body.broker.kind, 'redis');
  assert.equal(body.broker.up, false);
  assert.match(body.broker.reason ?? '', /unreachable|subscriber/);
  assert.equal((await fetch(`${n2.httpUrl}/healthz`)).status, 200, 'liveness holds: restarting the pod would not help');

  assert.ok(pub.sendRaw({ type: 'publish', id: 'during', channel: 'ops', data: { n: 'lost' } }));
  await waitFor('error frame', () => pub.errors.length === 1, 5000);
  assert.equal(pub.errors[0]!.code, 'BROKER_UNAVAILABLE');
  assert.equal(pub.errors[0]!.id, 'during');
  await sleep(300);
  assert.equal(pub.acks.size, 1, 'no ack for a publish the broker did not take');
  assert.equal(pub.closeCodes.length + sub.closeCodes.length, 0, 'connections stay open');
  const metricsDown = await (await fetch(`${n2.httpUrl}/metrics`)).text();
  assert.equal(metric(metricsDown, 'wsgate_broker_up'), 0);
  assert.ok((metric(metricsDown, 'wsgate_broker_redis_errors_total{kind="connection"}') ?? 0) >= 1);
  assert.ok((metric(metricsDown, 'wsgate_broker_publish_duration_seconds_count{result="error"}') ?? 0) >= 1);

  await r.restart();
  await waitFor('n1 /readyz 200', async () => (await readyz(n1.httpUrl)) === 200, 10_000, 50);
  await waitFor('n2 /readyz 200', async () => (await readyz(n2.httpUrl)) === 200, 10_000, 50);
  pub.publish({ n: 2 });
  await waitFor('ack after recovery', () => pub.acks.size === 2, 5000);
  await waitFor('delivered through the restored subscription', () => sub.received.length === 2, 5000);
  assert.deepEqual(sub.received[1]!.data, { n: 2 });
  assert.notEqual(sub.received[1]!.epoch, sub.received[0]!.epoch, 'Redis restarted empty: a new epoch');
  assert.equal(sub.connects, 1, 'the subscriber never had to reconnect');
  assert.equal(n1.process.child.exitCode, null, 'nothing crashed');
  assert.equal(n2.process.child.exitCode, null);
  // Log lines are buffered for up to 200 ms (docs/server.md, "Logs").
  await waitFor('health changes are logged', () => n1.logs().some((l) => l.event === 'broker' && l.up === false) && n1.logs().some((l) => l.event === 'broker' && l.up === true), 2000);
});
