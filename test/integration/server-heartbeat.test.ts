// Heartbeat and logs: the server pings at the advertised interval, spreads each connection's
// first ping, records RTT, terminates peers that stop answering; one log line per open and
// close (with the forwarded client address) and a periodic connection-count line.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { LogCapture, client, connect, startServer, sleep, waitFor } from './server-helpers.js';

const cleanup: Array<() => Promise<void> | void> = [];
after(async () => {
  for (const c of cleanup.reverse()) await c();
});

test('protocol pings every interval, answered pongs feed the RTT histogram', async () => {
  const s = await startServer({ tokens: 'tok-a:alice', pingInterval: 200, heartbeatTimeout: 500 });
  cleanup.push(() => s.close());
  const a = await connect(s, 'tok-a');
  cleanup.push(() => a.close());
  let pings = 0;
  a.ws.on('ping', () => pings++);
  await sleep(1000);
  assert.ok(pings >= 2 && pings <= 6, `~1 ping per 200 ms after a random first delay (got ${pings})`);
  const metrics = await (await fetch(`${s.httpUrl}/metrics`)).text();
  const count = Number(/wsgate_heartbeat_rtt_seconds_count (\d+)/.exec(metrics)?.[1]);
  assert.ok(count >= 2, `RTT samples: ${count}`);
  assert.equal(a.closeInfo, undefined);
});

test('the first ping of each connection is spread over the interval (no lock-step after a reconnect wave)', async () => {
  const s = await startServer({ tokens: 'tok-a:alice', pingInterval: 1000, maxConnectionsPerUser: 100 });
  cleanup.push(() => s.close());
  const started = Date.now();
  const firsts: number[] = [];
  const clients = await Promise.all(Array.from({ length: 20 }, () => connect(s, 'tok-a')));
  for (const c of clients) {
    cleanup.push(() => c.close());
    c.ws.once('ping', () => firsts.push(Date.now() - started));
  }
  await waitFor(() => firsts.length === 20, 3000, 'a first ping on every connection');
  const spread = Math.max(...firsts) - Math.min(...firsts);
  assert.ok(spread > 300, `first pings spread over ${spread} ms`);
});

test('a peer that stops answering pings is terminated after the timeout', async () => {
  const logs = new LogCapture();
  const s = await startServer({ tokens: 'tok-a:alice', pingInterval: 200, heartbeatTimeout: 300, logLevel: 'info', logStream: logs });
  cleanup.push(() => s.close());
  const mute = client(`${s.url}?token=tok-a`, { autoPong: false });
  cleanup.push(() => mute.close());
  const t0 = Date.now();
  const closed = await mute.closed;
  const elapsed = Date.now() - t0;
  assert.equal(closed.code, 1006, 'no close frame: the server drops the dead peer');
  assert.ok(elapsed >= 300 && elapsed < 1500, `terminated after ${elapsed} ms`);
  await waitFor(() => logs.find('connection closed').length === 1);
  assert.equal(logs.find('connection closed')[0]!.code, 1006);
  assert.equal(logs.find('heartbeat timeout: terminating').length, 1);
  const metrics = await (await fetch(`${s.httpUrl}/metrics`)).text();
  assert.match(metrics, /wsgate_heartbeat_timeouts_total 1/);
  assert.match(metrics, /wsgate_connections_closed_total\{code="1006",transport="websocket"\} 1/);
});

test('logs: one line per open and close with user, session, code, duration and forwarded address; periodic counts', async () => {
  const logs = new LogCapture();
  const s = await startServer({ tokens: 'tok-a:alice', logLevel: 'info', logStream: logs, statsInterval: 150 });
  cleanup.push(() => s.close());
  const a = await connect(s, 'tok-a', { headers: { 'x-forwarded-for': '203.0.113.7, 10.0.0.1' } });
  await waitFor(() => logs.find('connection stats').some((l) => l.connections === 1), 2000, 'a stats line with 1 connection');
  a.ws.close(1000, 'bye');
  await a.closed;
  await waitFor(() => logs.find('connection closed').length === 1);
  const [open] = logs.find('connection open');
  const [close] = logs.find('connection closed');
  assert.equal(open!.user, 'alice');
  assert.equal(open!.client, '203.0.113.7');
  assert.equal(open!.remote, '127.0.0.1');
  assert.equal(close!.user, 'alice');
  assert.equal(close!.session, open!.session);
  assert.equal(close!.code, 1000);
  assert.equal(close!.client, '203.0.113.7');
  assert.equal(typeof close!.durationMs, 'number');
  assert.equal(logs.find('connection open').length, 1);
  const metrics = await (await fetch(`${s.httpUrl}/metrics`)).text();
  assert.match(metrics, /wsgate_connection_duration_seconds_count 1/);
  assert.match(metrics, /wsgate_connections\{transport="websocket"\} 0/);
  assert.match(metrics, /wsgate_connections_closed_total\{code="1000",transport="websocket"\} 1/);
});
