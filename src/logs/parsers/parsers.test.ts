// The three line formats, as real programs write them, and what is kept of each (no query).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseLine } from './index.js';

const UPSTREAMINFO = '10.0.0.1 - - [26/Nov/2026:12:00:00 +0000] "GET /api/ws/chat?token=abc HTTP/1.1" 101 120 "-" "Mozilla/5.0 \\"quoted\\"" 512 60.004 [default-chat-8080] [] 10.42.0.7:8080 0 60.004 101 5f1e2d3c';

test('ingress-nginx upstreaminfo: status, $request_time, upstream name; the query string is dropped', () => {
  const r = parseLine(UPSTREAMINFO);
  assert.deepEqual(r, { ok: true, format: 'ingress-nginx', entry: { kind: 'access', format: 'ingress-nginx', method: 'GET', path: '/api/ws/chat', status: 101, requestTime: 60.004, upstream: 'default-chat-8080', upstreamStatus: 101 } });
});

test('upstreaminfo with retries (lists) and kubectl --prefix --timestamps in front', () => {
  const line = '[pod/ingress-nginx-controller-7d9f/controller] 2026-11-26T12:00:00.123456789Z 10.0.0.2 - - [26/Nov/2026:12:00:00 +0000] "GET /ws HTTP/1.1" 502 150 "-" "curl/8" 80 0.004 [] [] 10.42.0.8:8080, 10.42.0.9:8080 0, 0 0.002, 0.002 502, 504 abc';
  const r = parseLine(line);
  assert.equal(r.ok, true);
  assert.deepEqual(r.ok === true && r.entry, { kind: 'access', format: 'ingress-nginx', method: 'GET', path: '/ws', status: 502, requestTime: 0.004, upstream: '10.42.0.9:8080', upstreamStatus: 504 });
});

test('nginx combined, with and without $request_time', () => {
  const a = parseLine('127.0.0.1 - bob [26/Nov/2026:12:01:00 +0000] "GET /socket.io/?EIO=4 HTTP/1.1" 101 210 "-" "node" 100.002');
  assert.deepEqual(a.ok === true && a.entry, { kind: 'access', format: 'nginx-combined', method: 'GET', path: '/socket.io/', status: 101, requestTime: 100.002 });
  const b = parseLine('127.0.0.1 - - [26/Nov/2026:12:01:00 +0000] "GET /x HTTP/1.1" 426 16 "-" "curl/8"');
  assert.deepEqual(b.ok === true && b.entry, { kind: 'access', format: 'nginx-combined', method: 'GET', path: '/x', status: 426 });
});

test('wsgate JSON: close with code and duration; a 4401 refusal is an auth failure by reason', () => {
  const c = parseLine('{"level":"info","event":"close","code":1006,"durationMs":15020,"msg":"connection closed"}');
  assert.deepEqual(c.ok === true && c.entry, { kind: 'wsgate', event: 'close', code: 1006, durationMs: 15020 });
  const a = parseLine('{"level":"info","event":"refuse","code":4401,"reason":"expired","msg":"connection refused"}');
  assert.deepEqual(a.ok === true && a.entry, { kind: 'wsgate', event: 'auth-failure', code: 4401, reason: 'expired' });
  const h = parseLine('{"level":"info","user":"u","msg":"heartbeat timeout: terminating"}');
  assert.equal(h.ok === true && h.entry.kind === 'wsgate' && h.entry.event, 'heartbeat-timeout');
});

test('forced format reads only that format; controller and error-log lines are skipped, garbage is garbled', () => {
  assert.deepEqual(parseLine(UPSTREAMINFO, 'wsgate'), { ok: false, reason: 'garbled' });
  assert.deepEqual(parseLine('I1126 12:00:00.000000       7 event.go:377] "Event occurred"'), { ok: 'skip' });
  assert.deepEqual(parseLine('2026/11/26 12:00:01 [error] 31#31: *9 connect() failed'), { ok: 'skip' });
  assert.deepEqual(parseLine('{"not":"a log"'), { ok: false, reason: 'garbled' });
  assert.deepEqual(parseLine('[1,2,3]'), { ok: false, reason: 'garbled' });
  assert.deepEqual(parseLine('   '), { ok: 'skip' });
});
