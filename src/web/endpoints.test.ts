import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deriveEndpoints, pageBase, redactToken, toWebSocketUrl, withToken } from './endpoints.js';

test('at the root, the WebSocket is at /api/ws/chat with ws: for http and wss: for https', () => {
  const e = deriveEndpoints('http://localhost:8080/');
  assert.equal(e.ws, 'ws://localhost:8080/api/ws/chat');
  assert.equal(e.wsHttp, 'http://localhost:8080/api/ws/chat');
  assert.equal(e.devToken, 'http://localhost:8080/api/dev/token');
  assert.equal(e.sameOrigin, true);
  assert.equal(deriveEndpoints('https://ws.example.com/').ws, 'wss://ws.example.com/api/ws/chat');
});

test('under a path prefix every endpoint keeps the prefix', () => {
  const e = deriveEndpoints('https://example.com/tools/wsgate/?x=1#top');
  assert.equal(e.base, 'https://example.com/tools/wsgate/');
  assert.equal(e.ws, 'wss://example.com/tools/wsgate/api/ws/chat');
  assert.equal(e.devToken, 'https://example.com/tools/wsgate/api/dev/token');
  assert.equal(e.ticket, 'https://example.com/tools/wsgate/api/ws/ticket');
  assert.equal(deriveEndpoints('https://example.com/tools/wsgate/index.html').ws, 'wss://example.com/tools/wsgate/api/ws/chat');
});

test('a prefix served without its trailing slash is still a directory', () => {
  assert.equal(pageBase('https://example.com/chat').href, 'https://example.com/chat/');
  assert.equal(pageBase('https://example.com/chat/index.html').href, 'https://example.com/chat/');
  assert.equal(deriveEndpoints('http://127.0.0.1:9000/chat?ws=').ws, 'ws://127.0.0.1:9000/chat/api/ws/chat');
});

test('an override may be a full URL, an absolute path or a relative path; tokens in it are dropped', () => {
  assert.equal(deriveEndpoints('https://example.com/p/', 'wss://ws.example.com/api/ws/chat?token=secret').ws, 'wss://ws.example.com/api/ws/chat');
  assert.equal(deriveEndpoints('https://example.com/p/', 'wss://ws.example.com/x').sameOrigin, false);
  assert.equal(deriveEndpoints('https://example.com/p/', '/ws').ws, 'wss://example.com/ws');
  assert.equal(deriveEndpoints('https://example.com/p/', 'custom/ws').ws, 'wss://example.com/p/custom/ws');
  assert.equal(deriveEndpoints('http://example.com/p/', 'https://other.example/ws').ws, 'wss://other.example/ws');
  assert.throws(() => deriveEndpoints('http://example.com/', 'ftp://example.com/ws'), /not a WebSocket URL/);
});

test('non-default ports survive the switch to ws:', () => {
  assert.equal(toWebSocketUrl(new URL('https://example.com:8443/a')).href, 'wss://example.com:8443/a');
  assert.equal(toWebSocketUrl(new URL('http://127.0.0.90:43210/a')).href, 'ws://127.0.0.90:43210/a');
});

test('tokens are added for the guide-style connection and hidden on screen', () => {
  const url = withToken('wss://example.com/api/ws/chat', 'a b&c');
  assert.equal(url, 'wss://example.com/api/ws/chat?token=a+b%26c');
  assert.equal(redactToken(url), 'wss://example.com/api/ws/chat?token=…');
  assert.equal(redactToken('ws://h/p?x=1&ticket=abc&y=2'), 'ws://h/p?x=1&ticket=…&y=2');
  assert.equal(withToken('ws://h/p', ''), 'ws://h/p');
});
