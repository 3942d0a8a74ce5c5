// Graceful drain (the SIGTERM path): readiness fails at once, new upgrades get 503 +
// Retry-After, open connections get 1012 with a reconnect hint in batches paced over the drain
// window, and drain() resolves when all are closed — or terminates stragglers at the timeout.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { connect as tcpConnect } from 'node:net';
import { parseCloseReason } from '../../src/protocol/index.js';
import { LogCapture, connect, handshakeStatus, startServer, sleep, waitFor } from './server-helpers.js';

const cleanup: Array<() => Promise<void> | void> = [];
after(async () => {
  for (const c of cleanup.reverse()) await c();
});

test('drain: readiness flips, upgrades get 503, 1012 with hints in paced batches, then the server stops', async () => {
  const s = await startServer({ tokens: 'tok-a:alice', drainWindow: 1000, drainTimeout: 5000, maxConnectionsPerUser: 100 });
  cleanup.push(() => s.close());
  const clients = await Promise.all(Array.from({ length: 10 }, () => connect(s, 'tok-a')));
  const closedAt: number[] = [];
  const t0 = Date.now();
  for (const c of clients) void c.closed.then(() => closedAt.push(Date.now() - t0));
  assert.equal((await fetch(`${s.httpUrl}/readyz`)).status, 200);
  const drained = s.drain();
  const ready = await fetch(`${s.httpUrl}/readyz`);
  assert.equal(ready.status, 503);
  assert.equal(((await ready.json()) as { status: string }).status, 'draining');
  const health = await fetch(`${s.httpUrl}/actuator/health`);
  assert.equal(health.status, 503);
  assert.deepEqual(await health.json(), { status: 'OUT_OF_SERVICE' });
  const refused = await handshakeStatus(`${s.url}?token=tok-a`);
  assert.notEqual(refused, 'open');
  if (refused !== 'open') {
    assert.equal(refused.status, 503);
    assert.ok(Number(refused.headers['retry-after']) >= 1);
  }
  await drained;
  const infos = await Promise.all(clients.map((c) => c.closed));
  for (const info of infos) {
    assert.equal(info.code, 1012);
    const parsed = parseCloseReason(info.reason);
    assert.equal(parsed.text, 'server restart');
    assert.ok(typeof parsed.reconnectDelayMs === 'number' && parsed.reconnectDelayMs >= 0 && parsed.reconnectDelayMs <= 1000, info.reason);
  }
  closedAt.sort((a, b) => a - b);
  assert.ok(closedAt[0]! < 300, `first batch at once (${closedAt[0]} ms)`);
  assert.ok(closedAt[9]! >= 700 && closedAt[9]! < 2000, `last batch near the end of the window (${closedAt[9]} ms)`);
  const hints = new Set(infos.map((i) => i.reason));
  assert.ok(hints.size > 3, 'hints are spread, not all the same');
  await assert.rejects(fetch(`${s.httpUrl}/healthz`), 'the server stopped listening');
});

test('drain timeout: a client that never completes the close handshake is terminated', async () => {
  const logs = new LogCapture();
  const s = await startServer({ tokens: 'tok-a:alice', drainWindow: 0, drainTimeout: 400, logLevel: 'info', logStream: logs });
  cleanup.push(() => s.close());
  // A raw socket that ignores the close frame.
  const sock = tcpConnect(s.port, '127.0.0.1');
  cleanup.push(() => void sock.destroy());
  sock.on('error', () => undefined);
  await new Promise<void>((r) => sock.once('connect', () => r()));
  sock.write(`GET /api/ws/chat?token=tok-a HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`);
  await waitFor(() => s.connectionCount === 1);
  const polite = await connect(s, 'tok-a');
  const t0 = Date.now();
  await s.drain();
  const elapsed = Date.now() - t0;
  assert.ok(elapsed >= 380 && elapsed < 2000, `drain ended at the timeout (${elapsed} ms)`);
  assert.equal((await polite.closed).code, 1012);
  const [drainedLine] = logs.find('drained');
  assert.equal(drainedLine!.terminated, 1);
  assert.equal(drainedLine!.closed, 1);
  await sleep(10);
});

test('drain with no connections resolves at once', async () => {
  const s = await startServer({ tokens: 'tok-a:alice', drainWindow: 10_000 });
  const t0 = Date.now();
  await s.drain();
  assert.ok(Date.now() - t0 < 500);
});
