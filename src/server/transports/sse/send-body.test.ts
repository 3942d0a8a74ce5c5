import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSendBody, SendBodyError } from './send-body.js';
import { formatSessionKey, parseSessionKey, secretMatches } from './session-key.js';
import { sseClose, sseEvent } from './sse-wire.js';

const key = formatSessionKey({ node: 'pod-a.example:1', session: 'AbC_12', secret: 'sEcReT-x' });

test('a session key round-trips, node names with dots included', () => {
  assert.deepEqual(parseSessionKey(key), { node: 'pod-a.example:1', session: 'AbC_12', secret: 'sEcReT-x' });
  assert.equal(parseSessionKey('not a key'), undefined);
  assert.equal(parseSessionKey('a.b'), undefined);
  assert.ok(secretMatches('abc', 'abc'));
  assert.ok(!secretMatches('abc', 'abd'));
  assert.ok(!secretMatches('abc', 'ab'));
});

test('a send body: key, seq, then one frame per line', () => {
  const body = parseSendBody(`${key}\n7\nping\n{"type":"publish","id":"1","channel":"a","data":1}\n`);
  assert.equal(body.seq, 7);
  assert.equal(body.key.session, 'AbC_12');
  assert.deepEqual(body.frames, ['ping', '{"type":"publish","id":"1","channel":"a","data":1}']);
});

test('a bad send body says what is wrong', () => {
  assert.throws(() => parseSendBody('nope\n1\nping'), (e: SendBodyError) => e.status === 400 && /session key/.test(e.message));
  assert.throws(() => parseSendBody(`${key}\n0\nping`), /sequence number/);
  assert.throws(() => parseSendBody(`${key}\nx\nping`), /sequence number/);
});

test('SSE events: one data line per line of text; close carries code and reason', () => {
  assert.equal(sseEvent('{"a":1}'), 'data: {"a":1}\n\n');
  assert.equal(sseEvent('a\nb'), 'data: a\ndata: b\n\n');
  assert.equal(sseEvent('k', 'session'), 'event: session\ndata: k\n\n');
  assert.equal(sseClose(1012, 'restart;reconnect=500'), 'event: close\ndata: 1012 restart;reconnect=500\n\n');
});
