// The live connection panel in real Chromium, across server restarts on the same port:
//  1. a graceful drain (1012 with a reconnect hint) while another node keeps publishing into
//     the shared history: the panel lists the reconnect with its code and says every missed
//     message was recovered, and the chat shows them;
//  2. an abrupt stop and a start with a fresh broker (history gone): the panel lists 1001 and
//     says the history is gone (recovered:false), as the chat does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryBroker } from '../../src/server/index.js';
import { WEB_HOSTS, joinAs, joinWithToken, launchChromium, openConsole, screenshot, startConsoleServer, waitForMessage } from './web-harness.js';

test('stop and start the server: the panel shows each reconnect, its close code and whether it recovered', async (t) => {
  const browser = await launchChromium(t);
  if (!browser) return;
  // One history shared by the "nodes" (as Redis would be): it outlives each server process.
  const history = new MemoryBroker({ historySize: 100, historyTtlMs: 300_000 });
  // Static tokens, so the page's token is still valid on the restarted server.
  const options = { tokens: 'tok-alice:alice,tok-bob:bob', pingInterval: 500, drainWindow: 200, drainTimeout: 3000 };
  let server = await startConsoleServer(t, { ...options, broker: history });
  const port = server.port;
  const { page, errors } = await openConsole(browser, `${server.httpUrl}/`);
  await joinWithToken(page, 'tok-alice');
  await page.waitForFunction(() => document.querySelector('#presence li[data-user="alice"]'), null, { timeout: 10_000 });
  await page.fill('#message-input', 'before the restart');
  await page.press('#message-input', 'Enter');
  await waitForMessage(page, 'alice', 'before the restart');
  await page.waitForFunction(() => Number(document.querySelector('[data-stat="samples"]')?.textContent) >= 2, null, { timeout: 10_000 });

  // 1. Drain (what SIGTERM does): 1012 with a reconnect hint. Meanwhile bob, on another
  // node, goes on talking: three messages land in the shared history.
  await server.drain();
  await page.waitForSelector('#conn-pill[data-state="reconnecting"], #conn-pill[data-state="connecting"]', { timeout: 5000 });
  for (const text of ['missed one', 'missed two', 'missed three']) await history.publish('room:lobby', { text }, { from: 'bob' });
  server = await startConsoleServer(t, { ...options, broker: history, port });
  await page.waitForSelector('#conn-pill[data-state="open"]', { timeout: 20_000 });

  const drain = page.locator('#reconnects li[data-code="1012"]');
  await drain.waitFor({ timeout: 5000 });
  await page.waitForSelector('#reconnects li[data-code="1012"][data-recovery="complete"]', { timeout: 10_000 });
  const drainText = await drain.textContent();
  assert.match(drainText ?? '', /SERVICE_RESTART/);
  assert.match(drainText ?? '', /recovered every message: 3 missed in room:lobby, all replayed/);
  assert.match((await page.textContent('#recovery')) ?? '', /Last reconnect \(#1\): recovered every message/);
  for (const text of ['missed one', 'missed two', 'missed three']) await waitForMessage(page, 'bob', text);
  const order = await page.$$eval('#messages li.msg .text', (els) => els.map((e) => e.textContent));
  assert.deepEqual(order, ['before the restart', 'missed one', 'missed two', 'missed three'], 'replayed in order, none twice');
  // The docs' desktop screenshot: chat, heartbeat chart, the drain and its recovery, a passing browser test.
  await page.fill('#message-input', 'back after the deploy, nothing lost');
  await page.press('#message-input', 'Enter');
  await waitForMessage(page, 'alice', 'back after the deploy, nothing lost');
  await page.click('#run-test');
  await page.waitForSelector('#test-result[data-result="pass"]', { timeout: 15_000 });
  await page.waitForFunction(() => Number(document.querySelector('[data-stat="samples"]')?.textContent) >= 10, null, { timeout: 15_000 });
  await screenshot(page, 'console-desktop', { fullPage: true });

  // 2. Abrupt stop (1001) and a start with a fresh in-memory broker: the history is gone.
  await server.close();
  server = await startConsoleServer(t, { ...options, port });
  await page.waitForSelector('#reconnects li[data-code="1001"][data-recovery="lost"]', { timeout: 20_000 });
  assert.match((await page.textContent('#recovery')) ?? '', /Last reconnect \(#2\): history gone for room:lobby/);
  await page.waitForFunction(() => [...document.querySelectorAll('#messages li.system.bad')].some((li) => /some messages may be missing/.test(li.textContent ?? '')), null, { timeout: 5000 });
  assert.equal(await page.locator('#reconnects li').count(), 2);
  await screenshot(page, 'console-history-lost', { selector: 'section.connection' });
  assert.equal(await page.getAttribute('#conn-pill', 'data-state'), 'open');
  assert.equal(server.port, port);
  assert.equal(new URL(server.httpUrl).hostname, WEB_HOSTS.server);
  assert.deepEqual(errors, []);
});

test('dev mode: a restarted server has forgotten the dev token; the console trades the name in again, and a bad pasted token sends you back to sign-in', async (t) => {
  const browser = await launchChromium(t);
  if (!browser) return;
  let server = await startConsoleServer(t, { pingInterval: 500 });
  const port = server.port;
  const { page, errors } = await openConsole(browser, `${server.httpUrl}/`);
  await joinAs(page, 'erin');
  await server.close();
  server = await startConsoleServer(t, { pingInterval: 500, port });
  // The old token gets 4401 on the new server; the client asks for a token once more, and
  // the console fetches a new dev token for "erin".
  await page.waitForSelector('#reconnects li[data-code="1001"]', { timeout: 10_000 });
  await page.waitForSelector('#conn-pill[data-state="open"]', { timeout: 20_000 });
  // Attempts made while the port was closed fail with 1006 (on WebSocket, then on the SSE
  // fallback, depending on timing); the first one that reaches the new server gets 4401, and a
  // single token refresh follows.
  assert.match((await page.textContent('#reconnects li[data-code="1001"] .rc-details')) ?? '', /\d+ failed attempts? \((?:1006, )?4401\)$/);
  assert.equal(await page.textContent('[data-fact="user"]'), 'erin');
  await page.fill('#message-input', 'still me');
  await page.press('#message-input', 'Enter');
  await waitForMessage(page, 'erin', 'still me');

  const other = await openConsole(browser, `${server.httpUrl}/`);
  await other.page.click('#token-details summary');
  await other.page.fill('#token-input', 'not-a-token');
  await other.page.click('#token-form button[type="submit"]');
  await other.page.waitForSelector('#signin:not([hidden]) #signin-error:not([hidden])', { timeout: 15_000 });
  assert.match((await other.page.textContent('#signin-error')) ?? '', /the server refused this token \(4401/);
  assert.equal(await other.page.getAttribute('#conn-pill', 'data-state'), 'signed-out');
  assert.deepEqual([...errors, ...other.errors], []);
});
