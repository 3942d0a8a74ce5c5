// The client in a real browser (docs/client.md): Chromium (playwright-core) loads a page that uses the
// built browser bundle, through a real HAProxy whose `timeout tunnel` is 3 s, in front of an
// in-process wsgate server. With the client heartbeat the connection outlives the tunnel
// timeout many times over; without it, HAProxy cuts it. Then the server is stopped and
// started again on the same port: the page reconnects on its own and recovers the messages
// published meanwhile. HAProxy, the page server and the browser are started and stopped here.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { createBroker, type Broker, type WsgateServer } from '../../src/server/index.js';
import { findBinary, requireBinary, startTunnelProxy, tempDir, type LabProxy } from '../lab/index.js';
import { cleanupsAfterAll, startPageServer } from './browser-page.js';
import { startServer, waitFor } from './client-helpers.js';

const PROXY_HOST = '127.0.0.52';
const PAGE_HOST = '127.0.0.53';
const TUNNEL_S = 3;
const root = fileURLToPath(new URL('../..', import.meta.url));

const cleanups = cleanupsAfterAll();

const PAGE = `<!doctype html><meta charset="utf-8"><title>wsgate client</title>
<script type="module">
import { Client } from '/wsgate-client.min.js';
const q = new URLSearchParams(location.search);
window.events = [];
window.received = [];
const client = new Client(q.get('ws'), {
  token: q.get('token'),
  autoConnect: false,
  backoff: { base: 500, max: 2000 },
  heartbeat: q.get('hb') === 'off' ? false : { interval: 1000, timeout: 2000 },
});
client.on('state', (s) => window.events.push({ at: Date.now(), ...s }));
client.on('unrecovered', () => window.events.push({ at: Date.now(), unrecovered: true }));
const sub = client.subscribe('room:browser', (data, meta) => window.received.push({ data, offset: meta.offset }));
sub.on('subscribed', (i) => window.events.push({ at: Date.now(), subscribed: i }));
client.connect();
window.client = client;
</script>`;

interface PageEvent {
  at: number;
  oldState?: string;
  newState?: string;
  code?: number;
  unrecovered?: boolean;
  subscribed?: { recovered: boolean; resumed: boolean };
}

let broker: Broker;
let server: WsgateServer;
let serverPort: number;
let haproxy: LabProxy;
let pageUrl: string;
let context: BrowserContext;
let skipped = false;

before(async () => {
  const haproxyBin = findBinary('haproxy');
  const chromiumBin = findBinary('chromium');
  if (!haproxyBin || !chromiumBin) {
    skipped = true;
    return;
  }
  // The browser bundle, fresh from the source.
  execFileSync(process.execPath, [`${root}scripts/build-client.mjs`], { stdio: 'ignore' });
  const bundle = readFileSync(`${root}dist/client/wsgate-client.min.js`);

  broker = await createBroker('memory', { historySize: 1000, historyTtlMs: 300_000, nodeId: 'browser-test' });
  // Server pings every 10 min: only the client's heartbeat can keep the tunnel busy.
  server = await startServer({ broker, pingInterval: 600_000, heartbeatTimeout: 600_000 });
  serverPort = server.port;

  haproxy = await startTunnelProxy(PROXY_HOST, serverPort, TUNNEL_S);
  cleanups.push(() => haproxy.stop());

  const page = await startPageServer(PAGE_HOST, PAGE, '/wsgate-client.min.js', bundle);
  cleanups.push(() => page.close());
  pageUrl = page.url;

  const profile = tempDir('chromium');
  context = await chromium.launchPersistentContext(profile.dir, {
    executablePath: chromiumBin,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  cleanups.push(() => profile.remove());
  cleanups.push(() => context.close());
});

after(async () => {
  await server?.close().catch(() => {});
});

async function openPage(hb: 'on' | 'off', token: string): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (e) => console.log(`# page error: ${e.message}`));
  const ws = `ws://${PROXY_HOST}:${haproxy.port}/api/ws/chat`;
  await page.goto(`${pageUrl}?ws=${encodeURIComponent(ws)}&token=${token}&hb=${hb}`);
  return page;
}

const events = (page: Page) => page.evaluate(() => (window as unknown as { events: PageEvent[] }).events);
const state = (page: Page) => page.evaluate(() => (window as unknown as { client: { state: string } }).client.state);

test('through HAProxy (timeout tunnel 3 s): the heartbeat keeps the connection; without it, it is cut', async (t) => {
  // Missing programs: a failure in CI, a skip (saying what to install) locally.
  if (!requireBinary('haproxy', t) || !requireBinary('chromium', t) || skipped) return;
  const withHb = await openPage('on', 'tok-a');
  const withoutHb = await openPage('off', 'tok-b');
  await waitFor('both pages open', async () => (await state(withHb)) === 'open' && (await state(withoutHb)) === 'open', 15_000);
  const openedAt = Date.now();
  const watch = TUNNEL_S * 4 * 1000; // four tunnel timeouts
  await new Promise((r) => setTimeout(r, watch));

  const a = await events(withHb);
  const b = await events(withoutHb);
  const dropsA = a.filter((e) => e.newState === 'reconnecting');
  const dropsB = b.filter((e) => e.newState === 'reconnecting');
  console.log(`# browser: heartbeat on: ${dropsA.length} drops in ${watch / 1000} s; heartbeat off: ${dropsB.length} drops (first after ${dropsB[0] ? ((dropsB[0].at - openedAt) / 1000).toFixed(1) : '-'} s, code ${dropsB[0]?.code})`);
  assert.equal(dropsA.length, 0, 'with the heartbeat, no drop in four tunnel timeouts');
  assert.equal(await state(withHb), 'open');
  assert.ok(dropsB.length >= 2, 'without it, HAProxy cuts the idle connection (and again after each reconnect)');
  assert.equal(dropsB[0]!.code, 1006, 'an idle cut shows as 1006');
  const firstCut = dropsB[0]!.at - openedAt;
  assert.ok(firstCut >= (TUNNEL_S - 1) * 1000 && firstCut <= (TUNNEL_S + 2) * 1000, `cut after ${firstCut} ms`);
  await withoutHb.close();

  // ---- restart: stop the server, publish meanwhile, start it again on the same port --------
  await waitFor('subscribed', async () => (await events(withHb)).some((e) => e.subscribed));
  await server.close();
  await waitFor('page noticed', async () => (await state(withHb)) !== 'open', 10_000);
  for (let i = 1; i <= 5; i++) await broker.publish('room:browser', { n: i, while: 'down' }, { from: 'system' });
  server = await startServer({ broker, port: serverPort, pingInterval: 600_000, heartbeatTimeout: 600_000 });
  await waitFor('page back', async () => (await state(withHb)) === 'open', 20_000);
  await waitFor('messages recovered', async () => (await withHb.evaluate(() => (window as unknown as { received: unknown[] }).received.length)) === 5, 10_000);
  const received = await withHb.evaluate(() => (window as unknown as { received: Array<{ data: { n: number } }> }).received);
  assert.deepEqual(received.map((r) => r.data.n), [1, 2, 3, 4, 5]);
  const last = (await events(withHb)).filter((e) => e.subscribed).at(-1)!;
  assert.deepEqual({ recovered: last.subscribed!.recovered, resumed: last.subscribed!.resumed }, { recovered: true, resumed: true });
  assert.equal((await events(withHb)).filter((e) => e.unrecovered).length, 0);
  await withHb.close();
});
