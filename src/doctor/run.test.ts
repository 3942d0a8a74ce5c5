// Classification fixtures: each scripted path (fake DNS/TCP/TLS/upgrade/WebSocket on a fake
// clock) must produce exactly these finding codes, and every code in the catalog is produced
// by at least one fixture.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DOCTOR_CODES } from './catalog.js';
import { answer, fakeIO, goodTls, OK_101, sseAnswer, type FakeScenario } from './context/fake.js';
import { CHECKS } from './checks/index.js';
import { runDoctor } from './run.js';
import type { DoctorOptions, DoctorReport } from './types.js';

const seen = new Set<string>();

async function diagnose(scenario: FakeScenario, options: Partial<DoctorOptions> = {}): Promise<DoctorReport> {
  const report = await runDoctor({ url: 'wss://ws.example.com/api/ws/chat', timeoutMs: 5000, ...options }, fakeIO(scenario));
  for (const f of report.findings) seen.add(f.code);
  for (const f of report.origin?.findings ?? []) seen.add(f.code);
  return report;
}

const codes = (r: DoctorReport): string[] => r.findings.map((f) => f.code).sort();
const status = (r: DoctorReport): Record<string, string> => Object.fromEntries(r.checks.map((c) => [c.id, c.status]));
const DNS_OK: FakeScenario['dns'] = { 'ws.example.com': { cnames: [], addresses: ['203.0.113.7'] } };

interface Fixture {
  name: string;
  scenario: FakeScenario;
  options?: Partial<DoctorOptions>;
  codes: string[];
  ok: boolean;
}

const FIXTURES: Fixture[] = [
  { name: 'healthy wss path', scenario: { dns: DNS_OK }, codes: [], ok: true },
  { name: 'token in the query string, plain ws://', scenario: { dns: DNS_OK }, options: { url: 'ws://ws.example.com/api/ws/chat?token=abc' }, codes: ['PLAINTEXT_WS', 'TOKEN_IN_URL'], ok: true },
  { name: 'name does not resolve', scenario: {}, codes: ['DNS_FAILED'], ok: false },
  { name: 'no A/AAAA records', scenario: { dns: { 'ws.example.com': { cnames: [], addresses: [] } } }, codes: ['DNS_FAILED'], ok: false },
  { name: 'port closed', scenario: { dns: DNS_OK, tcp: { '*': { ok: false, ms: 1, error: { code: 'ECONNREFUSED', message: 'refused' } } } }, codes: ['TCP_REFUSED'], ok: false },
  { name: 'packets dropped', scenario: { dns: DNS_OK, tcp: { '*': { ok: false, ms: 5000, error: { code: 'ETIMEDOUT', message: 'timeout' } } } }, codes: ['TCP_TIMEOUT'], ok: false },
  { name: 'no route', scenario: { dns: DNS_OK, tcp: { '*': { ok: false, ms: 1, error: { code: 'ENETUNREACH', message: 'unreachable' } } } }, codes: ['TCP_UNREACHABLE'], ok: false },
  {
    name: 'one of two addresses dead (a stale AAAA)',
    scenario: { dns: { 'ws.example.com': { cnames: [], addresses: ['203.0.113.7', '2001:db8::7'] } }, tcp: { '2001:db8::7': { ok: false, ms: 1, error: { code: 'ECONNREFUSED', message: 'refused' } } } },
    codes: ['ADDRESS_UNREACHABLE'],
    ok: true,
  },
  { name: 'not TLS on a wss port', scenario: { dns: DNS_OK, tls: { '*': { ok: false, ms: 1, error: { code: 'EPROTO', message: 'wrong version number' } } } }, codes: ['TLS_FAILED'], ok: false },
  { name: 'self-signed certificate', scenario: { dns: DNS_OK, tls: { '*': goodTls({ authorized: false, authorizationError: 'DEPTH_ZERO_SELF_SIGNED_CERT' }) } }, codes: ['TLS_UNTRUSTED'], ok: false },
  { name: 'expired certificate', scenario: { dns: DNS_OK, tls: { '*': goodTls({ authorized: false, authorizationError: 'CERT_HAS_EXPIRED' }) } }, codes: ['TLS_EXPIRED'], ok: false },
  { name: 'certificate for another name', scenario: { dns: DNS_OK, tls: { '*': goodTls({ hostnameError: "Host: ws.example.com. is not in the cert's altnames: DNS:other.example.com" }) } }, codes: ['TLS_HOSTNAME_MISMATCH'], ok: false },
  {
    name: 'certificate expiring in 3 days',
    scenario: { dns: DNS_OK, tls: { '*': goodTls({ cert: { subject: 's', issuer: 'i', altNames: ['ws.example.com'], validFrom: '2026-01-01T00:00:00Z', validTo: '2026-06-04T00:00:00Z' } }) } },
    codes: ['TLS_EXPIRING_SOON'],
    ok: true,
  },
  { name: 'accepts TCP, never answers', scenario: { dns: DNS_OK, upgrade: { '*': { ok: false, ms: 5000, error: { code: 'TIMEOUT', message: 'no answer' } } } }, codes: ['HANDSHAKE_TIMEOUT', 'FALLBACK_UNAVAILABLE'], ok: false },
  { name: 'hangs up on the request', scenario: { dns: DNS_OK, upgrade: { '*': { ok: false, ms: 1, error: { code: 'ECONNRESET', message: 'closed' } } } }, codes: ['HANDSHAKE_NO_RESPONSE', 'FALLBACK_UNAVAILABLE'], ok: false },
  { name: 'http → https redirect', scenario: { dns: DNS_OK, upgrade: { '*': answer(301, { location: 'https://ws.example.com/api/ws/chat' }) } }, codes: ['HANDSHAKE_REDIRECT'], ok: false },
  { name: '426 from an nginx without Upgrade headers (the SSE fallback works)', scenario: { dns: DNS_OK, upgrade: { '*': answer(426, { server: 'nginx/1.24.0' }) }, sse: { '*': sseAnswer(4) } }, codes: ['HANDSHAKE_REJECTED', 'FALLBACK_WORKS'], ok: false },
  { name: '403 to any upgrade, SSE passes', scenario: { dns: DNS_OK, upgrade: { '*': answer(403, { server: 'nginx' }) }, sse: { '*': sseAnswer(6) } }, codes: ['HANDSHAKE_REJECTED', 'FALLBACK_WORKS'], ok: false },
  { name: 'no upgrade, and gzip holds the SSE stream back', scenario: { dns: DNS_OK, upgrade: { '*': answer(426, { server: 'nginx' }) }, sse: { '*': sseAnswer(null, 'gzip') } }, codes: ['HANDSHAKE_REJECTED', 'FALLBACK_BUFFERED'], ok: false },
  {
    name: 'no upgrade, and a compressing hop holds even the response head (only an uncompressed stream flows)',
    scenario: { dns: DNS_OK, upgrade: { '*': answer(426, { server: 'nginx' }) }, sse: { '*': { ok: false, ms: 5000, error: { code: 'TIMEOUT', message: 'no HTTP answer in 5000 ms' } } }, sseUncompressed: { '*': sseAnswer(5) } },
    codes: ['HANDSHAKE_REJECTED', 'FALLBACK_BUFFERED'],
    ok: false,
  },
  { name: 'no upgrade, and a buffering hop delays the reply', scenario: { dns: DNS_OK, upgrade: { '*': answer(426) }, sse: { '*': sseAnswer(1800) } }, codes: ['HANDSHAKE_REJECTED', 'FALLBACK_BUFFERED'], ok: false },
  { name: 'no upgrade, and not even the hello comes through', scenario: { dns: DNS_OK, upgrade: { '*': answer(426) }, sse: { '*': sseAnswer(null, undefined, null) } }, codes: ['HANDSHAKE_REJECTED', 'FALLBACK_BUFFERED'], ok: false },
  { name: '502 from the proxy', scenario: { dns: DNS_OK, upgrade: { '*': answer(502, { server: 'nginx' }, '<center>nginx</center>') } }, codes: ['HANDSHAKE_REJECTED', 'FALLBACK_UNAVAILABLE'], ok: false },
  { name: 'bad Sec-WebSocket-Accept', scenario: { dns: DNS_OK, upgrade: { '*': { ...OK_101, acceptValid: false } } }, codes: ['HANDSHAKE_INVALID_ACCEPT', 'FALLBACK_WORKS'], ok: false },
  { name: '401 on the upgrade', scenario: { dns: DNS_OK, upgrade: { '*': answer(401) } }, codes: ['AUTH_REJECTED'], ok: false },
  { name: '4401 right after open', scenario: { dns: DNS_OK, ws: { '*': { helloIntervalMs: null, closeAfter: { ms: 3, code: 4401, reason: 'token expired' } } } }, codes: ['AUTH_REJECTED'], ok: false },
  { name: '1008 right after open', scenario: { dns: DNS_OK, ws: { '*': { helloIntervalMs: null, closeAfter: { ms: 3, code: 1008, reason: 'policy' } } } }, codes: ['AUTH_REJECTED'], ok: false },
  { name: 'immediate 1006 without a reason', scenario: { dns: DNS_OK, ws: { '*': { helloIntervalMs: null, closeAfter: { ms: 10, code: 1006 } } } }, codes: ['CLOSED_AFTER_OPEN'], ok: false },
  { name: 'no pong', scenario: { dns: DNS_OK, ws: { '*': { pongAfterMs: null } } }, codes: ['NO_PONG'], ok: false },
  { name: 'not a wsgate server (no hello), pongs', scenario: { dns: DNS_OK, ws: { '*': { helloIntervalMs: null } } }, codes: ['NO_HELLO'], ok: true },
  { name: 'ws:// to a TLS port', scenario: { dns: DNS_OK, upgrade: { '*': { ok: false, ms: 1, error: { code: 'BAD_RESPONSE', message: 'not an HTTP answer' } } } }, codes: ['HANDSHAKE_NOT_HTTP'], ok: false },
  {
    name: "Tencent CDN with a heartbeat over its 15 s default",
    scenario: { dns: { 'ws.example.com': { cnames: ['ws.example.com.cdn.dnsv1.com'], addresses: ['198.51.100.9'] } }, ws: { '*': { helloIntervalMs: 20_000 } } },
    codes: ['CDN_DETECTED', 'HEARTBEAT_OVER_CDN_LIMIT'],
    ok: true,
  },
  {
    name: 'Tencent CDN with a 10 s heartbeat',
    scenario: { dns: { 'ws.example.com': { cnames: ['ws.example.com.cdn.dnsv1.com'], addresses: ['198.51.100.9'] } }, ws: { '*': { helloIntervalMs: 10_000 } } },
    codes: ['CDN_DETECTED'],
    ok: true,
  },
  {
    name: 'Cloudflare by CNAME',
    scenario: { dns: { 'ws.example.com': { cnames: ['ws.example.com.cdn.cloudflare.net'], addresses: ['198.51.100.1'] } } },
    codes: ['CDN_DETECTED'],
    ok: true,
  },
];

for (const fx of FIXTURES) {
  test(`classifies: ${fx.name}`, async () => {
    const report = await diagnose(fx.scenario, fx.options);
    assert.deepEqual(codes(report), [...fx.codes].sort(), JSON.stringify(report.checks, null, 1));
    assert.equal(report.ok, fx.ok);
  });
}

test('a failed step skips what it makes impossible, and only that', async () => {
  const r = await diagnose({ dns: DNS_OK, tcp: { '*': { ok: false, ms: 1, error: { code: 'ECONNREFUSED', message: 'refused' } } } });
  assert.deepEqual(status(r), { url: 'pass', dns: 'pass', tcp: 'fail', tls: 'skip', upgrade: 'skip', fallback: 'skip', cdn: 'pass', app: 'skip', auth: 'skip', idle: 'skip' });
  assert.match(r.checks.find((c) => c.id === 'upgrade')!.summary!, /tcp failed/);
});

test('ws:// has no TLS step, and that does not block the upgrade', async () => {
  const r = await diagnose({ dns: DNS_OK }, { url: 'ws://ws.example.com/api/ws/chat' });
  assert.equal(status(r).tls, 'skip');
  assert.equal(status(r).upgrade, 'pass');
  assert.equal(status(r).app, 'pass');
});

test('--insecure reports an untrusted chain as a warning and goes on', async () => {
  const r = await diagnose({ dns: DNS_OK, tls: { '*': goodTls({ authorized: false, authorizationError: 'SELF_SIGNED_CERT_IN_CHAIN' }) } }, { insecure: true });
  assert.deepEqual(codes(r), ['TLS_UNTRUSTED']);
  assert.equal(r.findings[0]!.severity, 'warning');
  assert.equal(r.ok, true);
  assert.equal(status(r).app, 'pass');
});

test('HANDSHAKE_REJECTED names the cause for each status', async () => {
  const cases: Array<[number, string]> = [[426, 'upgrade-not-forwarded'], [400, 'upgrade-not-forwarded'], [200, 'upgrade-not-forwarded'], [502, 'bad-gateway'], [504, 'bad-gateway'], [404, 'not-found'], [403, 'forbidden'], [503, 'unavailable']];
  for (const [code, cause] of cases) {
    const r = await diagnose({ dns: DNS_OK, upgrade: { '*': answer(code) } });
    const f = r.findings.find((x) => x.code === 'HANDSHAKE_REJECTED');
    assert.equal(f?.data.status, code);
    assert.equal(f?.data.cause, cause, `status ${code}`);
  }
  const haproxy = await diagnose({ dns: DNS_OK, upgrade: { '*': answer(503, {}, '<html><body><h1>503 Service Unavailable</h1>\nNo server is available to handle this request.\n</body></html>') } });
  const f = haproxy.findings.find((x) => x.code === 'HANDSHAKE_REJECTED')!;
  assert.equal(f.data.cause, 'bad-gateway');
  assert.equal(f.data.proxy, 'haproxy');
  assert.match(f.remedy, /HAProxy has no healthy server/);
});

test('remedies name the settings of the proxy and CDN found', async () => {
  const nginx = await diagnose({ dns: DNS_OK, upgrade: { '*': answer(400, { server: 'nginx/1.24.0' }, '<center>nginx</center>') } });
  const reject = nginx.findings.find((f) => f.code === 'HANDSHAKE_REJECTED')!;
  assert.equal(reject.data.proxy, 'nginx');
  assert.match(reject.remedy, /proxy_set_header Upgrade \$http_upgrade/);
  assert.doesNotMatch(reject.remedy, /websocket-services|configuration-snippet/);

  const cf = await diagnose({
    dns: { 'ws.example.com': { cnames: ['ws.example.com.cdn.cloudflare.net'], addresses: ['104.16.1.1'] } },
    upgrade: { '*': answer(400, { server: 'cloudflare', 'cf-ray': '8a1b2c3d4e5f-SJC' }) },
  });
  assert.equal(cf.cdn.provider, 'cloudflare');
  assert.equal(cf.cdn.evidence.length, 4);
  assert.match(cf.findings.find((f) => f.code === 'HANDSHAKE_REJECTED')!.remedy, /Network → WebSockets/);

  const tencent = await diagnose({
    dns: { 'ws.example.com': { cnames: ['ws.example.com.cdn.dnsv1.com'], addresses: ['198.51.100.9'] } },
    ws: { '*': { helloIntervalMs: null, idleCutMs: 15_000 } },
  }, { idleMs: 30_000 });
  const idle = tencent.findings.find((f) => f.code === 'IDLE_TIMEOUT')!;
  assert.equal(idle.data.closedAfterMs, 15_000);
  assert.match(idle.remedy, /15 s/);
  assert.match(idle.remedy, /300 s/);
});

test('idle probe: measures the cut, flags a heartbeat slower than it, proves half the cut works', async () => {
  const io = fakeIO({ dns: DNS_OK, ws: { '*': { helloIntervalMs: 25_000, idleCutMs: 2000, serverPingMs: 25_000 } } });
  const r = await runDoctor({ url: 'wss://ws.example.com/api/ws/chat', timeoutMs: 5000, idleMs: 10_000 }, io);
  for (const f of r.findings) seen.add(f.code);
  assert.deepEqual(codes(r), ['HEARTBEAT_INSUFFICIENT', 'IDLE_TIMEOUT']);
  const idle = r.findings.find((f) => f.code === 'IDLE_TIMEOUT')!;
  assert.equal(idle.data.closedAfterMs, 2000);
  assert.equal(idle.data.closeCode, 1006);
  assert.deepEqual(r.facts.idle, { closedAfterMs: 2000, closeCode: 1006, heldMs: 10_000, heartbeatIntervalMs: 1000, heartbeatSurvived: true, openForMs: 2000, cutUncertaintyMs: 0, loopLagMs: 0 });
  assert.ok(io.events.length > 0, 'progress while waiting');
  assert.equal(r.checklist.find((i) => i.id === 'heartbeat')!.status, 'fail');
});

test('idle probe: a server ping inside the silence restarts the hop\'s timer; the cut is timed from the last byte', async () => {
  // wsgate's first ping comes at a random moment of its interval: here 1.6 s after open.
  const r = await diagnose({ dns: DNS_OK, ws: { '*': { helloIntervalMs: 20_000, idleCutMs: 2000, messagesAtMs: [1600] } } }, { idleMs: 8000 });
  const idle = r.findings.find((f) => f.code === 'IDLE_TIMEOUT')!;
  assert.equal(idle.data.closedAfterMs, 2000);
  assert.equal(idle.data.openForMs, 3600);
  assert.equal(r.facts.idle?.heartbeatSurvived, true);
});

test('idle probe: a ping within 300 ms of the open, behind a lazy timer (nginx): the cut may be that much longer, and the report says so', async () => {
  const r = await diagnose({ dns: DNS_OK, ws: { '*': { helloIntervalMs: 20_000, idleCutMs: 2000, lazyIdleTimer: true, messagesAtMs: [250] } } }, { idleMs: 8000 });
  const idle = r.findings.find((f) => f.code === 'IDLE_TIMEOUT')!;
  assert.equal(idle.data.closedAfterMs, 1750, 'the silence after the last byte: the safe reading');
  assert.equal(idle.data.openForMs, 2000);
  assert.equal(idle.data.lazyTimerMs, 250);
  assert.equal(idle.data.cutUncertaintyMs, 250);
  assert.match(idle.message, /up to 0\.3 s more if a hop's timer is lazy.*nginx does not count/);
  assert.doesNotMatch(idle.message, /event loop/, 'a lazy timer is not a busy machine');
  assert.match(r.checks.find((c) => c.id === 'idle')!.summary ?? '', /or up to 250 ms more: the last server traffic came within 300 ms of earlier traffic/);
  // The same ping 400 ms in is counted by nginx too: no ambiguity.
  const later = await diagnose({ dns: DNS_OK, ws: { '*': { helloIntervalMs: 20_000, idleCutMs: 2000, lazyIdleTimer: true, messagesAtMs: [400] } } }, { idleMs: 8000 });
  const cut = later.findings.find((f) => f.code === 'IDLE_TIMEOUT')!;
  assert.equal(cut.data.closedAfterMs, 2000);
  assert.equal(cut.data.lazyTimerMs, undefined);
});

test('idle probe: a late event loop is reported as the cut\'s uncertainty, not folded into the cut', async () => {
  const r = await diagnose({ dns: DNS_OK, ws: { '*': { helloIntervalMs: 20_000, idleCutMs: 2000, closeStaleMs: 700, loopLagMs: 650 } } }, { idleMs: 8000 });
  const idle = r.findings.find((f) => f.code === 'IDLE_TIMEOUT')!;
  assert.equal(idle.data.closedAfterMs, 2000);
  assert.equal(idle.data.cutUncertaintyMs, 700);
  assert.equal(idle.data.loopLagMs, 650);
  assert.match(idle.message, /±0\.7 s.*event loop/);
  assert.match(r.checks.find((c) => c.id === 'idle')!.summary ?? '', /±700 ms: the doctor's event loop ran up to 650 ms late/);
});

test('idle probe: a server heartbeat under the cut keeps the silent connection alive', async () => {
  const r = await diagnose({ dns: DNS_OK, ws: { '*': { helloIntervalMs: 20_000, idleCutMs: 100_000, serverPingMs: 20_000 } } }, { idleMs: 120_000 });
  assert.deepEqual(codes(r), []);
  assert.equal(r.checks.find((c) => c.id === 'idle')!.status, 'pass');
  assert.equal(r.checklist.find((i) => i.id === 'heartbeat')!.status, 'pass');
});

test('idle probe: a lifetime cut that no heartbeat beats', async () => {
  const r = await diagnose({ dns: DNS_OK, ws: { '*': { helloIntervalMs: null, lifetimeMs: 30_000 } } }, { idleMs: 60_000 });
  assert.deepEqual(codes(r), ['IDLE_TIMEOUT', 'LIFETIME_LIMIT', 'NO_HELLO']);
  assert.equal(r.ok, false);
});

test('--origin: the CDN path fails, the origin passes → CDN_PATH_BROKEN', async () => {
  const r = await diagnose(
    {
      dns: { 'ws.example.com': { cnames: ['ws.example.com.cdn.cloudflare.net'], addresses: ['104.16.1.1'] } },
      upgrade: { '104.16.1.1': answer(400, { server: 'cloudflare', 'cf-ray': 'abc' }) },
    },
    { origin: { host: '203.0.113.7' } },
  );
  assert.deepEqual(codes(r), ['CDN_DETECTED', 'CDN_PATH_BROKEN', 'FALLBACK_UNAVAILABLE', 'HANDSHAKE_REJECTED']);
  assert.equal(r.origin?.ok, true);
  assert.deepEqual(r.origin?.addresses, ['203.0.113.7']);
  assert.equal(r.origin?.cdn.provider, null);
  const broken = r.findings.find((f) => f.code === 'CDN_PATH_BROKEN')!;
  assert.equal(broken.data.cdn, 'cloudflare');
  assert.deepEqual(broken.data.codes, ['HANDSHAKE_REJECTED']);
});

test('--resolve for the URL host:port replaces DNS on the main path, as curl does; the report says so', async () => {
  // No DNS answer at all for the host: only the pin can make this path work.
  const r = await diagnose({}, { resolve: [{ host: 'ws.example.com', port: 443, address: '198.51.100.20' }, { host: 'other.example.com', port: 443, address: '198.51.100.21' }] });
  assert.deepEqual(codes(r), []);
  assert.deepEqual(r.addresses, ['198.51.100.20']);
  assert.deepEqual(r.pinned, { by: '--resolve', addresses: ['198.51.100.20'] });
  assert.equal(r.origin, undefined);
  assert.match(r.checks.find((c) => c.id === 'dns')!.summary!, /pinned to 198\.51\.100\.20 \(--resolve, no DNS lookup\)/);
});

test('--resolve and --origin together: a pinned edge compared with the origin; both failing → ORIGIN_PATH_BROKEN', async () => {
  const r = await diagnose({ upgrade: { '*': answer(502, { server: 'nginx' }) } }, { resolve: [{ host: 'ws.example.com', port: 443, address: '198.51.100.20' }], origin: { host: '198.51.100.30' } });
  assert.deepEqual(r.addresses, ['198.51.100.20']);
  assert.deepEqual(r.origin?.addresses, ['198.51.100.30']);
  assert.deepEqual(r.origin?.pinned, { by: '--origin', addresses: ['198.51.100.30'] });
  // The blocked upgrade makes the doctor try the SSE fallback, which the fake path refuses too.
  assert.deepEqual(codes(r), ['FALLBACK_UNAVAILABLE', 'HANDSHAKE_REJECTED', 'ORIGIN_PATH_BROKEN']);
  assert.equal(r.findings.find((f) => f.code === 'ORIGIN_PATH_BROKEN')!.data.mainOk, false);
});

test('--origin failing while the main path works → ORIGIN_PATH_BROKEN (info), exit stays 0', async () => {
  const r = await diagnose({ dns: DNS_OK, tcp: { '10.9.9.9': { ok: false, ms: 5000, error: { code: 'ETIMEDOUT', message: 'timeout' } } } }, { origin: { host: '10.9.9.9' } });
  assert.deepEqual(codes(r), ['ORIGIN_PATH_BROKEN']);
  assert.equal(r.ok, true);
  assert.equal(r.findings[0]!.data.mainOk, true);
  assert.deepEqual(r.origin && codes(r.origin), ['TCP_TIMEOUT']);
});

test('a crashing check becomes CHECK_CRASHED in place; the report is still made', async () => {
  const boom = { id: 'boom', title: 'Boom', dependsOn: [], run: async () => { throw new Error('kaboom'); } };
  const after = { id: 'after', title: 'After', dependsOn: ['boom'], run: async () => ({ status: 'pass' as const, findings: [] }) };
  const report = await runDoctor({ url: 'ws://ws.example.com/x', timeoutMs: 1000 }, fakeIO({ dns: DNS_OK }), [boom, after]);
  for (const f of report.findings) seen.add(f.code);
  assert.deepEqual(codes(report), ['CHECK_CRASHED']);
  assert.equal(report.ok, false);
  assert.deepEqual(report.checks.map((c) => c.status), ['fail', 'skip']);
});

test('the report hides token values and walks the guide checklist', async () => {
  const r = await diagnose({ dns: DNS_OK }, { url: 'wss://ws.example.com/api/ws/chat?token=secret123' });
  assert.doesNotMatch(JSON.stringify(r), /secret123/);
  assert.deepEqual(
    r.checklist.map((i) => [i.id, i.status]),
    [['dns-record', 'pass'], ['dns-only', 'pass'], ['ingress', 'pass'], ['https', 'pass'], ['port', 'pass'], ['app', 'pass'], ['heartbeat', 'unknown'], ['reconnect', 'unknown'], ['connect', 'pass']],
  );
});

test('--header Host replaces the Host header, and an Authorization header counts as the token', async () => {
  const io = fakeIO({ dns: DNS_OK, upgrade: { '*': answer(401) } });
  let seenHost = '';
  const upgrade = io.http.upgrade;
  io.http.upgrade = async (target, t) => ((seenHost = target.hostHeader), upgrade(target, t));
  const r = await runDoctor({ url: 'wss://ws.example.com/api/ws/chat', timeoutMs: 1000, headers: { Host: 'internal.example', Authorization: 'Bearer x' } }, io);
  assert.equal(seenHost, 'internal.example');
  const auth = r.findings.find((f) => f.code === 'AUTH_REJECTED')!;
  assert.equal(auth.data.tokenSource, 'header');
  assert.match(auth.remedy, /missing, invalid or expired/);
});


test('checklist: a certificate expiring soon is still a configured certificate; ws:// is not', async () => {
  const soon = await diagnose({
    dns: DNS_OK,
    tls: { '*': goodTls({ cert: { subject: 's', issuer: 'i', altNames: ['ws.example.com'], validFrom: '2026-01-01T00:00:00Z', validTo: '2026-06-04T00:00:00Z' } }) },
  });
  assert.equal(soon.checklist.find((i) => i.id === 'https')?.status, 'pass');
  const untrusted = await diagnose({ dns: DNS_OK, tls: { '*': goodTls({ authorized: false, authorizationError: 'DEPTH_ZERO_SELF_SIGNED_CERT' }) } });
  assert.equal(untrusted.checklist.find((i) => i.id === 'https')?.status, 'fail');
  const plain = await diagnose({ dns: DNS_OK }, { url: 'ws://ws.example.com/api/ws/chat' });
  assert.equal(plain.checklist.find((i) => i.id === 'https')?.status, 'fail');
});

test('every catalog code is produced by some fixture', () => {
  assert.deepEqual(DOCTOR_CODES.filter((c) => !seen.has(c)), []);
});

test('FALLBACK_BUFFERED names the cause: compression when only an uncompressed stream flows, buffering when neither does', async () => {
  const timeout = { ok: false as const, ms: 5000, error: { code: 'TIMEOUT', message: 'no HTTP answer in 5000 ms' } };
  const gz = await diagnose({ dns: DNS_OK, upgrade: { '*': answer(426, { server: 'nginx' }) }, sse: { '*': timeout }, sseUncompressed: { '*': sseAnswer(5) } });
  const f = gz.findings.find((x) => x.code === 'FALLBACK_BUFFERED')!;
  assert.equal(f.data.cause, 'compression');
  assert.equal(f.data.stage, 'headers');
  assert.match(f.message, /not even the response headers came through within 5\.0 s \(asked for no compression, it flows/);
  assert.match(f.remedy, /gzip_types/);
  const buf = await diagnose({ dns: DNS_OK, upgrade: { '*': answer(426, { server: 'nginx' }) }, sse: { '*': sseAnswer(1800) } });
  const g = buf.findings.find((x) => x.code === 'FALLBACK_BUFFERED')!;
  assert.equal(g.data.cause, 'buffering');
  assert.equal(g.data.delayMs, 1800);
  assert.match(g.message, /the reply to a ping took 1800 ms/);
  assert.match(g.remedy, /proxy_buffering off/);
});

test('a check declares the checks whose facts it reads, and they run before it', () => {
  const before = new Set<string>();
  for (const check of CHECKS) {
    for (const id of [...check.dependsOn, ...(check.reads ?? [])]) assert.ok(before.has(id), `${check.id} declares ${id}, which must run before it`);
    before.add(check.id);
  }
  // auth judges failures of the upgrade (401) and of the app (4401 right after open): it reads
  // their facts without being skipped when they fail.
  const auth = CHECKS.find((c) => c.id === 'auth')!;
  assert.deepEqual([auth.dependsOn, auth.reads], [['tcp'], ['upgrade', 'app']]);
});
