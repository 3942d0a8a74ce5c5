// The console on a phone-sized screen (390×844, touch, 2× pixels) in real Chromium: signed
// out, chatting with long unbroken text, and showing a failed browser test with its long
// remedy, nothing sticks out past the right edge (no sideways scrolling), and every control
// stays usable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { joinAs, launchChromium, overflowingElements, screenshot, startConsoleServer, waitForMessage } from './web-harness.js';

const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'en-US' };

test('a phone-sized screen: no horizontal scroll in any state, and the controls fit', async (t) => {
  const browser = await launchChromium(t);
  if (!browser) return;
  const server = await startConsoleServer(t, { pingInterval: 500 });
  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));

  await page.goto(`${server.httpUrl}/`);
  await page.waitForSelector('#name-input');
  assert.deepEqual(await overflowingElements(page), [], 'signed out');

  await joinAs(page, 'dana');
  const long = `${'https://example.com/a/very/long/url/without/spaces/'.repeat(4)}end`;
  await page.fill('#message-input', long);
  await page.tap('#composer button[type="submit"]');
  await waitForMessage(page, 'dana', long);
  await page.fill('#message-input', 'short and sweet');
  await page.tap('#composer button[type="submit"]');
  await waitForMessage(page, 'dana', 'short and sweet');
  await page.waitForFunction(() => Number(document.querySelector('[data-stat="samples"]')?.textContent) >= 3, null, { timeout: 10_000 });
  await page.tap('#run-test');
  await page.waitForSelector('#test-result[data-result="pass"]', { timeout: 15_000 });
  assert.deepEqual(await overflowingElements(page), [], 'chatting, after a passing test');

  // Tap targets: the buttons a thumb needs are at least 24 px tall (WCAG 2.2 target size) and inside the screen.
  for (const sel of ['#composer button[type="submit"]', '#run-test', '#leave', '#probe']) {
    const box = await page.locator(sel).boundingBox();
    assert.ok(box && box.height >= 24 && box.x >= 0 && box.x + box.width <= 390, `${sel}: ${JSON.stringify(box)}`);
  }
  await page.waitForFunction(() => Number(document.querySelector('[data-stat="samples"]')?.textContent) >= 8, null, { timeout: 15_000 });
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, 'console-phone');
  await screenshot(page, 'console-phone-panel', { selector: 'section.connection' });

  // A failing browser test writes its longest text: a WebSocket path that does not exist.
  const failing = await context.newPage();
  await failing.goto(`${server.httpUrl}/?ws=api/no-such-path`);
  await failing.tap('#run-test');
  await failing.waitForSelector('#test-result[data-result="fail"]', { timeout: 15_000 });
  assert.equal(await failing.getAttribute('#test-verdict .finding', 'data-cause'), 'not-found');
  assert.deepEqual(await overflowingElements(failing), [], 'a failed test with its remedy');

  assert.deepEqual(errors, []);
  await context.close();
});
