import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Finding } from '../findings/index.js';
import { locate } from './where.js';

const f = (code: string, data: Record<string, unknown> = {}, severity: Finding['severity'] = 'error'): Finding => ({ code, severity, message: '', remedy: '', data });

test('the first error along the path names the hop', () => {
  assert.equal(locate([]), null);
  assert.equal(locate([f('TOKEN_IN_URL', {}, 'warning')]), null);
  assert.equal(locate([f('DNS_FAILED')])?.hop, 'dns');
  assert.equal(locate([f('TCP_TIMEOUT')])?.hop, 'tcp');
  assert.equal(locate([f('TLS_EXPIRED')])?.hop, 'tls');
  assert.equal(locate([f('HANDSHAKE_REJECTED', { cause: 'upgrade-not-forwarded', cdn: 'cloudflare', answeredBy: 'cloudflare' })])?.hop, 'cdn-edge');
  assert.equal(locate([f('HANDSHAKE_REJECTED', { cause: 'bad-gateway', proxy: 'nginx' })])?.hop, 'proxy');
  assert.equal(locate([f('HANDSHAKE_TIMEOUT')])?.hop, 'server');
  assert.equal(locate([f('AUTH_REJECTED')])?.hop, 'auth');
  assert.equal(locate([f('NO_PONG')])?.hop, 'app');
  assert.equal(locate([f('HEARTBEAT_INSUFFICIENT'), f('IDLE_TIMEOUT', {}, 'warning')])?.hop, 'idle-cut');
});

test('CDN_PATH_BROKEN puts it at the CDN edge whatever else failed', () => {
  assert.deepEqual(locate([f('HANDSHAKE_REJECTED', { proxy: 'nginx' }), f('CDN_PATH_BROKEN')]), { hop: 'cdn-edge', label: 'the CDN edge' });
});
