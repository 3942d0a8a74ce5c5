// Shared by the web-*.test.ts files: builds the console once per file into a temp dir, starts
// a real wsgate server serving it, and drives Debian's Chromium through playwright-core.
// Everything started here is stopped in t.after, even when a test fails.
import type { TestContext } from 'node:test';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createServer, type CreateServerOptions, type WsgateServer } from '../../src/server/index.js';
import { requireBinary, tempDir, waitFor } from '../lab/index.js';
import { buildWeb } from '../../scripts/build-web.mjs';

/** This area's loopback addresses (127.0.0.90–127.0.0.109). */
export const WEB_HOSTS = { server: '127.0.0.90', proxy: '127.0.0.91' } as const;

let built: Promise<string> | undefined;

/** The console, built once per test file into a temp dir that the servers serve. */
export function builtConsole(): Promise<string> {
  built ??= (async () => {
    const dir = tempDir('web-build');
    process.once('exit', () => dir.remove());
    const outdir = join(dir.dir, 'web');
    mkdirSync(outdir, { recursive: true });
    await buildWeb({ outdir });
    return outdir;
  })();
  return built;
}

/** A wsgate server with the console, quiet logs, on `host` and a free port (or the one given). */
export async function startConsoleServer(t: TestContext, options: CreateServerOptions = {}): Promise<WsgateServer> {
  const webRoot = await builtConsole();
  const server = await createServer({ host: WEB_HOSTS.server, port: 0, logLevel: 'warn', statsInterval: 0, defaultMetrics: false, webRoot, ...options });
  t.after(() => server.close().catch(() => {}));
  return server;
}

/**
 * Chromium, headless; closed in t.after. playwright-core's launch() gives every browser a
 * fresh temporary --user-data-dir of its own (and removes it on close); it refuses one passed
 * in args, since that is what launchPersistentContext is for.
 */
export async function launchChromium(t: TestContext): Promise<Browser | null> {
  const executablePath = requireBinary('chromium', t);
  if (!executablePath) return null;
  const browser = await chromium.launch({
    executablePath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  t.after(() => browser.close().catch(() => {}));
  return browser;
}

/**
 * A page in its own context (own sessionStorage), with page errors collected for assertions.
 * The browser's language is pinned (en-US unless given): the console follows it.
 */
export async function openConsole(browser: Browser, url: string, viewport = { width: 1280, height: 860 }, locale = 'en-US'): Promise<{ page: Page; context: BrowserContext; errors: string[] }> {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1, locale });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  await page.goto(url);
  return { page, context, errors };
}

/** Signs in with a name (dev token) and waits until the client is open. */
export async function joinAs(page: Page, name: string): Promise<void> {
  await page.fill('#name-input', name);
  await page.click('#name-submit');
  await page.waitForSelector('#conn-pill[data-state="open"]', { timeout: 10_000 });
}

/** Signs in with a pasted token and waits until the client is open. */
export async function joinWithToken(page: Page, token: string): Promise<void> {
  await page.click('#token-details summary');
  await page.fill('#token-input', token);
  await page.click('#token-form button[type="submit"]');
  await page.waitForSelector('#conn-pill[data-state="open"]', { timeout: 10_000 });
}

/** Waits for a chat message with this text from this user. */
export async function waitForMessage(page: Page, from: string, text: string, timeout = 10_000): Promise<void> {
  await page.waitForFunction(
    ([f, x]) => [...document.querySelectorAll('#messages li.msg')].some((li) => li.getAttribute('data-from') === f && li.querySelector('.text')?.textContent === x),
    [from, text] as const,
    { timeout },
  );
}

export { waitFor };

/**
 * Saves a screenshot: into docs/images/<name>.png when UPDATE_SCREENSHOTS=1 (to refresh the
 * docs; look at them before committing), else into a temp dir (the rendering still runs).
 */
export async function screenshot(page: Page, name: string, options: { fullPage?: boolean; selector?: string } = {}): Promise<string> {
  const dir = process.env.UPDATE_SCREENSHOTS === '1' ? fileURLToPath(new URL('../../docs/images/', import.meta.url)) : join(tmpdir(), 'wsgate-web-screenshots');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.png`);
  if (options.selector) await page.locator(options.selector).screenshot({ path });
  else await page.screenshot({ path, fullPage: options.fullPage ?? false });
  return path;
}

/** Elements that stick out past the right edge of the viewport (what makes a phone scroll sideways). */
export async function overflowingElements(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const out: string[] = [];
    if (document.documentElement.scrollWidth > width) out.push(`document ${document.documentElement.scrollWidth}px > ${width}px`);
    for (const el of document.querySelectorAll('body *')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.right <= width + 1) continue;
      // Inside a box that clips or scrolls, sticking out is that box's business, not the page's.
      let clipped = false;
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        const ox = getComputedStyle(p).overflowX;
        if (ox !== 'visible' && p.getBoundingClientRect().right <= width + 1) {
          clipped = true;
          break;
        }
      }
      if (!clipped) out.push(`${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}.${el.className} right=${Math.round(r.right)}`);
    }
    return out;
  });
}
