// Every way to authenticate, over real sockets: static tokens (query and Authorization header),
// JWT HS256, JWKS (RS256 keys from a JWKS server on loopback), introspection (cached), single-use
// tickets, refresh frames and token expiry — and 4401 for every bad credential. Tokens never
// appear in the logs.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { client, connect, startServer, LogCapture, sleep } from './server-helpers.js';

const SECRET = 'a-test-secret-that-is-long-enough';
const cleanup: Array<() => Promise<void> | void> = [];
after(async () => {
  for (const c of cleanup.reverse()) await c();
});

async function hs256(sub: string, expSeconds: number, secret = SECRET): Promise<string> {
  return new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(sub).setIssuedAt().setExpirationTime(Math.floor(Date.now() / 1000) + expSeconds).sign(new TextEncoder().encode(secret));
}

async function listen(server: Server, host: string): Promise<string> {
  await new Promise<void>((r) => server.listen(0, host, r));
  cleanup.push(() => new Promise<void>((r) => server.close(() => r())));
  return `http://${host}:${(server.address() as AddressInfo).port}`;
}

/** Connects and resolves with the close code/reason, or 'hello' with the user. */
async function attempt(url: string, headers?: Record<string, string>): Promise<{ code: number; reason: string } | { user: string }> {
  const c = client(url, headers ? { headers } : undefined);
  cleanup.push(() => c.close());
  await c.opened; // the server accepts, then closes: browsers can only see a close code
  const first = await Promise.race([c.type('hello').then((h) => ({ user: (h.user as { id: string }).id })), c.closed]);
  return first;
}

test('static tokens: ?token=, Authorization: Bearer, and 4401 for missing or unknown tokens', async () => {
  const s = await startServer({ tokens: 'tok-a:alice' });
  cleanup.push(() => s.close());
  assert.deepEqual(await attempt(`${s.url}?token=tok-a`), { user: 'alice' });
  assert.deepEqual(await attempt(s.url, { authorization: 'Bearer tok-a' }), { user: 'alice' });
  assert.deepEqual(await attempt(s.url), { code: 4401, reason: 'token missing' });
  assert.deepEqual(await attempt(`${s.url}?token=nope`), { code: 4401, reason: 'token invalid' });
  const metrics = await (await fetch(`${s.httpUrl}/metrics`)).text();
  assert.match(metrics, /wsgate_auth_failures_total\{reason="missing"\} 1/);
  assert.match(metrics, /wsgate_auth_failures_total\{reason="invalid"\} 1/);
});

test('JWT HS256: valid → hello with sub; expired, wrong secret or garbage → 4401', async () => {
  const s = await startServer({ jwtSecret: SECRET });
  cleanup.push(() => s.close());
  assert.deepEqual(await attempt(`${s.url}?token=${await hs256('jane', 60)}`), { user: 'jane' });
  const expired = await attempt(`${s.url}?token=${await hs256('jane', -120)}`);
  assert.deepEqual(expired, { code: 4401, reason: 'token expired' });
  const forged = await attempt(`${s.url}?token=${await hs256('jane', 60, 'another-secret-of-enough-length')}`);
  assert.equal((forged as { code: number }).code, 4401);
  assert.equal((await attempt(`${s.url}?token=a.b.c`) as { code: number }).code, 4401);
  const metrics = await (await fetch(`${s.httpUrl}/metrics`)).text();
  assert.match(metrics, /wsgate_auth_failures_total\{reason="expired"\} 1/);
});

test('JWKS: RS256 tokens verified with keys from a JWKS server on loopback', async () => {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  let fetches = 0;
  const jwksServer = createHttpServer((req, res) => {
    fetches++;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  const base = await listen(jwksServer, '127.0.0.2');
  const s = await startServer({ jwksUrl: `${base}/.well-known/jwks.json` });
  cleanup.push(() => s.close());
  const sign = (sub: string, key = privateKey) =>
    new SignJWT({}).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).setSubject(sub).setExpirationTime('1h').sign(key);
  assert.deepEqual(await attempt(`${s.url}?token=${await sign('kim')}`), { user: 'kim' });
  assert.deepEqual(await attempt(`${s.url}?token=${await sign('lee')}`), { user: 'lee' });
  assert.equal(fetches, 1, 'the key set is fetched once and cached');
  const other = await generateKeyPair('RS256');
  const bad = await attempt(`${s.url}?token=${await sign('kim', other.privateKey)}`);
  assert.equal((bad as { code: number }).code, 4401);
});

test('JWKS endpoint failing (500) → 1013 (try later), not 4401', async () => {
  const { privateKey } = await generateKeyPair('RS256');
  const broken = createHttpServer((_req, res) => res.writeHead(500).end('oops'));
  const base = await listen(broken, '127.0.0.2');
  const s = await startServer({ jwksUrl: `${base}/jwks.json` });
  cleanup.push(() => s.close());
  const token = await new SignJWT({}).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).setSubject('kim').setExpirationTime('1h').sign(privateKey);
  const r = await attempt(`${s.url}?token=${token}`);
  assert.equal((r as { code: number }).code, 1013);
  assert.match((r as { reason: string }).reason, /JWKS endpoint failed.*;reconnect=\d+$/);
});

test('introspection: 200 + body.id = the user, 401 → 4401, answers cached briefly', async () => {
  const seen: string[] = [];
  const introspect = createHttpServer((req, res) => {
    const auth = req.headers.authorization ?? '';
    seen.push(auth);
    if (auth === 'Bearer opaque-good') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: 'olga', active: true }));
    } else {
      res.writeHead(401).end();
    }
  });
  const base = await listen(introspect, '127.0.0.3');
  const s = await startServer({ introspectUrl: `${base}/introspect`, introspectCacheTtl: 60_000 });
  cleanup.push(() => s.close());
  assert.deepEqual(await attempt(`${s.url}?token=opaque-good`), { user: 'olga' });
  assert.deepEqual(await attempt(`${s.url}?token=opaque-good`), { user: 'olga' });
  assert.deepEqual(seen, ['Bearer opaque-good'], 'second check comes from the cache');
  assert.deepEqual(await attempt(`${s.url}?token=opaque-bad`), { code: 4401, reason: 'token refused by the introspection endpoint (401)' });
  const info = await fetch(`${s.httpUrl}/api/user/info`, { headers: { authorization: 'Bearer opaque-good' } });
  assert.equal(info.status, 200);
  assert.equal(((await info.json()) as { id: string }).id, 'olga');
});

test('introspection endpoint down → 1013 (try later), not 4401', async () => {
  const dead = createHttpServer();
  const base = await listen(dead, '127.0.0.4');
  await new Promise<void>((r) => dead.close(() => r()));
  const s = await startServer({ introspectUrl: `${base}/introspect` });
  cleanup.push(() => s.close());
  const r = await attempt(`${s.url}?token=whatever`);
  assert.equal((r as { code: number }).code, 1013);
});

test('tickets: POST /api/ws/ticket with a Bearer token, single use, short-lived', async () => {
  const s = await startServer({ tokens: 'tok-a:alice', ticketTtl: 1000 });
  cleanup.push(() => s.close());
  const noAuth = await fetch(`${s.httpUrl}/api/ws/ticket`, { method: 'POST' });
  assert.equal(noAuth.status, 401);
  const res = await fetch(`${s.httpUrl}/api/ws/ticket`, { method: 'POST', headers: { authorization: 'Bearer tok-a' } });
  assert.equal(res.status, 200);
  const body = (await res.json()) as { ticket: string; expiresIn: number };
  assert.ok(body.ticket && body.expiresIn <= 1);
  assert.deepEqual(await attempt(`${s.url}?ticket=${body.ticket}`), { user: 'alice' });
  const reused = await attempt(`${s.url}?ticket=${body.ticket}`);
  assert.equal((reused as { code: number }).code, 4401, 'a ticket works once');
  const res2 = await fetch(`${s.httpUrl}/api/ws/ticket`, { method: 'POST', headers: { authorization: 'Bearer tok-a' } });
  const late = (await res2.json()) as { ticket: string };
  await sleep(1100);
  assert.equal(((await attempt(`${s.url}?ticket=${late.ticket}`)) as { code: number }).code, 4401, 'an expired ticket is refused');
});

test('GET /api/user/info: 200 with the user for a good Bearer token, 401 JSON otherwise', async () => {
  const s = await startServer({ tokens: 'tok-a:alice' });
  cleanup.push(() => s.close());
  const ok = await fetch(`${s.httpUrl}/api/user/info`, { headers: { authorization: 'Bearer tok-a' } });
  assert.equal(ok.status, 200);
  assert.equal(((await ok.json()) as { id: string }).id, 'alice');
  const bad = await fetch(`${s.httpUrl}/api/user/info`, { headers: { authorization: 'Bearer nope' } });
  assert.equal(bad.status, 401);
  assert.equal(((await bad.json()) as { error: string }).error, 'UNAUTHORIZED');
  const none = await fetch(`${s.httpUrl}/api/user/info`);
  assert.equal(none.status, 401);
});

test('refresh swaps the token without reconnecting; an expiring token closes 4401 unless refreshed', async () => {
  const s = await startServer({ jwtSecret: SECRET, tokens: 'tok-b:bob' });
  cleanup.push(() => s.close());
  // exp in 2 s: the server closes at expiry.
  const short = await connect(s, await hs256('jane', 2));
  cleanup.push(() => short.close());
  const kept = await connect(s, await hs256('jane', 2));
  cleanup.push(() => kept.close());
  const wrongUser = await kept.request({ type: 'refresh', id: 'r0', token: 'tok-b' });
  assert.equal(wrongUser.code, 'UNAUTHORIZED');
  const garbage = await kept.request({ type: 'refresh', id: 'r1', token: 'garbage' });
  assert.equal(garbage.code, 'UNAUTHORIZED');
  const fresh = await kept.request({ type: 'refresh', id: 'r2', token: await hs256('jane', 600) });
  assert.equal(fresh.type, 'refreshed');
  assert.deepEqual(fresh.user, { id: 'jane' });
  assert.ok((fresh.expiresAt as number) > Date.now() + 500_000);
  const closed = await short.closed;
  assert.deepEqual(closed, { code: 4401, reason: 'token expired' });
  await sleep(200);
  assert.equal(kept.closeInfo, undefined, 'the refreshed connection stays open');
  kept.send('ping');
  assert.equal(await kept.next((f) => f === 'pong'), 'pong');
});

test('tokens and tickets never reach the logs', async () => {
  const logs = new LogCapture();
  const s = await startServer({ tokens: 'secret-token-123:alice', logLevel: 'debug', logStream: logs });
  cleanup.push(() => s.close());
  await attempt(`${s.url}?token=secret-token-123&x=1`);
  await attempt(`${s.url}?token=wrong-secret-456`);
  const t = (await (await fetch(`${s.httpUrl}/api/ws/ticket`, { method: 'POST', headers: { authorization: 'Bearer secret-token-123' } })).json()) as { ticket: string };
  await attempt(`${s.url}?ticket=${t.ticket}`);
  await sleep(100);
  const all = logs.raw.join('\n');
  assert.ok(logs.find('connection open').length >= 2, 'open lines are logged');
  assert.ok(logs.find('connection refused').length >= 1);
  for (const secret of ['secret-token-123', 'wrong-secret-456', t.ticket]) assert.ok(!all.includes(secret), `${secret} leaked into logs`);
  assert.ok(all.includes('token=[redacted]'));
});
