// `wsgate doctor --report`: the support bundle from a real run (nginx with a 2 s read timeout in
// front of the real server, the origin compared, the idle probe measured), with a token in the
// URL, --token and credential headers. No token value may appear in either file; the HTML page
// is opened in Chromium at a phone's size: nothing loaded from outside, nothing wider than the
// screen. UPDATE_SCREENSHOTS=1 refreshes docs/images/doctor-report-phone.png.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { freePort, tempDir, type LabProxy } from '../lab/index.js';
import { startOrigin, type LabOrigin } from './doctor/origin.js';
import { runDoctorCli, startNginxFront } from './doctor/lab.js';
import { launchChromium, overflowingElements, screenshot } from './web-harness.js';

const ORIGIN = '127.0.0.40';
const FRONT = '127.0.0.41';
const URL_SECRET = 'url-secret-7f3a9c';
const HEADER_SECRET = 'cookie-secret-51be02';

let origin: LabOrigin;
let front: LabProxy;
let dir: ReturnType<typeof tempDir>;
let run: Awaited<ReturnType<typeof runDoctorCli>>;
let secrets: string[];

before(async () => {
  origin = await startOrigin({ host: ORIGIN, heartbeatMs: 20_000, token: 'option-secret-d41c8e' });
  front = await startNginxFront('read-timeout-2s', FRONT, await freePort(FRONT), `${ORIGIN}:${origin.port}`);
  dir = tempDir('doctor-report');
  secrets = [URL_SECRET, origin.token, HEADER_SECRET];
  const url = `ws://ws.lab.test:${front.port}/api/ws/chat?token=${URL_SECRET}`;
  const common = [url, '--resolve', `ws.lab.test:${front.port}:${FRONT}`, '--origin', `${ORIGIN}:${origin.port}`, '--token', origin.token, '-H', `Cookie: sid=${HEADER_SECRET}`, '--timeout', '3s'];
  run = await runDoctorCli([...common, '--idle', '4s', '--report', join(dir.dir, 'support.html')], { json: true });
  // The Markdown bundle from a quick run (no idle probe) of the same path.
  await runDoctorCli([...common, '--report', join(dir.dir, 'support.md')], { json: false });
});

after(async () => {
  await front?.stop();
  await origin?.stop();
  dir?.remove();
});

test('the bundle is written and says what the run saw, in both formats', () => {
  assert.ok(run.codes.includes('IDLE_TIMEOUT'), run.codes.join());
  const md = readFileSync(join(dir.dir, 'support.md'), 'utf8');
  const html = readFileSync(join(dir.dir, 'support.html'), 'utf8');
  assert.match(md, /^> GET \/api\/ws\/chat\?token=REDACTED HTTP\/1\.1$/m);
  assert.match(md, /^< HTTP\/1\.1 101 Switching Protocols$/m);
  assert.match(md, /^< Server: nginx$/im);
  assert.match(md, /pinned by --resolve \(DNS not asked\)/);
  assert.match(md, new RegExp(`\\* Connected to ws\\.lab\\.test \\(${FRONT.replaceAll('.', '\\.')}\\)`));
  assert.match(md, /\| verdict \| /);
  assert.match(md, new RegExp(`Node\\.js\\*\\*: ${process.version.replaceAll('.', '\\.')}`));
  assert.match(html, /IDLE_TIMEOUT/);
  assert.match(html, /cut after<\/dt><dd>2\.\d s/);
});

test('no token value anywhere in either file (URL, --token, Cookie header)', () => {
  for (const name of ['support.md', 'support.html']) {
    const text = readFileSync(join(dir.dir, name), 'utf8');
    for (const s of secrets) assert.ok(!text.includes(s), `${s} in ${name}`);
  }
});

test('the HTML bundle in Chromium at phone size: nothing external, no sideways scrolling', async (t) => {
  const browser = await launchChromium(t);
  if (!browser) return;
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  const file = pathToFileURL(join(dir.dir, 'support.html')).href;
  await page.goto(file);
  assert.deepEqual(requests, [file], 'the page loads nothing but itself');
  assert.deepEqual(await overflowingElements(page), []);
  const headings = await page.locator('h2').allTextContents();
  assert.ok(headings.includes('The handshake (as curl -v shows it)'), headings.join(' | '));
  assert.ok(headings.includes('Origin comparison'), headings.join(' | '));
  await screenshot(page, 'doctor-report-phone');
  await context.close();
});
