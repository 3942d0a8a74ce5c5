// The doctor's report in Chinese, over the fixture paths: the same codes, severities, data,
// statuses and check ids as in English; every finding, check summary and checklist note in
// Chinese (a summary whose English changed and no phrase matches any more fails here).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hasChinese } from '../i18n/index.js';
import { answer, fakeIO, goodTls, OK_101, type FakeScenario } from './context/fake.js';
import { localizeDoctorReport } from './localize.js';
import { formatCountdown, formatProgress, renderDoctorHuman } from './render.js';
import { runDoctor } from './run.js';
import type { DoctorOptions, DoctorReport } from './types.js';

const DNS_OK: FakeScenario['dns'] = { 'ws.example.com': { cnames: [], addresses: ['203.0.113.7'] } };
const TENCENT: FakeScenario['dns'] = { 'ws.example.com': { cnames: ['ws.example.com.cdn.dnsv1.com'], addresses: ['198.51.100.9'] } };
const CF: FakeScenario['dns'] = { 'ws.example.com': { cnames: ['ws.example.com.cdn.cloudflare.net'], addresses: ['104.16.1.1'] } };

const PATHS: Array<[string, FakeScenario, Partial<DoctorOptions>?]> = [
  ['healthy', { dns: DNS_OK }],
  ['plain ws:// with a token in the URL', { dns: DNS_OK }, { url: 'ws://ws.example.com/api/ws/chat?token=abc' }],
  ['no DNS', {}],
  ['refused', { dns: DNS_OK, tcp: { '*': { ok: false, ms: 1, error: { code: 'ECONNREFUSED', message: 'refused' } } } }],
  ['a dead AAAA', { dns: { 'ws.example.com': { cnames: [], addresses: ['203.0.113.7', '2001:db8::7'] } }, tcp: { '2001:db8::7': { ok: false, ms: 1, error: { code: 'ECONNREFUSED', message: 'refused' } } } }],
  ['untrusted TLS', { dns: DNS_OK, tls: { '*': goodTls({ authorized: false, authorizationError: 'DEPTH_ZERO_SELF_SIGNED_CERT' }) } }],
  ['never answers', { dns: DNS_OK, upgrade: { '*': { ok: false, ms: 5000, error: { code: 'TIMEOUT', message: 'no answer' } } } }],
  ['nginx without Upgrade', { dns: DNS_OK, upgrade: { '*': answer(426, { server: 'nginx/1.24.0' }) } }],
  ['502', { dns: DNS_OK, upgrade: { '*': answer(502, { server: 'nginx' }, '<center>nginx</center>') } }],
  ['403', { dns: DNS_OK, upgrade: { '*': answer(403) } }],
  ['bad accept', { dns: DNS_OK, upgrade: { '*': { ...OK_101, acceptValid: false } } }],
  ['401', { dns: DNS_OK, upgrade: { '*': answer(401) } }],
  ['4401', { dns: DNS_OK, ws: { '*': { helloIntervalMs: null, closeAfter: { ms: 3, code: 4401, reason: 'token expired' } } } }],
  ['1006 at once', { dns: DNS_OK, ws: { '*': { helloIntervalMs: null, closeAfter: { ms: 10, code: 1006 } } } }],
  ['no pong', { dns: DNS_OK, ws: { '*': { pongAfterMs: null } } }],
  ['no hello', { dns: DNS_OK, ws: { '*': { helloIntervalMs: null } } }],
  ['Tencent over its 15 s default', { dns: TENCENT, ws: { '*': { helloIntervalMs: 20_000 } } }],
  ['Tencent idle cut measured', { dns: TENCENT, ws: { '*': { helloIntervalMs: null, idleCutMs: 15_000 } } }, { idleMs: 30_000 }],
  ['idle cut beaten by half', { dns: DNS_OK, ws: { '*': { helloIntervalMs: 25_000, idleCutMs: 2000, serverPingMs: 25_000 } } }, { idleMs: 10_000 }],
  ['heartbeat holds', { dns: DNS_OK, ws: { '*': { helloIntervalMs: 20_000, idleCutMs: 100_000, serverPingMs: 20_000 } } }, { idleMs: 120_000 }],
  ['lifetime cut', { dns: DNS_OK, ws: { '*': { helloIntervalMs: null, lifetimeMs: 30_000 } } }, { idleMs: 60_000 }],
  ['Cloudflare fails, origin works', { dns: CF, upgrade: { '104.16.1.1': answer(400, { server: 'cloudflare', 'cf-ray': 'abc' }) } }, { origin: { host: '203.0.113.7' } }],
  ['origin dead too', { dns: DNS_OK, tcp: { '10.9.9.9': { ok: false, ms: 5000, error: { code: 'ETIMEDOUT', message: 'timeout' } } } }, { origin: { host: '10.9.9.9' } }],
];

/** English words that would show an untranslated line (technical names and codes are fine). */
const ENGLISH = /\b(the|of|in|to|and|not|no|with|after|was|is|on|for|from|seen|failed|skipped|connected|accepted|measured|lookup|address|trusted|expires|answer|pinned|port|user|see|reached|behind|silent|cut|heartbeat|property|visible)\b/i;

function lines(r: DoctorReport): string[] {
  // A summary that is a probe's own error text (Node's, or a server's) is not ours to translate.
  const external = new Set(r.findings.flatMap((f) => [f.data.error, f.data.detail].filter((v): v is string => typeof v === 'string')));
  return [...r.checks.map((c) => c.summary ?? ''), ...r.checklist.map((i) => i.note), ...(r.origin ? lines(r.origin) : [])].filter((l) => l && !external.has(l));
}

for (const [name, scenario, options] of PATHS) {
  test(`in Chinese, the same report but the words: ${name}`, async () => {
    const en = await runDoctor({ url: 'wss://ws.example.com/api/ws/chat', timeoutMs: 5000, ...options }, fakeIO(scenario));
    const zh = localizeDoctorReport(en, 'zh-CN');
    assert.deepEqual(zh.findings.map((f) => [f.code, f.severity, f.check, f.data]), en.findings.map((f) => [f.code, f.severity, f.check, f.data]));
    assert.deepEqual(zh.checks.map((c) => [c.id, c.status, c.durationMs]), en.checks.map((c) => [c.id, c.status, c.durationMs]));
    assert.deepEqual(zh.checklist.map((i) => [i.id, i.item, i.status]), en.checklist.map((i) => [i.id, i.item, i.status]));
    assert.equal(zh.ok, en.ok);
    assert.equal(zh.where?.hop, en.where?.hop);
    for (const f of zh.findings) assert.ok(hasChinese(f.message) && hasChinese(f.remedy) && !/undefined/.test(f.message + f.remedy), `${f.code}: ${f.message} → ${f.remedy}`);
    for (const line of lines(zh)) assert.ok(hasChinese(line) || !ENGLISH.test(line), `English left: "${line}"`);
    assert.ok(hasChinese(renderDoctorHuman(zh, { lang: 'zh-CN' })));
    assert.equal(localizeDoctorReport(en, 'en'), en, 'English is the report as it is');
  });
}

test("the idle probe's progress lines in Chinese", async () => {
  const io = fakeIO({ dns: DNS_OK, ws: { '*': { helloIntervalMs: 25_000, idleCutMs: 2000, serverPingMs: 25_000 } } });
  await runDoctor({ url: 'wss://ws.example.com/api/ws/chat', timeoutMs: 5000, idleMs: 10_000 }, io);
  assert.ok(io.events.length > 0);
  for (const e of io.events) {
    const line = formatProgress(e, 'zh-CN');
    assert.ok(hasChinese(line) && !ENGLISH.test(line.replace(/^idle \((main|origin)\)/, '')), line);
  }
  assert.match(formatCountdown(io.events.slice(-1), 'zh-CN'), /^空闲探测 {2}main: /);
});

test("the --report bundle in Chinese: its own words and the report's, the same sections", async () => {
  const { buildBundle, renderBundleHtml, renderBundleMarkdown } = await import('./bundle/index.js');
  const en = await runDoctor({ url: 'wss://ws.example.com/api/ws/chat', timeoutMs: 5000 }, fakeIO({ dns: DNS_OK, upgrade: { '*': answer(426, { server: 'nginx/1.24.0' }) } }));
  const meta = { tool: 'wsgate 0.1.0', node: 'v20', platform: 'linux x64', generatedAt: '2026-06-01T00:00:00Z' };
  const enBundle = buildBundle(en, meta);
  const zhBundle = buildBundle(localizeDoctorReport(en, 'zh-CN'), { ...meta, lang: 'zh-CN' });
  assert.deepEqual(zhBundle.sections.map((s) => s.id), enBundle.sections.map((s) => s.id));
  assert.match(zhBundle.verdict, /^失败/);
  const md = renderBundleMarkdown(zhBundle);
  assert.match(md, /^## 发现的问题$/m);
  assert.match(md, /HANDSHAKE_REJECTED/);
  assert.match(md, /由 wsgate doctor --report 生成/);
  assert.match(renderBundleHtml(zhBundle), /<html lang="zh-CN">/);
  assert.match(renderBundleHtml(enBundle), /<html lang="en">/);
});
