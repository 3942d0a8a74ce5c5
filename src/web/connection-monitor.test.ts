import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConnectionMonitor, describeRecovery } from './connection-monitor.js';

const hello = JSON.stringify({ type: 'hello', protocol: 1, session: 's1', user: { id: 'alice' }, heartbeat: { interval: 25_000, timeout: 10_000 } });

function connected(m: ConnectionMonitor, at: number, channel = 'room:lobby'): void {
  m.opened(at);
  m.frameIn(at + 1, hello);
  m.frameOut(at + 2, JSON.stringify({ type: 'subscribe', id: 1, channel }));
  m.frameIn(at + 3, JSON.stringify({ type: 'subscribed', id: 1, channel, epoch: 'e1', offset: 4, recovered: false }));
}

test('ping→pong pairs become RTT samples; a pong with no ping is not one', () => {
  const m = new ConnectionMonitor();
  m.opened(0);
  m.frameIn(5, 'pong');
  m.frameOut(100, 'ping');
  m.frameOut(150, 'ping');
  m.frameIn(112, 'pong');
  m.frameIn(190, 'pong');
  assert.deepEqual(m.rtt.samples(), [{ at: 112, rttMs: 12, conn: 1 }, { at: 190, rttMs: 40, conn: 1 }]);
});

test('a ping outstanding when the connection drops is not paired with the next connection\'s pong', () => {
  const m = new ConnectionMonitor();
  m.opened(0);
  m.frameOut(10, 'ping');
  m.closed(20, 1006, '', true);
  m.opened(1000);
  m.frameIn(1005, 'pong');
  assert.equal(m.rtt.samples().length, 0);
});

test('the first subscribe is not a recovery, and a first connection makes no reconnect record', () => {
  const m = new ConnectionMonitor();
  connected(m, 0);
  assert.equal(m.snapshot().reconnects.length, 0);
  assert.equal(m.snapshot().hello?.session, 's1');
  assert.equal(m.lastReconnect(), null);
});

test('a drain: the record carries the code, its meaning, the reason and the hint, and a full recovery', () => {
  const m = new ConnectionMonitor();
  connected(m, 0);
  m.closed(5000, 1012, 'server draining;reconnect=1500', true, 1480);
  let r = m.snapshot().reconnects[0]!;
  assert.equal(r.seq, 1);
  assert.equal(r.closeCode, 1012);
  assert.match(r.description, /^1012 SERVICE_RESTART/);
  assert.equal(r.reason, 'server draining');
  assert.equal(r.hintMs, 1500);
  assert.equal(r.delayMs, 1480);
  assert.equal(r.uptimeMs, 5000);
  assert.equal(describeRecovery(r), 'reconnecting…');

  m.closed(5600, 1006, '', false, 2100); // one failed attempt while the server is down
  m.frameIn(6999, hello);
  // wsgate/client sends the resubscribes as it enters open, before its state event.
  m.frameOut(7000, JSON.stringify({ type: 'subscribe', id: 2, channel: 'room:lobby', since: { epoch: 'e1', offset: 4 } }));
  m.opened(7000);
  assert.equal(describeRecovery(r), 'resubscribing…');
  m.frameIn(7010, JSON.stringify({ type: 'subscribed', id: 2, channel: 'room:lobby', epoch: 'e1', offset: 7, recovered: true }));
  r = m.lastReconnect()!;
  assert.deepEqual(r.failedAttempts, [1006]);
  assert.equal(r.delayMs, 2100, 'the latest backoff wait');
  assert.equal(r.downMs, 2000);
  assert.equal(r.recovery, 'complete');
  assert.deepEqual(r.channels, [{ channel: 'room:lobby', recovered: true, missed: 3 }]);
  assert.equal(describeRecovery(r), 'recovered every message: 3 missed in room:lobby, all replayed');
});

test('recovered:false on any channel marks the reconnect as lossy', () => {
  const m = new ConnectionMonitor();
  m.opened(0);
  for (const [id, channel] of [[1, 'a'], [2, 'b']] as const) {
    m.frameOut(1, JSON.stringify({ type: 'subscribe', id, channel }));
    m.frameIn(2, JSON.stringify({ type: 'subscribed', id, channel, epoch: 'e1', offset: 0, recovered: false }));
  }
  m.closed(10, 1006, '', true);
  m.opened(20);
  m.frameOut(21, JSON.stringify({ type: 'subscribe', id: 3, channel: 'a', since: { epoch: 'e1', offset: 0 } }));
  m.frameIn(22, JSON.stringify({ type: 'subscribed', id: 3, channel: 'a', epoch: 'e1', offset: 0, recovered: true }));
  assert.equal(m.lastReconnect()!.recovery, 'waiting');
  m.frameOut(23, JSON.stringify({ type: 'subscribe', id: 4, channel: 'b', since: { epoch: 'e1', offset: 0 } }));
  m.frameIn(24, JSON.stringify({ type: 'subscribed', id: 4, channel: 'b', epoch: 'e2', offset: 9, recovered: false }));
  const r = m.lastReconnect()!;
  assert.equal(r.recovery, 'lost');
  assert.match(describeRecovery(r), /history gone for b/);
});

test('a connection without subscriptions has nothing to recover; a final close stops the wait', () => {
  const m = new ConnectionMonitor();
  m.opened(0);
  m.closed(10, 1006, '', true);
  m.opened(20);
  assert.equal(describeRecovery(m.lastReconnect()!), 'no subscriptions to recover');
  m.closed(30, 4403, 'forbidden', true);
  m.ended();
  const last = m.snapshot().reconnects.at(-1)!;
  assert.equal(last.final, true);
  assert.equal(describeRecovery(last), 'not reconnecting');
  m.opened(40); // a fresh connect() after the end starts a new story
  assert.equal(last.reopenedAt, null);
});

test('publishes and messages are counted; junk frames are ignored', () => {
  const m = new ConnectionMonitor();
  let changes = 0;
  m.onChange(() => changes++);
  m.opened(0);
  m.frameOut(1, JSON.stringify({ type: 'publish', id: 'p1', channel: 'a', data: {} }));
  m.frameIn(2, JSON.stringify({ type: 'message', channel: 'a', epoch: 'e', offset: 1, from: 'x', data: {} }));
  m.frameIn(3, 'not json');
  m.frameIn(4, '[1,2]');
  const s = m.snapshot();
  assert.equal(s.messagesOut, 1);
  assert.equal(s.messagesIn, 1);
  assert.ok(changes >= 3);
});

test('records are bounded', () => {
  const m = new ConnectionMonitor({ maxRecords: 3 });
  for (let i = 0; i < 5; i++) {
    m.opened(i * 10);
    m.closed(i * 10 + 5, 1006, '', true);
  }
  assert.deepEqual(m.snapshot().reconnects.map((r) => r.seq), [3, 4, 5]);
});
