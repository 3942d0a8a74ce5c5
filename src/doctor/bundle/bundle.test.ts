// The support bundle from a scripted run: every section the support team asks for is there, in
// both formats, and no credential survives anywhere (URL, --token, every header).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { answer, fakeIO } from '../context/fake.js';
import { redactText, secretsOf } from '../redact.js';
import { runDoctor } from '../run.js';
import type { DoctorOptions } from '../types.js';
import { buildBundle, curlVerbose, renderBundleHtml, renderBundleMarkdown } from './index.js';

const META = { tool: 'wsgate 9.9.9', node: 'v22.0.0', platform: 'linux x64', generatedAt: '2026-06-01T00:00:00.000Z' };
const SECRETS = ['url-secret-111', 'option-secret-222', 'bearer-secret-333', 'cookie-secret-444', 'proto-secret-555', 'apikey-secret-666'];

async function bundleFor(options: Partial<DoctorOptions>) {
  const full: DoctorOptions = { url: 'wss://ws.example.com/api/ws/chat?token=url-secret-111', timeoutMs: 5000, ...options };
  const report = await runDoctor(full, fakeIO({ dns: { 'ws.example.com': { cnames: ['ws.example.com.cdn.cloudflare.net'], addresses: ['203.0.113.7'] } }, upgrade: { '203.0.113.9': answer(502, { server: 'nginx', 'set-cookie': 'sid=cookie-secret-444' }) } }));
  const bundle = buildBundle(report, META);
  return { full, report, bundle, md: redactText(renderBundleMarkdown(bundle), secretsOf(full)), html: redactText(renderBundleHtml(bundle), secretsOf(full)) };
}

test('the bundle holds findings, checklist, timed path, DNS with the CNAME chain, the handshake, idle, comparison, versions', async () => {
  const { bundle, md, html } = await bundleFor({ origin: { host: '203.0.113.9' } });
  assert.deepEqual(bundle.sections.map((s) => s.id), ['findings', 'origin-findings', 'checklist', 'path', 'origin-path', 'dns', 'handshake', 'origin-handshake', 'idle', 'comparison', 'environment']);
  assert.match(md, /ws\.example\.com → ws\.example\.com\.cdn\.cloudflare\.net/);
  assert.match(md, /\| HTTP upgrade \| pass \| \d+ ms \| 101 Switching Protocols/);
  assert.match(md, /^> GET \/api\/ws\/chat\?token=REDACTED HTTP\/1\.1$/m);
  assert.match(md, /^< HTTP\/1\.1 101 Switching Protocols$/m);
  assert.match(md, /^< HTTP\/1\.1 502$/m, 'the origin handshake');
  assert.match(md, /\* Connected to ws\.example\.com \(203\.0\.113\.7\) port 443/);
  assert.match(md, /Not measured\. Run with --idle/);
  assert.match(md, /\| verdict \| pass \| FAIL \|/);
  assert.match(md, /wsgate 9\.9\.9/);
  assert.match(md, /v22\.0\.0/);
  assert.match(md, /2026-06-01T00:00:00\.000Z/);
  assert.match(md, /DNS 记录已添加/);
  assert.match(html, /<meta name="viewport"/);
  assert.match(html, /default-src 'none'/);
  assert.doesNotMatch(html, /<script|<link|src=|url\(/i, 'loads nothing');
});

test('no token value anywhere: URL, --token, Authorization, Cookie, subprotocol, API-key headers, Set-Cookie', async () => {
  const { md, html, report } = await bundleFor({
    token: 'option-secret-222',
    headers: { Authorization: 'Bearer bearer-secret-333', Cookie: 'sid=cookie-secret-444', 'Sec-WebSocket-Protocol': 'proto-secret-555', 'X-Api-Key': 'apikey-secret-666' },
    origin: { host: '203.0.113.9' },
  });
  for (const text of [md, html, JSON.stringify(report)]) for (const s of SECRETS) assert.ok(!text.includes(s), `${s} leaked`);
  assert.match(md, /^> Authorization: REDACTED$/m);
  assert.match(md, /^> Cookie: REDACTED$/m);
  assert.match(md, /^> X-Api-Key: REDACTED$/m);
  assert.match(md, /^< set-cookie: REDACTED$/m);
  assert.match(md, /^> Sec-WebSocket-Key: /m, 'the handshake nonce stays');
});

test('curlVerbose: a request that got no answer says so', () => {
  const text = curlVerbose('h.example', { target: '[::1]:8080'.replace(/^\[|\]/g, ''), request: 'GET / HTTP/1.1\r\nHost: h.example' });
  assert.equal(text.split('\n').at(-1), '* No HTTP answer came back.');
});
