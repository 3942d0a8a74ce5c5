import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isOriginAllowed } from './origin.js';

test('origin allow-list: exact, wildcard subdomain, *, empty list, no Origin', () => {
  const list = ['https://app.example.com', 'https://*.example.org'];
  assert.equal(isOriginAllowed('https://app.example.com', list), true);
  assert.equal(isOriginAllowed('https://APP.example.com/', list), true);
  assert.equal(isOriginAllowed('http://app.example.com', list), false, 'scheme matters');
  assert.equal(isOriginAllowed('https://chat.example.org', list), true);
  assert.equal(isOriginAllowed('https://a.b.example.org', list), true);
  assert.equal(isOriginAllowed('https://example.org', list), false, 'the wildcard needs a subdomain');
  assert.equal(isOriginAllowed('https://evilexample.org', list), false);
  assert.equal(isOriginAllowed('https://example.org.evil.com', list), false);
  assert.equal(isOriginAllowed('null', list), false);
  assert.equal(isOriginAllowed(undefined, list), true, 'non-browser clients send no Origin');
  assert.equal(isOriginAllowed('https://any.where', []), true);
  assert.equal(isOriginAllowed('https://any.where', ['*']), true);
});
