// The console's chat in real Chromium: two pages (two users) join the same channel through
// the console served by a real wsgate server, see each other present, and talk.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { joinAs, launchChromium, openConsole, startConsoleServer, waitForMessage } from './web-harness.js';

test('two pages chat with each other and see who is present', async (t) => {
  const browser = await launchChromium(t);
  if (!browser) return;
  const server = await startConsoleServer(t, { pingInterval: 1000 });
  const alice = await openConsole(browser, `${server.httpUrl}/`);
  const bob = await openConsole(browser, `${server.httpUrl}/`);

  // The page is the built console, with cache headers that let a deploy take effect at once.
  const res = await fetch(`${server.httpUrl}/`);
  assert.equal(res.headers.get('cache-control'), 'no-cache');
  const html = await res.text();
  const asset = /src="(\.\/assets\/app-[A-Z0-9]+\.js)"/.exec(html)?.[1];
  assert.ok(asset, 'index.html loads a hashed, relative script');
  assert.match((await fetch(new URL(asset, `${server.httpUrl}/`))).headers.get('cache-control') ?? '', /immutable/);

  assert.equal(await alice.page.isHidden('#boot'), true, 'the script loaded and took over from the loading note');
  const sockets: string[] = [];
  alice.page.on('websocket', (ws) => sockets.push(ws.url()));
  await joinAs(alice.page, 'alice');
  await joinAs(bob.page, 'bob');

  // Presence frames: each sees both names.
  for (const { page } of [alice, bob]) {
    await page.waitForFunction(() => ['alice', 'bob'].every((u) => document.querySelector(`#presence li[data-user="${u}"]`)), null, { timeout: 10_000 });
  }

  await alice.page.fill('#message-input', 'hello bob');
  await alice.page.press('#message-input', 'Enter');
  await waitForMessage(bob.page, 'alice', 'hello bob');

  await bob.page.fill('#message-input', 'hi alice 👋');
  await bob.page.click('#composer button[type="submit"]');
  await waitForMessage(alice.page, 'bob', 'hi alice 👋');

  // Each message shows once on each side (the sender's own line is confirmed, not doubled).
  for (const { page } of [alice, bob]) {
    await page.waitForFunction(() => document.querySelectorAll('#messages li.msg.pending').length === 0, null, { timeout: 5000 });
    const lines = await page.$$eval('#messages li.msg', (els) => els.map((el) => `${el.getAttribute('data-from')}: ${el.querySelector('.text')?.textContent}`));
    assert.deepEqual(lines, ['alice: hello bob', 'bob: hi alice 👋']);
  }

  // Markup in a message is shown as text, never run.
  await bob.page.fill('#message-input', '<img src=x onerror="window.pwned=1">');
  await bob.page.press('#message-input', 'Enter');
  await waitForMessage(alice.page, 'bob', '<img src=x onerror="window.pwned=1">');
  assert.equal(await alice.page.evaluate(() => (window as unknown as { pwned?: number }).pwned), undefined);

  // The connection panel knows the session and measures the heartbeat.
  await alice.page.waitForFunction(() => Number(document.querySelector('[data-stat="samples"]')?.textContent) >= 1, null, { timeout: 10_000 });
  assert.equal(await alice.page.textContent('[data-fact="user"]'), 'alice');

  // The chat's token never rides in a WebSocket URL (where proxies and CDNs log it): each
  // connection uses a one-use ticket.
  assert.ok(sockets.length >= 1);
  for (const url of sockets) {
    assert.match(url, /[?&]ticket=/);
    assert.doesNotMatch(url, /[?&]token=/);
  }

  // A reload keeps the tab signed in (sessionStorage) and rejoins the channel.
  await bob.page.reload();
  await bob.page.waitForSelector('#conn-pill[data-state="open"]', { timeout: 10_000 });
  assert.equal(await bob.page.textContent('#who strong'), 'bob');

  assert.deepEqual([...alice.errors, ...bob.errors], []);
});

test('"Ping now" makes the client probe at once: a round trip shows up without waiting for the heartbeat', async (t) => {
  const browser = await launchChromium(t);
  if (!browser) return;
  const server = await startConsoleServer(t, { pingInterval: 60_000 });
  const { page, errors } = await openConsole(browser, `${server.httpUrl}/`);
  assert.equal(await page.isDisabled('#probe'), true, 'nothing to ping before sign-in');
  await joinAs(page, 'frank');
  assert.equal(await page.textContent('[data-fact="heartbeat"]'), 'every 60 s, timeout 10 s');
  assert.equal(await page.textContent('[data-stat="samples"]'), '0');
  await page.click('#probe');
  await page.waitForFunction(() => document.querySelector('[data-stat="samples"]')?.textContent === '1', null, { timeout: 5000 });
  assert.match((await page.textContent('[data-stat="last"]')) ?? '', /^\d+(\.\d)? ms$/);
  assert.deepEqual(errors, []);
});
