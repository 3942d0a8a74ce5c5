// The console in Chinese: Chromium with zh-CN as its language shows every control in Chinese
// (no English word left but the protocol's own: WebSocket, ping, pong, token…), the browser
// test explains a failure with the doctor's Chinese words and the same code, and the switch
// in the top bar changes the language at once and remembers it. Screenshot:
// docs/images/console-zh-CN.png (UPDATE_SCREENSHOTS=1 refreshes it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import type { Page } from 'playwright-core';
import { joinAs, launchChromium, openConsole, overflowingElements, screenshot, startConsoleServer } from './web-harness.js';

/** Words that stay as they are in Chinese text: protocol and product names, code. */
const KEPT = new Set(['websocket', 'ping', 'pong', 'token', 'wsgate', 'doctor', 'url', 'onopen', 'hello', 'http', 'ms', 'api']);

/** Every English word in the page's controls (buttons, labels, headings, fields' hints…). */
async function englishInControls(page: Page): Promise<string[]> {
  // No named functions inside: tsx would wrap them in a helper the page does not have.
  const texts = await page.evaluate(() => {
    const out: string[] = [];
    const controls = 'button, label, summary, h1, h2, h3, dt, .pill, .stat span, select option, #test-steps .title';
    for (const el of document.querySelectorAll(controls)) {
      // The switch names each language in itself ("English" is how an English reader finds it).
      if (el.matches('#lang option[value="en"]') || el.closest('[hidden]')) continue;
      out.push(el.textContent ?? '');
    }
    for (const attr of ['placeholder', 'title', 'aria-label']) for (const el of document.querySelectorAll(`[${attr}]`)) if (!el.closest('[hidden]')) out.push(el.getAttribute(attr) ?? '');
    out.push(document.title);
    return out;
  });
  const words = texts.flatMap((t) => t.match(/[A-Za-z][A-Za-z'-]+/g) ?? []);
  return [...new Set(words.filter((w) => !KEPT.has(w.toLowerCase())))];
}

test('a zh-CN browser gets the console in Chinese, with no English left in its controls', async (t) => {
  const browser = await launchChromium(t);
  if (!browser) return;
  // Without a CJK font Chromium draws boxes: the words would pass and the page be unreadable.
  assert.ok(execFileSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' }).trim(), 'no Chinese font installed (Debian: fonts-wqy-microhei, see .ci/run)');
  const server = await startConsoleServer(t, { pingInterval: 500 });
  const { page, errors } = await openConsole(browser, `${server.httpUrl}/`, { width: 1280, height: 860 }, 'zh-CN');
  await page.waitForSelector('#name-input');
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  assert.equal(await page.textContent('#name-submit'), '加入');
  assert.deepEqual(await englishInControls(page), [], 'signed out');

  await joinAs(page, 'xiaoming');
  await page.waitForFunction(() => Number(document.querySelector('[data-stat="samples"]')?.textContent) >= 1, null, { timeout: 10_000 });
  assert.equal(await page.textContent('#conn-pill'), '已连接');
  assert.equal(await page.textContent('[data-fact="user"]'), 'xiaoming', 'facts keep their English keys for scripts');
  await page.click('#run-test');
  await page.waitForSelector('#test-result[data-result="pass"]', { timeout: 15_000 });
  assert.match((await page.textContent('#test-verdict')) ?? '', /路径正常/);
  assert.deepEqual(await englishInControls(page), [], 'signed in, after the browser test');
  await screenshot(page, 'console-zh-CN', { fullPage: true });
  assert.deepEqual(errors, []);
});

test('the language switch changes every word at once and is remembered; a failure keeps its code', async (t) => {
  const browser = await launchChromium(t);
  if (!browser) return;
  const server = await startConsoleServer(t);
  // A path nothing answers on: the browser test fails, and says why in the doctor's words.
  const { page, errors } = await openConsole(browser, `${server.httpUrl}/?ws=${encodeURIComponent('ws://127.0.0.1:9/api/ws/chat')}`, { width: 1280, height: 860 }, 'zh-CN');
  await page.waitForSelector('#name-input');
  await page.click('#run-test');
  await page.waitForSelector('#test-result[data-result="fail"]', { timeout: 20_000 });
  const code = await page.getAttribute('#test-verdict .finding', 'data-code');
  assert.ok(code, 'a finding code');
  assert.match((await page.textContent('#test-verdict .remedy')) ?? '', /^解决：/);

  await page.selectOption('#lang', 'en');
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.equal(await page.textContent('#name-submit'), 'Join');
  assert.equal(await page.textContent('#run-test'), 'Run the browser test again');
  assert.equal(await page.getAttribute('#test-verdict .finding', 'data-code'), code, 'the same code in every language');
  assert.match((await page.textContent('#test-verdict .remedy')) ?? '', /^Fix: /);

  await page.reload();
  await page.waitForSelector('#name-input');
  assert.equal(await page.textContent('#name-submit'), 'Join', 'the choice outlives a reload');
  await page.selectOption('#lang', 'zh-CN');
  assert.equal(await page.textContent('#name-submit'), '加入');
  assert.deepEqual(await englishInControls(page), []);
  assert.deepEqual(errors, []);
});

test('in Chinese on a phone-sized screen, nothing sticks out past the right edge', async (t) => {
  const browser = await launchChromium(t);
  if (!browser) return;
  const server = await startConsoleServer(t, { pingInterval: 500 });
  const { page, errors } = await openConsole(browser, `${server.httpUrl}/`, { width: 390, height: 844 }, 'zh-CN');
  await page.waitForSelector('#name-input');
  assert.deepEqual(await overflowingElements(page), [], 'signed out');
  await joinAs(page, 'xiaohong');
  await page.click('#run-test');
  await page.waitForSelector('#test-result[data-result="pass"]', { timeout: 15_000 });
  assert.deepEqual(await overflowingElements(page), [], 'signed in, after the browser test');
  assert.deepEqual(errors, []);
});
