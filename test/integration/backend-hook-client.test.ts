// The hook client against a real HTTP server: the signature a backend can verify, the answers
// it can give (2xx, 4xx, 5xx, garbage), and the bounds (timeout, refused, concurrency).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HookClient } from '../../src/server/backend/hook-client.js';
import { BackendRefusedError, BackendUnavailableError } from '../../src/server/backend/errors.js';
import { freePort } from '../lab/index.js';

const SECRET = 'hook-secret-0123456789';

async function backend(t: import('node:test').TestContext, handle: (req: IncomingMessage, body: string, res: ServerResponse) => void) {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handle(req, Buffer.concat(chunks).toString('utf8'), res));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
}

const reason = (e: unknown) => (e instanceof BackendUnavailableError ? e.reason : e instanceof BackendRefusedError ? `refused:${e.code}:${e.status}` : String(e));

test('POSTs JSON to <url>/<event> with an HMAC-SHA256 signature of the exact body', async (t) => {
  const seen: Array<{ path: string; sig: string; body: string; type: string }> = [];
  const url = await backend(t, (req, body, res) => {
    seen.push({ path: req.url ?? '', sig: String(req.headers['x-wsgate-signature']), body, type: String(req.headers['content-type']) });
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"data":{"ok":true}}');
  });
  const client = new HookClient({ baseUrl: url, timeoutMs: 2000, secret: SECRET, maxConcurrent: 4 });
  t.after(() => client.close());
  assert.deepEqual(await client.call('rpc', { event: 'rpc', method: 'm', data: 'ü' }), { data: { ok: true } });
  assert.equal(seen[0]!.path, '/hooks/rpc');
  assert.equal(seen[0]!.type, 'application/json');
  assert.equal(seen[0]!.sig, `sha256=${createHmac('sha256', SECRET).update(seen[0]!.body).digest('hex')}`);
  const unsigned = new HookClient({ baseUrl: url, timeoutMs: 2000, maxConcurrent: 4 });
  t.after(() => unsigned.close());
  await unsigned.call('connect', {});
  assert.equal(seen[1]!.sig, 'undefined', 'no secret, no signature header');
});

test('answers: empty 200 is {}, 4xx carries the backend code, 5xx and non-JSON 200 fail', async (t) => {
  const url = await backend(t, (req, _body, res) => {
    if (req.url === '/hooks/publish') res.writeHead(204).end();
    else if (req.url === '/hooks/subscribe') res.writeHead(403, { 'content-type': 'application/json' }).end('{"error":{"code":"PRIVATE","message":"not your conversation"}}');
    else if (req.url === '/hooks/connect') res.writeHead(401).end('nope');
    else if (req.url === '/hooks/rpc') res.writeHead(200).end('<html>');
  });
  const client = new HookClient({ baseUrl: url, timeoutMs: 2000, maxConcurrent: 4 });
  t.after(() => client.close());
  assert.deepEqual(await client.call('publish', {}), {});
  await assert.rejects(client.call('subscribe', {}), (e) => reason(e) === 'refused:PRIVATE:403' && (e as Error).message === 'not your conversation');
  await assert.rejects(client.call('connect', {}), (e) => reason(e) === 'refused:BACKEND_ERROR:401');
  await assert.rejects(client.call('rpc', {}), (e) => reason(e) === 'refused:BACKEND_ERROR:200');
  const down = await backend(t, (_req, _body, res) => res.writeHead(502).end());
  const c2 = new HookClient({ baseUrl: down, timeoutMs: 2000, maxConcurrent: 4 });
  t.after(() => c2.close());
  await assert.rejects(c2.call('publish', {}), (e) => reason(e) === 'status');
});

test('bounds: a slow backend times out, a closed port is refused, one past the concurrency bound fails at once', async (t) => {
  const held: ServerResponse[] = [];
  const url = await backend(t, (_req, _body, res) => held.push(res));
  t.after(() => held.forEach((r) => r.destroy()));
  const client = new HookClient({ baseUrl: url, timeoutMs: 300, maxConcurrent: 2 });
  t.after(() => client.close());
  const started = Date.now();
  const a = client.call('publish', {});
  const b = client.call('publish', {});
  await assert.rejects(client.call('publish', {}), (e) => reason(e) === 'busy');
  assert.ok(Date.now() - started < 100, 'the third fails at once, not after the timeout');
  await assert.rejects(a, (e) => reason(e) === 'timeout');
  await assert.rejects(b, (e) => reason(e) === 'timeout');
  assert.equal(client.pending, 0);
  const port = await freePort('127.0.0.1');
  const nowhere = new HookClient({ baseUrl: `http://127.0.0.1:${port}`, timeoutMs: 2000, maxConcurrent: 2 });
  t.after(() => nowhere.close());
  await assert.rejects(nowhere.call('publish', {}), (e) => reason(e) === 'connection');
});
