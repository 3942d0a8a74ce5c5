// The diagnose page a user opens from their own network: Chromium loads /diagnose through an
// nginx that drops the Upgrade header (the guide's most common mistake); the page must say so
// in Chinese and English, post its result, and the report the operator reads (GET
// /api/diagnoses and the log line) must name the failed upgrade, with no cookie or token in it.
// Straight to the server the same page finds the path working. The API's limits (size, rate,
// shape, who may read) are checked over plain HTTP.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { createServer, type WsgateServer } from '../../src/server/index.js';
import { probeFallback } from '../../src/web/diagnose-fallback.js';
import { freePort, type LabProxy } from '../lab/index.js';
import { startNginxFront } from './doctor/lab.js';
import { builtConsole, launchChromium, overflowingElements, screenshot } from './web-harness.js';

const SERVER = '127.0.0.46';
const FRONT = '127.0.0.47';
const COOKIE_SECRET = 'cookie-secret-8d1f0a';

let server: WsgateServer;
let nginx: LabProxy;
const logLines: Array<Record<string, unknown>> = [];

before(async () => {
  const logStream = new Writable({
    write(chunk, _e, cb) {
      for (const line of chunk.toString().split('\n')) if (line.trim()) logLines.push(JSON.parse(line) as Record<string, unknown>);
      cb();
    },
  });
  // Dev mode (no auth configured): the operator may read diagnoses without an API key.
  server = await createServer({ host: SERVER, port: 0, logLevel: 'info', logStream, statsInterval: 0, defaultMetrics: false, webRoot: await builtConsole() });
  nginx = await startNginxFront('no-upgrade', FRONT, await freePort(FRONT), `${SERVER}:${server.port}`);
});

after(async () => {
  await nginx?.stop();
  await server?.close();
});

interface Stored {
  id: string;
  verdict: string;
  ok: boolean;
  client: string;
  findings: Array<{ code: string }>;
  steps: Array<{ id: string; status: string; durationMs: number }>;
  probe?: { status?: number };
  fallback?: { outcome: string; code?: string; status?: number; headersMs?: number };
  userAgent: string;
}

async function diagnoses(base = `http://${SERVER}:${server.port}`): Promise<{ status: number; body: { count?: number; diagnoses?: Stored[]; error?: string } }> {
  const res = await fetch(`${base}/api/diagnoses`);
  return { status: res.status, body: (await res.json()) as { count?: number; diagnoses?: Stored[] } };
}

async function openDiagnose(t: Parameters<typeof launchChromium>[0], url: string) {
  const browser = await launchChromium(t);
  if (!browser) return null;
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' });
  await context.addCookies([{ name: 'session', value: COOKIE_SECRET, url }]);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  await page.waitForSelector('#verdict[data-done="true"]', { timeout: 20_000 });
  return { page, context, errors };
}

test('through an nginx that drops Upgrade: the user reads it in both languages, the operator gets a report naming the failed upgrade', async (t) => {
  const opened = await openDiagnose(t, `http://${FRONT}:${nginx.port}/diagnose`);
  if (!opened) return;
  const { page, context, errors } = opened;
  assert.deepEqual(errors, []);
  assert.equal(await page.getAttribute('#verdict', 'data-verdict'), 'upgrade-blocked');
  assert.match(await page.textContent('#verdict-zh') ?? '', /没有转发 WebSocket 升级请求（HTTP 426）/);
  assert.match(await page.textContent('#verdict-en') ?? '', /did not pass the WebSocket upgrade \(HTTP 426\)/);
  const id = await page.getAttribute('#sent', 'data-id');
  assert.match(id ?? '', /^[0-9a-f]{12}$/);
  assert.match(await page.textContent('#sent') ?? '', /结果已发送给技术支持.*The result was sent to the support team/);
  assert.equal(await page.locator('#steps li[data-step="open"].fail').count(), 1);
  // The fallback step: nginx passes GET …/sse to the server, which asks for sign-in (the page sends no credential).
  assert.equal(await page.getAttribute('#fallback', 'data-outcome'), 'sign-in');
  assert.match(await page.textContent('#fallback-en') ?? '', /SSE fallback reaches the service, which asked for sign-in/);
  assert.match(await page.textContent('#fallback-zh') ?? '', /备用通道（SSE）能到达服务/);
  assert.deepEqual(await overflowingElements(page), []);
  await screenshot(page, 'diagnose-phone');
  await context.close();

  const { status, body } = await diagnoses();
  assert.equal(status, 200);
  const report = body.diagnoses!.find((d) => d.id === id)!;
  assert.ok(report, JSON.stringify(body));
  assert.equal(report.verdict, 'upgrade-blocked');
  assert.equal(report.ok, false);
  assert.deepEqual(report.findings.map((f) => f.code), ['HANDSHAKE_REJECTED']);
  assert.equal(report.probe?.status, 426);
  assert.equal(report.fallback?.outcome, 'sign-in');
  assert.equal(report.fallback?.status, 401);
  assert.equal(typeof report.fallback?.headersMs, 'number');
  assert.equal(report.steps.find((s) => s.id === 'open')?.status, 'fail');
  assert.ok(report.steps.every((s) => typeof s.durationMs === 'number'));
  assert.match(report.userAgent, /Chrome/);
  assert.match(report.client, /^127\.0\.0\.\d+$/, 'the address the server saw (nginx here; --trust-proxy reads X-Forwarded-For)');
  assert.ok(!JSON.stringify(body).includes(COOKIE_SECRET), 'no cookie stored');
  const line = logLines.find((l) => l.event === 'diagnosis' && l.id === id);
  assert.ok(line, 'a log line for the operator');
  assert.deepEqual(line!.codes, ['HANDSHAKE_REJECTED']);
  assert.equal(line!.probeStatus, 426);
  assert.equal(line!.fallback, 'sign-in');
  assert.equal(line!.failedStep, 'open');

  // The operator's console lists it, with the link to send users.
  const browser = await launchChromium(t);
  const consolePage = await (await browser!.newContext()).newPage();
  await consolePage.goto(`http://${SERVER}:${server.port}/`);
  assert.equal(await consolePage.getAttribute('#diagnose-link', 'href'), `http://${SERVER}:${server.port}/diagnose`);
  await consolePage.click('#diagnoses-refresh');
  const item = consolePage.locator(`#diagnoses li[data-id="${id}"]`);
  await item.waitFor({ timeout: 5000 });
  assert.equal(await item.getAttribute('data-verdict'), 'upgrade-blocked');
  assert.match((await item.textContent()) ?? '', /open failed after .*plain request: HTTP 426.*SSE fallback: sign-in \(HTTP 401\).*HANDSHAKE_REJECTED/);
});

test('the fallback step with a credential, through the same nginx that drops Upgrade: the SSE stream and a ping round trip work (FALLBACK_WORKS)', async () => {
  // The page holds no token; a page of the operator's app that does would send it like this.
  const authed = await createServer({ host: SERVER, port: 0, tokens: 'tok-fallback:alice', logLevel: 'silent', statsInterval: 0, defaultMetrics: false });
  const front = await startNginxFront('no-upgrade', FRONT, await freePort(FRONT), `${SERVER}:${authed.port}`);
  try {
    const withToken: typeof fetch = (url, init) => fetch(url, { ...init, headers: { ...(init?.headers as Record<string, string>), authorization: 'Bearer tok-fallback' } });
    const r = await probeFallback(`http://${FRONT}:${front.port}/api/ws/chat`, { fetch: withToken, now: () => performance.now() });
    assert.equal(r.code, 'FALLBACK_WORKS', JSON.stringify(r));
    assert.equal(r.status, 200);
    assert.equal(r.sendStatus, 204);
    assert.ok(r.helloMs! >= r.sessionMs! && r.sessionMs! >= r.headersMs!, JSON.stringify(r));
    const without = await probeFallback(`http://${FRONT}:${front.port}/api/ws/chat`, { fetch, now: () => performance.now() });
    assert.deepEqual([without.outcome, without.status, without.code], ['sign-in', 401, undefined]);
  } finally {
    await front.stop();
    await authed.close();
  }
});

test('straight to the server: the path works (it asks for sign-in, which the check does not send)', async (t) => {
  const opened = await openDiagnose(t, `http://${SERVER}:${server.port}/diagnose`);
  if (!opened) return;
  assert.equal(await opened.page.getAttribute('#verdict', 'data-verdict'), 'ok-auth');
  assert.match(await opened.page.textContent('#verdict-zh') ?? '', /网络路径正常/);
  await opened.context.close();
});

const VALID = { version: 1, url: 'ws://h/api/ws/chat', ok: false, verdict: 'rejected', steps: [{ id: 'open', title: 'connect', status: 'fail', durationMs: 3, summary: 'onerror ?token=leaky-token-1 Bearer leaky-token-2' }], findings: [], userAgent: 'curl', totalMs: 5 };

async function post(body: unknown, host = SERVER, port = server.port): Promise<Response> {
  return fetch(`http://${host}:${port}/api/diagnoses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
}

test('the API: bad JSON 400, wrong shape 400, over 16 KB 413, credentials scrubbed, rate-limited per address (429 + Retry-After)', async () => {
  // Another address than the browser tests', so their posts do not count here.
  const other = await createServer({ host: '127.0.0.48', port: 0, logLevel: 'silent', statsInterval: 0, defaultMetrics: false });
  try {
    const bad = await post('{nope', '127.0.0.48', other.port);
    assert.deepEqual([bad.status, ((await bad.json()) as { error: string }).error], [400, 'BAD_JSON']);
    const shape = await post({ ...VALID, steps: 'x' }, '127.0.0.48', other.port);
    assert.deepEqual([shape.status, ((await shape.json()) as { error: string }).error], [400, 'BAD_DIAGNOSIS']);
    const big = await post({ ...VALID, note: 'x'.repeat(17_000) }, '127.0.0.48', other.port);
    assert.equal(big.status, 413);
    const ok = await post(VALID, '127.0.0.48', other.port);
    assert.equal(ok.status, 201);
    const stored = await diagnoses(`http://127.0.0.48:${other.port}`);
    const text = JSON.stringify(stored.body);
    assert.ok(!text.includes('leaky-token-1') && !text.includes('leaky-token-2'), text);
    // Every post counts, refused ones too: four above, one more in the burst of five, then 429.
    assert.equal((await post(VALID, '127.0.0.48', other.port)).status, 201);
    const limited = await post(VALID, '127.0.0.48', other.port);
    assert.equal(limited.status, 429);
    assert.match(limited.headers.get('retry-after') ?? '', /^\d+$/);
  } finally {
    await other.close();
  }
});

test('with auth configured, reading diagnoses needs the server API key: 401 without or with a wrong one, 200 with it; 403 with no key configured', async () => {
  const KEY = 'diag-api-key-0123456789';
  const secured = await createServer({ host: '127.0.0.49', port: 0, tokens: 'tok-diag:alice', apiKey: KEY, logLevel: 'silent', statsInterval: 0, defaultMetrics: false });
  try {
    assert.equal((await post(VALID, '127.0.0.49', secured.port)).status, 201);
    const url = `http://127.0.0.49:${secured.port}/api/diagnoses`;
    for (const auth of [undefined, 'apikey wrong-key-0000000000', `Bearer ${KEY}`]) {
      const res = await fetch(url, auth ? { headers: { authorization: auth } } : {});
      assert.deepEqual([res.status, ((await res.json()) as { error: string }).error], [401, 'UNAUTHORIZED'], String(auth));
    }
    const ok = await fetch(url, { headers: { authorization: `apikey ${KEY}` } });
    assert.equal(ok.status, 200);
    assert.equal(((await ok.json()) as { count: number }).count, 1);
  } finally {
    await secured.close();
  }
  const noKey = await createServer({ host: '127.0.0.49', port: 0, tokens: 'tok-diag:alice', logLevel: 'silent', statsInterval: 0, defaultMetrics: false });
  try {
    const read = await diagnoses(`http://127.0.0.49:${noKey.port}`);
    assert.deepEqual([read.status, read.body.error], [403, 'OPERATOR_ONLY']);
  } finally {
    await noKey.close();
  }
});
