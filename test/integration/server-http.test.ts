// The HTTP side: health endpoints (incl. broker health on /readyz), /metrics with the contract
// names, the dev-mode token endpoint, the console's static files (cache headers, types, no
// traversal, HEAD) and the "not built" page, and JSON 404s.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import { MemoryBroker, type Broker } from './server-types.js';
import { connect, startServer } from './server-helpers.js';

const cleanup: Array<() => Promise<void> | void> = [];
after(async () => {
  for (const c of cleanup.reverse()) await c();
});

test('health: /actuator/health UP, /healthz ok, /readyz ready with the broker, 503 while the broker is down', async () => {
  const inner = new MemoryBroker();
  let up = true;
  const listeners = new Set<(h: { up: boolean; reason?: string }) => void>();
  const flaky: Broker = Object.assign(Object.create(inner) as Broker, {
    health: () => (up ? { up: true } : { up: false, reason: 'connection refused' }),
    onHealth: (l: (h: { up: boolean }) => void) => (listeners.add(l), () => listeners.delete(l)),
  });
  const s = await startServer({ tokens: 'tok-a:alice', broker: flaky });
  cleanup.push(() => s.close());
  const h = await fetch(`${s.httpUrl}/actuator/health`);
  assert.equal(h.status, 200);
  assert.deepEqual(await h.json(), { status: 'UP' });
  assert.equal((await fetch(`${s.httpUrl}/healthz`)).status, 200);
  const r = await fetch(`${s.httpUrl}/readyz`);
  assert.equal(r.status, 200);
  assert.deepEqual(await r.json(), { status: 'ready', broker: { kind: 'memory', up: true } });
  up = false;
  const down = await fetch(`${s.httpUrl}/readyz`);
  assert.equal(down.status, 503);
  assert.deepEqual(await down.json(), { status: 'broker unavailable', broker: { kind: 'memory', up: false, reason: 'connection refused' } });
  assert.equal((await fetch(`${s.httpUrl}/healthz`)).status, 200, 'liveness does not depend on the broker');
  const head = await fetch(`${s.httpUrl}/actuator/health`, { method: 'HEAD' });
  assert.equal(head.status, 200);
});

test('/metrics exposes every contract metric in Prometheus text', async () => {
  const s = await startServer({ tokens: 'tok-a:alice', defaultMetrics: true });
  cleanup.push(() => s.close());
  const a = await connect(s, 'tok-a');
  a.ws.close(1000);
  await a.closed;
  const res = await fetch(`${s.httpUrl}/metrics`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^text\/plain/);
  const text = await res.text();
  for (const [name, type] of [
    ['wsgate_connections', 'gauge'],
    ['wsgate_connections_opened_total', 'counter'],
    ['wsgate_connections_closed_total', 'counter'],
    ['wsgate_connection_duration_seconds', 'histogram'],
    ['wsgate_messages_in_total', 'counter'],
    ['wsgate_messages_out_total', 'counter'],
    ['wsgate_auth_failures_total', 'counter'],
    ['wsgate_handshake_rejections_total', 'counter'],
    ['wsgate_heartbeat_rtt_seconds', 'histogram'],
  ]) {
    assert.match(text, new RegExp(`^# TYPE ${name} ${type}$`, 'm'), name);
  }
  assert.match(text, /^wsgate_connections_opened_total\{transport="websocket"\} 1$/m);
  assert.match(text, /^wsgate_connections_closed_total\{code="1000",transport="websocket"\} 1$/m);
  assert.match(text, /^process_cpu_user_seconds_total /m);
});

test('dev mode: POST /api/dev/token {name} → a token for that user; bad names 400', async () => {
  const s = await startServer();
  cleanup.push(() => s.close());
  assert.ok(s.devToken, 'a dev token for the banner');
  const dev = await connect(s, s.devToken!);
  cleanup.push(() => dev.close());
  const res = await fetch(`${s.httpUrl}/api/dev/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'alice' }) });
  assert.equal(res.status, 200);
  const body = (await res.json()) as { token: string; user: { id: string } };
  assert.deepEqual(body.user, { id: 'alice' });
  const alice = await connect(s, body.token);
  cleanup.push(() => alice.close());
  assert.deepEqual(alice.hello?.user, { id: 'alice' });
  assert.deepEqual(dev.hello?.user, { id: 'dev' });
  const info = await fetch(`${s.httpUrl}/api/user/info`, { headers: { authorization: `Bearer ${body.token}` } });
  assert.equal(((await info.json()) as { id: string }).id, 'alice');
  for (const bad of [{ name: '' }, { name: 'has space' }, { name: 'x'.repeat(65) }, { name: 'a:b' }, {}, { name: 42 }]) {
    const r = await fetch(`${s.httpUrl}/api/dev/token`, { method: 'POST', body: JSON.stringify(bad) });
    assert.equal(r.status, 400, JSON.stringify(bad));
    assert.equal(((await r.json()) as { error: string }).error, 'BAD_NAME');
  }
  const notJson = await fetch(`${s.httpUrl}/api/dev/token`, { method: 'POST', body: '{nope' });
  assert.equal(notJson.status, 400);
  assert.equal((await fetch(`${s.httpUrl}/api/dev/token`)).status, 405);
});

test('with auth configured there is no dev token endpoint (404) and no dev token', async () => {
  const s = await startServer({ tokens: 'tok-a:alice' });
  cleanup.push(() => s.close());
  assert.equal(s.devToken, undefined);
  const r = await fetch(`${s.httpUrl}/api/dev/token`, { method: 'POST', body: JSON.stringify({ name: 'mallory' }) });
  assert.equal(r.status, 404);
});

function rawGet(port: number, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET' }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

test('console static files: cache headers, content types, HEAD, no traversal', async () => {
  const root = mkdtempSync(join(tmpdir(), 'wsgate-web-'));
  cleanup.push(() => rmSync(root, { recursive: true, force: true }));
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>console</title>');
  writeFileSync(join(root, 'assets', 'app-3f2a1b.js'), 'console.log(1)');
  writeFileSync(join(root, 'assets', 'app-3f2a1b.css'), 'body{}');
  writeFileSync(join(root, 'favicon.svg'), '<svg/>');
  writeFileSync(join(root, '..', `${root.split('/').pop()}-secret.txt`), 'secret');
  cleanup.push(() => rmSync(join(root, '..', `${root.split('/').pop()}-secret.txt`), { force: true }));
  const s = await startServer({ tokens: 'tok-a:alice', webRoot: root });
  cleanup.push(() => s.close());
  const index = await fetch(`${s.httpUrl}/`);
  assert.equal(index.status, 200);
  assert.equal(index.headers.get('cache-control'), 'no-cache');
  assert.equal(index.headers.get('content-type'), 'text/html; charset=utf-8');
  assert.equal(await index.text(), '<!doctype html><title>console</title>');
  assert.equal((await fetch(`${s.httpUrl}/index.html`)).headers.get('cache-control'), 'no-cache');
  const js = await fetch(`${s.httpUrl}/assets/app-3f2a1b.js`);
  assert.equal(js.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  assert.equal(js.headers.get('content-type'), 'text/javascript; charset=utf-8');
  assert.equal((await fetch(`${s.httpUrl}/assets/app-3f2a1b.css`)).headers.get('content-type'), 'text/css; charset=utf-8');
  assert.equal((await fetch(`${s.httpUrl}/favicon.svg`)).headers.get('content-type'), 'image/svg+xml');
  const head = await fetch(`${s.httpUrl}/assets/app-3f2a1b.js`, { method: 'HEAD' });
  assert.equal(head.status, 200);
  assert.equal(head.headers.get('content-length'), '14');
  assert.equal(await head.text(), '');
  const secretName = `${root.split('/').pop()}-secret.txt`;
  for (const path of [`/../${secretName}`, `/%2e%2e/${secretName}`, `/assets/..%2f..%2f${secretName}`, '/%00', '/assets/', '/nope.js']) {
    assert.equal(await rawGet(s.port, path), 404, path);
  }
  const missing = await fetch(`${s.httpUrl}/api/nothing`);
  assert.equal(missing.status, 404);
  assert.equal(((await missing.json()) as { error: string }).error, 'NOT_FOUND');
});

test('without a console build, / explains how to build it', async () => {
  const empty = mkdtempSync(join(tmpdir(), 'wsgate-noweb-'));
  cleanup.push(() => rmSync(empty, { recursive: true, force: true }));
  const s = await startServer({ tokens: 'tok-a:alice', webRoot: join(empty, 'web') });
  cleanup.push(() => s.close());
  const r = await fetch(`${s.httpUrl}/`);
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type') ?? '', /text\/html/);
  assert.match(await r.text(), /not built.*npm run build/s);
});

test('console index.html names a non-default --path in <meta name="wsgate-ws"> (relative, for proxy prefixes)', async () => {
  const root = mkdtempSync(join(tmpdir(), 'wsgate-web-'));
  cleanup.push(() => rmSync(root, { recursive: true, force: true }));
  writeFileSync(join(root, 'index.html'), '<!doctype html><html><head><title>console</title></head><body></body></html>');
  const custom = await startServer({ tokens: 'tok-a:alice', webRoot: root, path: '/chat/socket' });
  cleanup.push(() => custom.close());
  const page = await fetch(`${custom.httpUrl}/`);
  const html = await page.text();
  assert.equal(html, '<!doctype html><html><head><meta name="wsgate-ws" content="chat/socket"><title>console</title></head><body></body></html>');
  assert.equal(Number(page.headers.get('content-length')), Buffer.byteLength(html));
  assert.equal(page.headers.get('cache-control'), 'no-cache');
  const plain = await startServer({ tokens: 'tok-a:alice', webRoot: root });
  cleanup.push(() => plain.close());
  assert.doesNotMatch(await (await fetch(`${plain.httpUrl}/`)).text(), /wsgate-ws/);
});

test('CORS on /api/: allowed origins get a preflight answer, others none', async () => {
  const s = await startServer({ tokens: 'tok-a:alice', allowedOrigins: 'https://app.example.com' });
  cleanup.push(() => s.close());
  const ok = await fetch(`${s.httpUrl}/api/ws/ticket`, { method: 'OPTIONS', headers: { origin: 'https://app.example.com' } });
  assert.equal(ok.status, 204);
  assert.equal(ok.headers.get('access-control-allow-origin'), 'https://app.example.com');
  const no = await fetch(`${s.httpUrl}/api/ws/ticket`, { method: 'OPTIONS', headers: { origin: 'https://evil.example' } });
  assert.equal(no.headers.get('access-control-allow-origin'), null);
});
