import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildUpgradeRequest, expectedAccept, parseResponseHead } from './upgrade-request.js';

test('Sec-WebSocket-Accept for the RFC 6455 §1.3 example key', () => {
  assert.equal(expectedAccept('dGhlIHNhbXBsZSBub25jZQ=='), 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
});

test('the request carries the guide curl test headers and the extra ones', () => {
  const text = buildUpgradeRequest({ path: '/api/ws/chat?x=1', hostHeader: 'ws.example.com', key: 'k', headers: { Authorization: 'Bearer t' } });
  assert.match(text, /^GET \/api\/ws\/chat\?x=1 HTTP\/1\.1\r\nHost: ws\.example\.com\r\n/);
  for (const h of ['Connection: Upgrade', 'Upgrade: websocket', 'Sec-WebSocket-Version: 13', 'Sec-WebSocket-Key: k', 'Authorization: Bearer t']) assert.ok(text.includes(`\r\n${h}\r\n`), h);
  assert.ok(text.endsWith('\r\n\r\n'));
});

test('parses a response head, joins repeated headers, keeps the body bytes', () => {
  assert.equal(parseResponseHead(Buffer.from('HTTP/1.1 101 Switch')), null);
  const head = parseResponseHead(Buffer.from('HTTP/1.1 502 Bad Gateway\r\nServer: nginx\r\nVia: a\r\nVia: b\r\n\r\n<html>'))!;
  assert.equal(head.status, 502);
  assert.equal(head.statusText, 'Bad Gateway');
  assert.deepEqual(head.headers, { server: 'nginx', via: 'a, b' });
  assert.equal(head.rest.toString(), '<html>');
  assert.throws(() => parseResponseHead(Buffer.from('\u0016\u0003\u0001garbage')), /not an HTTP answer/);
});
