// The console's assistant view in real Chromium: on an `ai:` channel a reply streamed as
// deltas (published through the server API, as a backend does) grows in one bubble, and when
// the connection drops mid-reply the bubble shows where it resumed, with nothing missed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { API_KEY, api } from './backend-lab.js';
import { joinAs, launchChromium, openConsole, startConsoleServer } from './web-harness.js';

test('an ai: channel renders a streamed reply as it arrives and marks where it resumed after a reconnect', async (t) => {
  const browser = await launchChromium(t);
  if (!browser) return;
  const server = await startConsoleServer(t, { apiKey: API_KEY, pingInterval: 1000 });
  const { page, errors } = await openConsole(browser, `${server.httpUrl}/?channel=ai:alice`);
  await joinAs(page, 'alice');
  await page.waitForFunction(() => [...document.querySelectorAll('#messages li.system')].some((li) => li.textContent?.includes('joined ai:alice')), null, { timeout: 10_000 });

  const publish = (data: unknown, id: string) => api(server.httpUrl, 'POST', '/api/publish', { channel: 'ai:alice', data, id });
  const q = await publish({ role: 'user', text: 'say hello' }, 'q1');
  const replyTo = q.body.offset as number;
  const delta = (seq: number, text: string) => publish({ role: 'assistant', replyTo, seq, delta: text }, `a${seq}`);
  await delta(1, 'Hel');
  await delta(2, 'lo, ');
  const bubble = `#messages li.msg.assistant[data-reply-to="${replyTo}"]`;
  await page.waitForFunction((sel) => document.querySelector(`${sel} .text`)?.textContent === 'Hello, ', bubble, { timeout: 10_000 });
  assert.equal(await page.$$eval('#messages li.msg.assistant', (els) => els.length), 1, 'one bubble for the reply, not one line per delta');
  assert.equal(await page.$eval(bubble, (el) => el.classList.contains('streaming')), true);

  // The server restarts this user's connection mid-reply; two deltas go out while it is away.
  const closed = await api(server.httpUrl, 'POST', '/api/disconnect', { user: 'alice', code: 1012, reason: 'server restart;reconnect=300' });
  assert.equal(closed.body.closed, 1);
  await delta(3, 'wor');
  await delta(4, 'ld');
  await page.waitForSelector(`${bubble} .resumed`, { timeout: 10_000 });
  await publish({ role: 'assistant', replyTo, seq: 5, done: true, finishReason: 'stop' }, 'a5');
  await page.waitForFunction((sel) => !document.querySelector(sel)?.classList.contains('streaming'), bubble, { timeout: 10_000 });

  const parts = await page.$eval(`${bubble} .text`, (el) => [...el.childNodes].map((n) => ((n as Element).classList?.contains('resumed') ? '⟳' : n.textContent)));
  assert.deepEqual(parts, ['Hello, ', '⟳', 'world'], 'everything once, with the resume marked where it happened');
  assert.deepEqual(errors, []);
});
