// The console's "browser test" button in real Chromium, against a good server and against a
// real nginx in three set-ups: forwarding WebSockets under a path prefix (/wsgate/, works);
// proxying without the Upgrade headers (fails: HANDSHAKE_REJECTED, upgrade-not-forwarded, the
// doctor's words); and routing the WebSocket path to a dead upstream (502: bad-gateway).
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { freePort, requireBinary, startNginx, waitForPort } from '../lab/index.js';
import { WEB_HOSTS, joinAs, launchChromium, openConsole, screenshot, startConsoleServer, waitForMessage } from './web-harness.js';

interface StepRow {
  id: string | null;
  status: string | null;
  text: string;
}

async function runBrowserTest(page: Page): Promise<{ result: string | null; steps: StepRow[]; verdict: string }> {
  await page.click('#run-test');
  await page.waitForSelector('#test-result[data-result="pass"], #test-result[data-result="fail"]', { timeout: 20_000 });
  const steps = await page.$$eval('#test-steps li', (els) => els.map((el) => ({ id: el.getAttribute('data-step'), status: el.getAttribute('data-status'), text: el.textContent ?? '' })));
  return { result: await page.getAttribute('#test-result', 'data-result'), steps, verdict: (await page.textContent('#test-verdict')) ?? '' };
}

const statusOf = (steps: StepRow[]) => steps.map((s) => `${s.id}:${s.status}`);

async function labNginx(t: TestContext, upstreamPort: number) {
  const host = WEB_HOSTS.proxy;
  const [plain, prefixed, broken, dead] = await Promise.all([freePort(host), freePort(host), freePort(host), freePort(host)]);
  const upstream = `http://${WEB_HOSTS.server}:${upstreamPort}`;
  const httpBody = `
  map $http_upgrade $connection_upgrade { default upgrade; '' close; }
  # The guide's mistake: a plain proxy_pass, no Upgrade/Connection headers (HTTP/1.0 upstream).
  server {
    listen ${host}:${plain};
    location / { proxy_pass ${upstream}; }
  }
  # Done right, under a path prefix that nginx strips.
  server {
    listen ${host}:${prefixed};
    location /wsgate/ {
      proxy_pass ${upstream}/;
      proxy_http_version 1.1;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
      proxy_set_header Host $host;
      proxy_read_timeout 3600s;
    }
  }
  # The page is served, but the WebSocket path goes to an upstream that is not there.
  server {
    listen ${host}:${broken};
    location /api/ws/ { proxy_pass http://${host}:${dead}; }
    location / { proxy_pass ${upstream}; }
  }`;
  const nginx = await startNginx({ host, port: plain, httpBody });
  t.after(() => nginx.stop());
  await waitForPort(host, prefixed);
  await waitForPort(host, broken);
  return { plain: `http://${host}:${plain}`, prefixed: `http://${host}:${prefixed}`, broken: `http://${host}:${broken}` };
}

test('the browser test: success on a good server, and the right failure behind a misconfigured nginx', async (t) => {
  if (!requireBinary('nginx', t)) return;
  const browser = await launchChromium(t);
  if (!browser) return;
  const server = await startConsoleServer(t);
  const nginx = await labNginx(t, server.port);

  await t.test('straight to the server: every step passes, with its time', async () => {
    const { page, errors } = await openConsole(browser, `${server.httpUrl}/`);
    const run = await runBrowserTest(page);
    assert.equal(run.result, 'pass');
    assert.deepEqual(statusOf(run.steps), ['open:pass', 'hello:pass', 'ping:pass', 'close:pass']);
    for (const step of run.steps) assert.match(step.text, /\d+(\.\d)? ms/, `${step.id} is timed`);
    assert.match(run.verdict, /The path works: connected, and "ping" got "pong"/);
    assert.deepEqual(errors, []);
  });

  await t.test('nginx without Upgrade headers: HANDSHAKE_REJECTED, cause upgrade-not-forwarded, with the nginx fix', async () => {
    const { page, errors } = await openConsole(browser, `${nginx.plain}/`);
    const run = await runBrowserTest(page);
    assert.equal(run.result, 'fail');
    assert.deepEqual(statusOf(run.steps), ['open:fail', 'hello:skip', 'ping:skip', 'close:skip', 'probe:warn']);
    assert.match(run.steps[0]!.text, /onclose 1006/);
    assert.match(run.steps[4]!.text, /HTTP 426/);
    const finding = page.locator('#test-verdict .finding');
    assert.equal(await finding.count(), 1);
    assert.equal(await finding.getAttribute('data-code'), 'HANDSHAKE_REJECTED');
    assert.equal(await finding.getAttribute('data-cause'), 'upgrade-not-forwarded');
    // The doctor's words, for the proxy that answered (the plain request shows its server header).
    assert.match(run.verdict, /the upgrade got 426 Upgrade Required: the Upgrade header never reached a WebSocket server \(a proxy forwarded a plain GET\) \(answered by nginx\)/i);
    assert.match(run.verdict, /Fix: nginx: in the location, proxy_http_version 1\.1; proxy_set_header Upgrade \$http_upgrade/);
    await screenshot(page, 'console-browser-test-failure', { selector: 'section.test' });
    assert.deepEqual(errors, []);
  });

  await t.test('nginx answering 502 on the WebSocket path: HANDSHAKE_REJECTED, cause bad-gateway', async () => {
    const { page } = await openConsole(browser, `${nginx.broken}/`);
    const run = await runBrowserTest(page);
    assert.equal(run.result, 'fail');
    assert.match(run.steps.at(-1)!.text, /HTTP 502/);
    assert.equal(await page.getAttribute('#test-verdict .finding', 'data-cause'), 'bad-gateway');
    assert.match(await page.textContent('#test-verdict') ?? '', /nginx could not reach its upstream/);
  });

  await t.test('under a path prefix (/wsgate/) behind nginx: the console, the chat and the test all work', async () => {
    // Without the trailing slash too: the console ends up at /wsgate/ and loads its assets.
    const { page, errors } = await openConsole(browser, `${nginx.prefixed}/wsgate`);
    await page.waitForURL(`${nginx.prefixed}/wsgate/`);
    assert.equal(await page.textContent('#endpoint'), `${nginx.prefixed.replace('http:', 'ws:')}/wsgate/api/ws/chat`);
    const run = await runBrowserTest(page);
    assert.equal(run.result, 'pass', run.steps.map((s) => s.text).join('\n'));
    await joinAs(page, 'carol');
    await page.fill('#message-input', 'through the prefix');
    await page.press('#message-input', 'Enter');
    await waitForMessage(page, 'carol', 'through the prefix');
    assert.deepEqual(errors, []);
  });
});
