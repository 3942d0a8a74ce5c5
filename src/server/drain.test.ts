import { test } from 'node:test';
import assert from 'node:assert/strict';
import { drainConnections, planDrain, reconnectHintMs } from './drain.js';
import { parseCloseReason } from '../protocol/index.js';

test('plan: batches no closer than 100 ms, spread over the window', () => {
  assert.deepEqual(planDrain(0, 10_000), { batches: 0, batchSize: 0, intervalMs: 0 });
  assert.deepEqual(planDrain(1000, 10_000), { batches: 100, batchSize: 10, intervalMs: 100 });
  assert.deepEqual(planDrain(5, 10_000), { batches: 5, batchSize: 1, intervalMs: 2000 });
  assert.deepEqual(planDrain(50, 0), { batches: 1, batchSize: 50, intervalMs: 0 });
  assert.ok(reconnectHintMs(planDrain(5, 10_000), () => 0.5) === 1000);
  assert.ok(reconnectHintMs(planDrain(50, 0), () => 0.999) <= 1000, 'at least a 1 s spread even without a window');
});

function fakeConn(respond = true) {
  let resolve!: () => void;
  const c = {
    isClosed: false,
    closed: new Promise<void>((r) => (resolve = r)),
    code: 0,
    reason: '',
    closedAt: -1,
    terminated: false,
    close(code: number, reason: string) {
      c.code = code;
      c.reason = reason;
      c.closedAt = Date.now();
      if (respond) {
        c.isClosed = true;
        resolve();
      }
    },
    terminate() {
      c.terminated = true;
      c.isClosed = true;
      resolve();
    },
  };
  return c;
}

test('closes every connection with 1012 and a reconnect hint, paced over the window', async () => {
  const conns = Array.from({ length: 6 }, () => fakeConn());
  const t0 = Date.now();
  const r = await drainConnections(conns, { windowMs: 300, timeoutMs: 5000 });
  assert.equal(r.terminated, 0);
  for (const c of conns) {
    assert.equal(c.code, 1012);
    assert.equal(parseCloseReason(c.reason).text, 'server restart');
    assert.equal(typeof parseCloseReason(c.reason).reconnectDelayMs, 'number');
  }
  const times = conns.map((c) => c.closedAt - t0);
  assert.ok(times[0]! < 50);
  assert.ok(times[5]! >= 150, `last batch later (${times[5]} ms)`);
});

test('stragglers are terminated at the timeout', async () => {
  const conns = [fakeConn(), fakeConn(false)];
  const t0 = Date.now();
  const r = await drainConnections(conns, { windowMs: 0, timeoutMs: 150 });
  assert.equal(r.terminated, 1);
  assert.equal(conns[1]!.terminated, true);
  assert.ok(Date.now() - t0 >= 140);
});
