import { test } from 'node:test';
import assert from 'node:assert/strict';
import { explain, type Observations, type ProbeResult } from './explain.js';

const base: Observations = { origin: 'https://app.example', host: 'app.example', port: 443 };
const fastClose = { code: 1006, reason: '', wasClean: false, afterMs: 4 };

function probe(status: number, headers: Record<string, string> = {}, body = '', statusText = ''): ProbeResult {
  return { kind: 'status', status, statusText, headers, body, ms: 2 };
}

function codes(o: Observations): Array<[string, unknown]> {
  return explain(o).findings.map((f) => [f.code, f.data.cause]);
}

test('a passing run has no findings', () => {
  assert.deepEqual(explain({ ...base, openMs: 3, helloMs: 1, pongMs: 2 }).findings, []);
});

test('a bare 1006 before open plus a 426 from nginx on the plain request: the Upgrade header was dropped, fix nginx', () => {
  const e = explain({ ...base, close: fastClose, probe: probe(426, { server: 'nginx/1.26.3' }, '{"error":"UPGRADE_REQUIRED"}', 'Upgrade Required') });
  const f = e.findings[0]!;
  assert.equal(f.code, 'HANDSHAKE_REJECTED');
  assert.deepEqual({ status: f.data.status, cause: f.data.cause, proxy: f.data.proxy, closedAfterMs: f.data.closedAfterMs }, { status: 426, cause: 'upgrade-not-forwarded', proxy: 'nginx', closedAfterMs: 4 });
  assert.equal(f.message, 'the upgrade got 426 Upgrade Required: the Upgrade header never reached a WebSocket server (a proxy forwarded a plain GET) (answered by nginx)');
  assert.match(f.remedy, /^nginx: in the location, `proxy_http_version 1\.1; proxy_set_header Upgrade/);
  assert.match(e.note ?? '', /https:\/\/app\.example is in `--allowed-origins`/);
});

test('behind a CDN, its fingerprint picks the CDN\'s remedy', () => {
  const f = explain({ ...base, close: fastClose, probe: probe(426, { server: 'cloudflare', 'cf-ray': '8a1-SJC' }) }).findings[0]!;
  assert.equal(f.data.cdn, 'cloudflare');
  assert.match(f.remedy, /^Cloudflare: Dashboard → Network → WebSockets/);
});

test('the plain request\'s status names the other causes, as the doctor does', () => {
  const at = (status: number, headers: Record<string, string> = {}, body = '') => ({ ...base, close: fastClose, probe: probe(status, headers, body) });
  assert.deepEqual(codes(at(502, { server: 'nginx' })), [['HANDSHAKE_REJECTED', 'bad-gateway']]);
  assert.match(explain(at(502, { server: 'nginx' })).findings[0]!.remedy, /nginx could not reach its upstream/);
  assert.deepEqual(codes(at(504)), [['HANDSHAKE_REJECTED', 'bad-gateway']]);
  assert.deepEqual(codes(at(404)), [['HANDSHAKE_REJECTED', 'not-found']]);
  assert.deepEqual(codes(at(403)), [['HANDSHAKE_REJECTED', 'forbidden']]);
  assert.deepEqual(codes(at(503)), [['HANDSHAKE_REJECTED', 'unavailable']]);
  assert.deepEqual(codes(at(200, {}, '<!doctype html>')), [['HANDSHAKE_REJECTED', 'upgrade-not-forwarded']]);
  assert.deepEqual(codes(at(400)), [['HANDSHAKE_REJECTED', 'upgrade-not-forwarded']]);
  assert.deepEqual(codes(at(401)), [['AUTH_REJECTED', undefined]]);
});

test('nothing answering at all is TCP_REFUSED; no answer in time is HANDSHAKE_TIMEOUT', () => {
  const refused = explain({ ...base, close: fastClose, probe: { kind: 'network-error', message: 'Failed to fetch', ms: 1 } }).findings[0]!;
  assert.equal(refused.code, 'TCP_REFUSED');
  assert.match(refused.message, /^app\.example:443 refused the connection/);
  const timeout = explain({ ...base, timedOut: 'open', timeoutMs: 10_000 });
  assert.equal(timeout.findings[0]!.code, 'HANDSHAKE_TIMEOUT');
  assert.match(timeout.findings[0]!.message, /within 10 s/);
});

test('another origin hides the status: a generic rejection and a pointer to the doctor', () => {
  const e = explain({ ...base, close: fastClose, probe: { kind: 'opaque', ms: 1 } });
  assert.deepEqual(e.findings.map((f) => f.code), ['HANDSHAKE_REJECTED']);
  assert.match(e.note ?? '', /wsgate doctor/);
});

test('closes after open: 4401/4403/1008 are the token; a bare 1006 is CLOSED_AFTER_OPEN', () => {
  for (const code of [4401, 4403, 1008]) {
    const e = explain({ ...base, openMs: 5, close: { code, reason: 'token expired', wasClean: true, afterMs: 9 } });
    assert.equal(e.findings[0]!.code, 'AUTH_REJECTED', String(code));
    assert.equal(e.findings[0]!.data.closeCode, code);
  }
  const drop = explain({ ...base, openMs: 5, close: { code: 1006, reason: '', wasClean: false, afterMs: 17 } }).findings[0]!;
  assert.equal(drop.code, 'CLOSED_AFTER_OPEN');
  assert.equal(drop.data.afterMs, 12);
  assert.match(drop.message, /after 12 ms with 1006 ABNORMAL.* and no reason/);
  const drain = explain({ ...base, openMs: 5, close: { code: 1012, reason: 'server draining;reconnect=900', wasClean: true, afterMs: 7 } }).findings[0]!;
  assert.equal(drain.code, 'CLOSED_AFTER_OPEN');
  assert.match(drain.message, /1012 SERVICE_RESTART/);
});

test('open but silent: NO_PONG', () => {
  const e = explain({ ...base, openMs: 5, timedOut: 'pong', timeoutMs: 5000 });
  assert.deepEqual(e.findings.map((f) => f.code), ['NO_PONG']);
});

test('a browser that refuses ws:// from an https page says so', () => {
  const f = explain({ ...base, constructError: "Failed to construct 'WebSocket': An insecure WebSocket connection may not be initiated from a page loaded over HTTPS." }).findings[0]!;
  assert.equal(f.code, 'BROWSER_REFUSED');
  assert.match(f.remedy, /wss:\/\//);
});
