// Why the server pings: behind a real nginx with a 1 s proxy_read_timeout (the same trap as a
// CDN's idle limit), a connection on a server that pings every 300 ms stays up, while one on a
// server pinging every 10 s is cut at ~1 s (the client sees 1006, the server logs the short
// lifetime). The forwarded client address reaches the logs through X-Forwarded-For.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { freePort, requireBinary, startNginx, type LabProxy } from '../lab/index.js';
import { LogCapture, client, sleep, startServer, waitFor } from './server-helpers.js';

const PROXY_HOST = '127.0.0.5';
const cleanup: Array<() => Promise<void> | void> = [];
after(async () => {
  for (const c of cleanup.reverse()) await c();
});

async function nginxIdle(upstreamPort: number, readTimeout: string): Promise<LabProxy> {
  const port = await freePort(PROXY_HOST);
  const proxy = await startNginx({
    host: PROXY_HOST,
    port,
    httpBody: `
  map $http_upgrade $connection_upgrade { default upgrade; '' close; }
  server {
    listen ${PROXY_HOST}:${port};
    location / {
      proxy_pass http://127.0.0.1:${upstreamPort};
      proxy_http_version 1.1;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
      proxy_set_header X-Forwarded-For "198.51.100.23";
      proxy_read_timeout ${readTimeout};
      proxy_send_timeout ${readTimeout};
    }
  }`,
  });
  cleanup.push(() => proxy.stop());
  return proxy;
}

test('behind nginx with a 1 s idle timeout: 300 ms pings keep the connection, 10 s pings lose it', async (t) => {
  if (!requireBinary('nginx', t)) return;
  const logs = new LogCapture();
  const pinging = await startServer({ tokens: 'tok-a:alice', pingInterval: 300, heartbeatTimeout: 2000, logLevel: 'info', logStream: logs });
  cleanup.push(() => pinging.close());
  const quiet = await startServer({ tokens: 'tok-a:alice', pingInterval: 10_000 });
  cleanup.push(() => quiet.close());
  const p1 = await nginxIdle(pinging.port, '1s');
  const p2 = await nginxIdle(quiet.port, '1s');

  const kept = client(`ws://${PROXY_HOST}:${p1.port}/api/ws/chat?token=tok-a`);
  const lost = client(`ws://${PROXY_HOST}:${p2.port}/api/ws/chat?token=tok-a`);
  cleanup.push(() => kept.close(), () => lost.close());
  await Promise.all([kept.opened, lost.opened]);
  await Promise.all([kept.type('hello'), lost.type('hello')]);
  const t0 = Date.now();
  const cut = await lost.closed;
  const lifetime = Date.now() - t0;
  assert.equal(cut.code, 1006, 'the proxy closed the TCP connection without a close frame');
  assert.ok(lifetime >= 800 && lifetime < 2500, `cut after ~1 s idle (${lifetime} ms)`);
  await sleep(2500 - lifetime);
  assert.equal(kept.closeInfo, undefined, 'the pinged connection outlived the idle timeout');
  kept.send('ping');
  assert.equal(await kept.next((f) => f === 'pong'), 'pong');
  const [open] = logs.find('connection open');
  assert.equal(open!.client, '198.51.100.23', 'the client address as forwarded by the proxy');
  await waitFor(async () => /wsgate_connections_closed_total\{code="1006",transport="websocket"\} 1/.test(await (await fetch(`${quiet.httpUrl}/metrics`)).text()), 3000, 'the quiet server to record the 1006');
  const metrics = await (await fetch(`${quiet.httpUrl}/metrics`)).text();
  assert.match(metrics, /wsgate_connection_duration_seconds_bucket\{le="5"\} 1/, 'the short lifetime shows in the histogram');
});
