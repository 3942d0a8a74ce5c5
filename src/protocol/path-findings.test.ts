import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PATH_FINDINGS, explainPathFinding, handshakeCause } from './path-findings.js';

test('the status a WebSocket path answers with names the cause of a rejected handshake', () => {
  assert.equal(handshakeCause(426), 'upgrade-not-forwarded');
  assert.equal(handshakeCause(400, 'Missing or invalid Upgrade header'), 'upgrade-not-forwarded');
  assert.equal(handshakeCause(400, 'bad request'), 'other');
  assert.equal(handshakeCause(502), 'bad-gateway');
  assert.equal(handshakeCause(504), 'bad-gateway');
  assert.equal(handshakeCause(404), 'not-found');
  assert.equal(handshakeCause(403), 'forbidden');
  assert.equal(handshakeCause(503), 'unavailable');
  assert.equal(handshakeCause(200), 'not-websocket');
  assert.equal(handshakeCause(500), 'other');
});

test('upgrade-not-forwarded tells the user which nginx lines to add', () => {
  const f = explainPathFinding('HANDSHAKE_REJECTED', { status: 426, cause: 'upgrade-not-forwarded' });
  assert.equal(f.severity, 'error');
  assert.match(f.message, /Upgrade header never reached a WebSocket server/);
  assert.match(f.message, /HTTP 426/);
  assert.match(f.remedy, /proxy_set_header Upgrade \$http_upgrade/);
  assert.match(f.remedy, /proxy_http_version 1\.1/);
});

test('each cause gets its own words, and an unknown cause falls back to the generic ones', () => {
  const words = ['bad-gateway', 'not-found', 'forbidden', 'unavailable', 'not-websocket', 'other'].map((cause) => explainPathFinding('HANDSHAKE_REJECTED', { status: 500, cause }).remedy);
  assert.equal(new Set(words).size, words.length);
  assert.equal(explainPathFinding('HANDSHAKE_REJECTED', { status: 418, cause: 'teapot' }).remedy, explainPathFinding('HANDSHAKE_REJECTED', { cause: 'other' }).remedy);
  assert.match(explainPathFinding('HANDSHAKE_REJECTED', { status: 403, cause: 'forbidden', origin: 'https://a.example' }).remedy, /https:\/\/a\.example to `--allowed-origins`/);
});

test('close-based findings name the close code with its meaning', () => {
  const auth = explainPathFinding('AUTH_REJECTED', { closeCode: 4401, reason: 'token expired' });
  assert.match(auth.message, /4401 UNAUTHORIZED/);
  assert.match(auth.message, /"token expired"/);
  assert.match(auth.remedy, /api\/user\/info/);
  assert.match(explainPathFinding('AUTH_REJECTED', { status: 401 }).message, /HTTP 401/);
  assert.match(explainPathFinding('CLOSED_AFTER_OPEN', { closedAfterMs: 12 }).message, /after 12 ms with 1006 and no reason/);
  assert.match(explainPathFinding('IDLE_TIMEOUT', { closedAfterMs: 100_400, closeCode: 1006 }).message, /after 100 s \(close 1006 ABNORMAL/);
  assert.match(explainPathFinding('NO_PONG', { timeoutMs: 5000 }).message, /within 5000 ms/);
});

test('every entry words any data without throwing', () => {
  for (const code of Object.keys(PATH_FINDINGS) as (keyof typeof PATH_FINDINGS)[]) {
    const f = explainPathFinding(code);
    assert.ok(f.message.length > 10 && f.remedy.length > 10, code);
    assert.doesNotMatch(f.message + f.remedy, /undefined|NaN/, code);
  }
});
