// Reconnect-storm simulation (docs/client.md "Reconnect policy"): 1,000 clients lose their connections at the same
// moment (a deploy, an ingress reload). How many of their reconnect attempts land in the
// busiest 100 ms? With full jitter, a few percent; with a fixed schedule (partysocket,
// sockette), all of them. Fake sockets and a fake clock: the client code is the real one.
import { afterEach, beforeEach, mock, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from './client.js';
import { fakeWebSocket, settle } from './__fixtures__/fake-socket.js';

const N = 1000;
const WINDOW = 100;

beforeEach(() => mock.timers.enable({ apis: ['setTimeout', 'Date'] }));
afterEach(() => mock.timers.reset());

/** Largest share of `times` inside any window of WINDOW ms. */
function peakShare(times: number[]): number {
  const t = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < t.length; i++) {
    while (t[j]! <= t[i]! - WINDOW) j++;
    best = Math.max(best, i - j + 1);
  }
  return best / t.length;
}

/**
 * Starts N clients, opens them all, drops them all at t0, and records every reconnect attempt
 * until `until` ms later. Attempts before `downFor` ms fail at once (the server is still down).
 */
async function storm(random: (() => number) | undefined, downFor: number, until: number): Promise<{ attempts: number[]; reconnected: number }> {
  const fake = fakeWebSocket();
  const clients = Array.from({ length: N }, () => new Client('ws://127.0.0.51:1/ws', { WebSocket: fake.WebSocket, heartbeat: false, ...(random ? { random } : {}) }));
  await settle();
  for (const s of fake.sockets) s.hello();
  const t0 = Date.now();
  const before = fake.sockets.length;
  for (const s of [...fake.sockets]) s.serverClose(1006);
  let seen = before;
  const step = 10;
  for (let t = 0; t < until; t += step) {
    mock.timers.tick(step);
    await settle();
    for (; seen < fake.sockets.length; seen++) {
      const s = fake.sockets[seen]!;
      if (s.createdAt - t0 < downFor) s.serverClose(1006);
      else s.hello();
    }
  }
  const attempts = fake.sockets.slice(before).map((s) => s.createdAt - t0);
  const reconnected = clients.filter((c) => c.state === 'open').length;
  for (const c of clients) c.close();
  return { attempts, reconnected };
}

test('1,000 clients dropped at once: the busiest 100 ms holds a few percent of the attempts', async () => {
  const back = await storm(undefined, 0, 2500);
  const down = await storm(undefined, 5000, 40_000);
  const fixed = await storm(() => 1, 0, 2500); // no jitter: every client waits the same time
  const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
  const report = [
    `server back at once:   ${back.attempts.length} attempts, busiest ${WINDOW} ms window ${pct(peakShare(back.attempts))}`,
    `server down for 5 s:   ${down.attempts.length} attempts, busiest ${WINDOW} ms window ${pct(peakShare(down.attempts))}`,
    `no jitter (fixed):     ${fixed.attempts.length} attempts, busiest ${WINDOW} ms window ${pct(peakShare(fixed.attempts))}`,
  ];
  for (const line of report) console.log(`# storm: ${line}`);
  assert.equal(back.attempts.length, N, 'each client makes exactly one attempt when the server is back');
  assert.equal(back.reconnected, N);
  assert.equal(down.reconnected, N, 'everyone is back after the outage');
  assert.ok(peakShare(back.attempts) < 0.15, pct(peakShare(back.attempts)));
  assert.ok(peakShare(down.attempts) < 0.15, pct(peakShare(down.attempts)));
  assert.ok(Math.max(...back.attempts) <= 2000, 'first retry within the 2 s window');
  assert.equal(peakShare(fixed.attempts), 1, 'the no-jitter schedule puts everyone in one window');
});
