import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PATH_FINDINGS, cdnFromHeaders, cdnHeaderMatches, detectProxy, explainPathFinding, rejectionCause, remedyFor } from './index.js';

test('the status of a refused upgrade names its cause', () => {
  assert.deepEqual(
    [426, 400, 200, 502, 504, 522, 404, 403, 503, 405, 500].map((status) => rejectionCause(status)),
    ['upgrade-not-forwarded', 'upgrade-not-forwarded', 'upgrade-not-forwarded', 'bad-gateway', 'bad-gateway', 'bad-gateway', 'not-found', 'forbidden', 'unavailable', 'method-not-allowed', 'other'],
  );
});

test('HAProxy\'s "no server is available" 503 is a gateway failure, not a drain', () => {
  assert.equal(rejectionCause(503, '<h1>503 Service Unavailable</h1>\nNo server is available to handle this request.'), 'bad-gateway');
});

test('upgrade-not-forwarded behind nginx gives the nginx lines; without a known hop, the generic ones', () => {
  const f = explainPathFinding('HANDSHAKE_REJECTED', { status: 426, statusText: 'Upgrade Required', cause: 'upgrade-not-forwarded', answeredBy: 'nginx', proxy: 'nginx' });
  assert.equal(f.severity, 'error');
  assert.equal(f.message, 'the upgrade got 426 Upgrade Required: the Upgrade header never reached a WebSocket server (a proxy forwarded a plain GET) (answered by nginx)');
  assert.match(f.remedy, /^nginx: in the location, `proxy_http_version 1\.1; proxy_set_header Upgrade \$http_upgrade;/);
  assert.match(explainPathFinding('HANDSHAKE_REJECTED', { status: 426, cause: 'upgrade-not-forwarded' }).remedy, /^make every hop forward the Upgrade and Connection headers/);
});

test('a CDN in front adds its own switch to the remedy', () => {
  const r = remedyFor('upgrade-not-forwarded', { cdn: 'cloudflare', proxy: 'nginx' });
  assert.match(r, /^Cloudflare: Dashboard → Network → WebSockets/);
  assert.match(r, /; nginx: in the location/);
  assert.match(remedyFor('idle', { cdn: 'tencent' }), /only 15 s/);
  assert.match(remedyFor('bad-gateway', { proxy: 'haproxy' }), /HAProxy has no healthy server/);
});

test('who answered: proxies by server header or error page, CDNs by their headers', () => {
  assert.equal(detectProxy({ server: 'nginx/1.24.0' }), 'nginx');
  assert.equal(detectProxy({}, '<hr><center>nginx</center>'), 'nginx');
  assert.equal(detectProxy({ server: 'openresty' }), 'openresty');
  assert.equal(detectProxy({ server: 'Caddy' }), 'caddy');
  assert.equal(detectProxy({}, 'No server is available to handle this request.'), 'haproxy');
  assert.equal(detectProxy({ server: 'node' }), null);
  assert.equal(detectProxy({}, '<html><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center>'), 'nginx');
  assert.equal(detectProxy({ server: 'awselb/2.0' }), 'alb');
  assert.equal(detectProxy({}), null);
  assert.equal(cdnFromHeaders({ server: 'cloudflare', 'cf-ray': '8a-SJC' }), 'cloudflare');
  assert.equal(cdnFromHeaders({ 'eo-log-uuid': 'x' }), 'tencent');
  assert.equal(cdnFromHeaders({ server: 'nginx' }), null);
});

test('header fingerprints: each match names its header, and EdgeOne\'s eo-* headers the product', () => {
  assert.deepEqual(cdnHeaderMatches({ 'eo-log-uuid': 'u1', 'x-nws-log-uuid': 'u2', server: 'nginx' }), [
    { provider: 'tencent', header: 'x-nws-log-uuid', value: 'u2' },
    { provider: 'tencent', header: 'eo-log-uuid', value: 'u1', product: 'edgeone' },
  ]);
  assert.deepEqual(cdnHeaderMatches({ server: 'nginx' }), []);
  // Two fingerprints outvote one, whatever the header order.
  assert.equal(cdnFromHeaders({ 'cf-ray': '8a-SJC', 'x-amz-cf-id': 'a', 'x-amz-cf-pop': 'SFO5' }), 'cloudfront');
});

test('close-based findings name the close code with its meaning', () => {
  const auth = explainPathFinding('AUTH_REJECTED', { closeCode: 4401, reason: 'token expired' });
  assert.equal(auth.message, 'the server accepted, then closed at once with 4401 UNAUTHORIZED: token missing, invalid or expired ("token expired")');
  assert.match(explainPathFinding('AUTH_REJECTED', { status: 401 }).message, /the upgrade got 401/);
  assert.match(explainPathFinding('CLOSED_AFTER_OPEN', { afterMs: 12 }).message, /after 12 ms with 1006 ABNORMAL.* and no reason$/);
  assert.match(explainPathFinding('IDLE_TIMEOUT', { closedAfterMs: 100_400, closeCode: 1006 }).message, /cut after 100 s \(1006 ABNORMAL/);
  assert.match(explainPathFinding('NO_PONG', { timeoutMs: 5000 }).message, /within 5\.0 s/);
});

test('every entry words any data without throwing', () => {
  for (const code of Object.keys(PATH_FINDINGS) as (keyof typeof PATH_FINDINGS)[]) {
    const f = explainPathFinding(code);
    assert.ok(f.message.length > 10 && f.remedy.length > 10, code);
    assert.doesNotMatch(f.message + f.remedy, /undefined|NaN/, code);
  }
});
