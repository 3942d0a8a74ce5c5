// wsgate/socket in a real browser: Chromium (playwright-core) loads a page that bundles
// src/socket (esbuild, as an app would) and talks to the guide-like ws server (a real process,
// fixtures/ping-pong-server.mjs). Through HAProxy with `timeout tunnel 3s`: the heartbeat keeps
// the connection; without it HAProxy cuts it, the socket comes back and delivers the sends made
// meanwhile. Offline (Chromium's network emulation): no attempts until `online`. A server that
// stops answering (SIGSTOP) is found dead within 5 s of an `online` event, with the guide's 30 s
// heartbeat. Every program started here is stopped here.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { BrowserContext, Page } from 'playwright-core';
import { findBinary, requireBinary, startTunnelProxy, type LabProxy } from '../lab/index.js';
import { cleanupsAfterAll, startPageServer } from './browser-page.js';
import { startPingPongServer, waitFor, type PingPongServer } from './socket-helpers.js';
import { launchChromium } from './web-harness.js';

const PROXY_HOST = '127.0.0.55';
const PAGE_HOST = '127.0.0.56';
const root = fileURLToPath(new URL('../..', import.meta.url));

const cleanups = cleanupsAfterAll();

const PAGE = `<!doctype html><meta charset="utf-8"><title>wsgate socket</title>
<script type="module">
import { Socket } from '/socket.js';
const q = new URLSearchParams(location.search);
window.events = [];
window.attempts = 0;
class Counting extends WebSocket {
  constructor(...args) { super(...args); window.attempts++; }
}
const hb = { on: { send: 'ping', expect: 'pong', interval: 1000, timeout: 2000 }, guide: { send: 'ping', expect: 'pong', interval: 30000 } }[q.get('hb')];
const sock = new Socket(q.get('ws'), [], { WebSocket: Counting, heartbeat: hb, backoff: { base: 300, max: 1000 } });
for (const type of ['open', 'message', 'close', 'reconnecting', 'reconnected'])
  sock.addEventListener(type, (e) => window.events.push({ type, at: Date.now(), code: e.code, data: e.data }));
window.sock = sock;
</script>`;

interface PageEvent {
  type: string;
  at: number;
  code?: number;
  data?: string;
}

let server: PingPongServer;
let haproxy: LabProxy;
let pageUrl: string;
let skipped = false;

before(async () => {
  if (!findBinary('haproxy')) {
    skipped = true;
    return;
  }
  const bundle = await build({ entryPoints: [`${root}src/socket/index.ts`], bundle: true, minify: true, format: 'esm', target: 'es2022', platform: 'browser', write: false, logLevel: 'silent' });
  const code = bundle.outputFiles[0]!.contents;
  server = await startPingPongServer();
  cleanups.push(() => server.stop());
  haproxy = await startTunnelProxy(PROXY_HOST, server.port);
  cleanups.push(() => haproxy.stop());
  const page = await startPageServer(PAGE_HOST, PAGE, '/socket.js', code);
  cleanups.push(() => page.close());
  pageUrl = page.url;
});

async function openPage(context: BrowserContext, ws: string, hb: 'on' | 'off' | 'guide'): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (e) => console.log(`# page error: ${e.message}`));
  await page.goto(`${pageUrl}?ws=${encodeURIComponent(ws)}&hb=${hb}`);
  return page;
}
/** A fresh browser context in Chromium (closed after the test), or null where Chromium is missing (skipped locally). */
async function browserContext(t: import('node:test').TestContext): Promise<BrowserContext | null> {
  const browser = await launchChromium(t);
  return browser ? browser.newContext() : null;
}

const events = (page: Page) => page.evaluate(() => (window as unknown as { events: PageEvent[] }).events);
const count = async (page: Page, type: string) => (await events(page)).filter((e) => e.type === type).length;
const send = (page: Page, text: string) => page.evaluate((t) => (window as unknown as { sock: { send(t: string): void } }).sock.send(t), text);

test('through HAProxy (timeout tunnel 3 s): heartbeat on, no cut; off, cut at about 3 s, reconnected, queued sends delivered', async (t) => {
  if (!requireBinary('haproxy', t) || skipped) return;
  const context = await browserContext(t);
  if (!context) return;
  const ws = `ws://${PROXY_HOST}:${haproxy.port}/chat?token=ok`;
  const on = await openPage(context, ws, 'on');
  const off = await openPage(context, ws, 'off');
  await waitFor('both open', async () => (await count(on, 'open')) === 1 && (await count(off, 'open')) === 1, 15_000);
  const openedAt = (await events(off)).find((e) => e.type === 'open')!.at;
  await waitFor('the cut', async () => (await count(off, 'reconnecting')) === 1, 8000);
  const cut = (await events(off)).find((e) => e.type === 'reconnecting')!;
  console.log(`# browser socket: heartbeat off, cut after ${((cut.at - openedAt) / 1000).toFixed(1)} s, code ${cut.code}`);
  assert.ok(cut.at - openedAt >= 2500 && cut.at - openedAt <= 5000, `cut after ${cut.at - openedAt} ms`);
  await send(off, 'queued-1');
  await send(off, 'queued-2');
  await waitFor('reconnected', async () => (await count(off, 'reconnected')) === 1, 10_000);
  await waitFor('echoes', async () => (await count(off, 'message')) === 2);
  assert.deepEqual((await events(off)).filter((e) => e.type === 'message').map((e) => e.data), ['echo:queued-1', 'echo:queued-2']);
  await new Promise((r) => setTimeout(r, Math.max(0, openedAt + 8000 - Date.now())));
  assert.equal(await count(on, 'reconnecting'), 0, 'with the heartbeat, no cut in over twice the tunnel timeout');
  assert.equal(await count(on, 'message'), 0, 'pongs are not messages');
  await on.close();
  await off.close();
});

test('offline: no attempts until online; then back at once', async (t) => {
  const context = await browserContext(t);
  if (!context || skipped) return;
  const page = await openPage(context, server.url(), 'off');
  await waitFor('open', async () => (await count(page, 'open')) === 1, 15_000);
  await context.setOffline(true);
  const port = server.port;
  await server.stop(); // the connection ends while the browser is offline
  await waitFor('reconnecting', async () => (await count(page, 'reconnecting')) === 1, 10_000);
  server = await startPingPongServer('127.0.0.1', port);
  const attempts = () => page.evaluate(() => (window as unknown as { attempts: number }).attempts);
  const before = await attempts();
  await new Promise((r) => setTimeout(r, 3000)); // backoff windows of 300..1000 ms: several retries if it were not waiting
  assert.equal(await attempts(), before, 'no attempt while navigator.onLine is false');
  await context.setOffline(false);
  await waitFor('reconnected', async () => (await count(page, 'reconnected')) === 1, 5000);
  await page.close();
});

test('a dead link (server stopped answering) is found within 5 s of an online event, with the guide’s 30 s heartbeat', async (t) => {
  const context = await browserContext(t);
  if (!context || skipped) return;
  const page = await openPage(context, server.url(), 'guide');
  await waitFor('open', async () => (await count(page, 'open')) === 1, 15_000);
  server.proc.child.kill('SIGSTOP');
  try {
    const at = Date.now();
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await waitFor('found dead', async () => (await count(page, 'reconnecting')) === 1, 8000);
    const found = (await events(page)).find((e) => e.type === 'reconnecting')!.at - at;
    console.log(`# browser socket: dead link found ${(found / 1000).toFixed(1)} s after online`);
    assert.ok(found <= 5000, `found after ${found} ms`);
  } finally {
    server.proc.child.kill('SIGCONT');
  }
  await waitFor('reconnected', async () => (await count(page, 'reconnected')) === 1, 10_000);
  await page.close();
});
