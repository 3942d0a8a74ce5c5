// The console in real Chromium through an nginx that blocks WebSocket (no Upgrade headers; 403
// to any upgrade): the page's client falls back to SSE, the panel says so, and the chat works
// both ways with a user who is on WebSocket.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { joinAs, launchChromium, openConsole, startConsoleServer, waitForMessage } from './web-harness.js';
import { startFallbackNginx, type NginxVariant } from './fallback-lab.js';

const HOST = '127.0.0.143';

test('Chromium runs the console through nginx paths that block WebSocket: it falls back to SSE, shows it, and chats', async (t) => {
  const browser = await launchChromium(t);
  if (!browser) return;
  const server = await startConsoleServer(t, { pingInterval: 1000 });
  const bob = await openConsole(browser, `${server.httpUrl}/`);
  await joinAs(bob.page, 'bob');
  for (const variant of ['no-upgrade', 'forbid-upgrade'] as NginxVariant[]) {
    const nginx = await startFallbackNginx(HOST, `${new URL(server.httpUrl).host}`, variant);
    t.after(() => nginx.stop());
    const alice = await openConsole(browser, `${nginx.wsUrl.replace('ws:', 'http:').replace('/api/ws/chat', '/')}`);
    await joinAs(alice.page, `alice-${variant}`);
    await alice.page.waitForSelector('#conn-pill[data-transport="sse"]', { timeout: 10_000 });
    const fact = await alice.page.textContent('#conn-facts dd[data-fact="transport"]');
    assert.match(fact ?? '', /^SSE \+ POST: WebSocket is blocked on this path/);
    // The panel sees the SSE session's frames too (hello through the instrumented fetch).
    await alice.page.waitForSelector('#conn-facts dd[data-fact="session"]', { timeout: 5000 });
    await alice.page.fill('#message-input', `hi from ${variant}`);
    await alice.page.press('#message-input', 'Enter');
    await waitForMessage(bob.page, `alice-${variant}`, `hi from ${variant}`);
    await bob.page.fill('#message-input', `hello over SSE (${variant})`);
    await bob.page.press('#message-input', 'Enter');
    await waitForMessage(alice.page, 'bob', `hello over SSE (${variant})`);
    assert.deepEqual(alice.errors, []);
    await alice.context.close();
  }
  assert.equal(await bob.page.getAttribute('#conn-pill', 'data-transport'), 'websocket');
});
