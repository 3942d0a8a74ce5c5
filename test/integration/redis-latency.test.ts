// Measures cross-node delivery latency through Redis (docs/scaling.md): a publisher on
// node A, subscribers on node B (cross-node) and on node A (same node, still via Redis pub/sub),
// 1,000 messages at a steady 250/s; prints p50/p90/p99/max of publish→delivery and publish→ack.
//   node scripts/run-tests.mjs integration redis-latency
//   (REDIS_LATENCY_COUNT / REDIS_LATENCY_RATE change the count and the rate per second)
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { waitFor } from '../lab/index.js';
import { ChatClient, SHARED_REDIS, deletePrefix, ensureBuilt, requireRedis, sleep, startNode, uniquePrefix } from './redis-lab.js';

before(() => ensureBuilt());

function percentiles(values: number[]): { p50: number; p90: number; p99: number; max: number; mean: number } {
  const v = [...values].sort((a, b) => a - b);
  const at = (q: number) => v[Math.min(v.length - 1, Math.ceil(q * v.length) - 1)]!;
  const round = (x: number) => Math.round(x * 100) / 100;
  return { p50: round(at(0.5)), p90: round(at(0.9)), p99: round(at(0.99)), max: round(v[v.length - 1]!), mean: round(v.reduce((a, b) => a + b, 0) / v.length) };
}

test('latency: cross-node delivery through Redis, 1,000 messages (p50/p99 printed for docs/scaling.md)', async (t) => {
  if (!(await requireRedis(t))) return;
  const count = Number(process.env.REDIS_LATENCY_COUNT ?? 1000);
  const rate = Number(process.env.REDIS_LATENCY_RATE ?? 250);
  const prefix = uniquePrefix('latency');
  t.after(() => deletePrefix(SHARED_REDIS, prefix));
  const [a, b] = await Promise.all([
    startNode(t, { id: 'lat-a', host: '127.0.0.88', broker: SHARED_REDIS, prefix }),
    startNode(t, { id: 'lat-b', host: '127.0.0.89', broker: SHARED_REDIS, prefix }),
  ]);
  const remote = new ChatClient(b.url, 'tok-alice', 'lat').start();
  const local = new ChatClient(a.url, 'tok-bob', 'lat').start();
  const pub = new ChatClient(a.url, 'tok-pub', 'lat').start();
  t.after(() => [remote, local, pub].forEach((c) => c.stop()));
  await waitFor('ready', () => remote.subscribed.length === 1 && local.subscribed.length === 1 && pub.node !== undefined);
  // Warm-up (script load, JIT), not measured.
  for (let i = 0; i < 20; i++) pub.publish({ warm: i });
  await waitFor('warm-up delivered', () => remote.received.length === 20 && local.received.length === 20, 5000);
  const skip = 20;

  const started = performance.now();
  for (let i = 0; i < count; i++) {
    pub.publish({ n: i });
    // Steady pacing: sleep to the schedule, not a fixed gap, so timer drift does not slow the rate.
    const due = started + ((i + 1) * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
  }
  await waitFor(`${count} delivered`, () => remote.received.length === skip + count && local.received.length === skip + count, 20_000, 25);
  await sleep(100);
  assert.equal(remote.received.length, skip + count, 'no duplicates');

  const sent = (i: number) => pub.sentAt.get(skip + i + 1)!;
  const cross = Array.from({ length: count }, (_, i) => remote.receivedAt[skip + i]! - sent(i));
  const same = Array.from({ length: count }, (_, i) => local.receivedAt[skip + i]! - sent(i));
  const ack = Array.from({ length: count }, (_, i) => pub.ackedAt.get(skip + i + 1)! - sent(i));
  for (let i = 0; i < count; i++) assert.deepEqual(remote.received[skip + i]!.data, { n: i }, 'in order');
  const report = { messages: count, ratePerSecond: rate, crossNodeMs: percentiles(cross), sameNodeMs: percentiles(same), publishAckMs: percentiles(ack) };
  t.diagnostic(`redis latency ${JSON.stringify(report)}`);
  // Loose bounds (a shared 2-core machine): these catch a broken path (polling, timeouts), not jitter.
  assert.ok(report.crossNodeMs.p50 < 50, `cross-node p50 ${report.crossNodeMs.p50} ms`);
  assert.ok(report.crossNodeMs.p99 < 500, `cross-node p99 ${report.crossNodeMs.p99} ms`);
});
