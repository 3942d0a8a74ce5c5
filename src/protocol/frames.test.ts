import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FrameError, inboxOwner, parseClientFrame } from './frames.js';

function codeOf(text: string): string {
  try {
    parseClientFrame(text);
  } catch (err) {
    assert.ok(err instanceof FrameError);
    return err.code;
  }
  return 'OK';
}

test('valid frames parse to their typed shape', () => {
  assert.deepEqual(parseClientFrame('{"type":"subscribe","id":1,"channel":"room:lobby","since":{"epoch":"e1","offset":4}}'), {
    type: 'subscribe', id: 1, channel: 'room:lobby', since: { epoch: 'e1', offset: 4 },
  });
  assert.deepEqual(parseClientFrame('{"type":"publish","id":"p-1","channel":"user:42","data":{"text":"hi"}}'), {
    type: 'publish', id: 'p-1', channel: 'user:42', data: { text: 'hi' },
  });
  assert.deepEqual(parseClientFrame('{"type":"publish","id":"p-2","channel":"a","data":null}').type, 'publish');
});

test('bad frames get the precise stable code', () => {
  assert.equal(codeOf('not json'), 'BAD_JSON');
  assert.equal(codeOf('[1,2]'), 'BAD_FRAME');
  assert.equal(codeOf('{"id":1}'), 'BAD_FRAME');
  assert.equal(codeOf('{"type":"teleport","id":1}'), 'UNKNOWN_TYPE');
  assert.equal(codeOf('{"type":"subscribe","channel":"a"}'), 'BAD_FRAME');
  assert.equal(codeOf('{"type":"subscribe","id":1,"channel":"has space"}'), 'BAD_CHANNEL');
  assert.equal(codeOf('{"type":"subscribe","id":1,"channel":"a","since":{"epoch":"x","offset":-1}}'), 'BAD_FRAME');
  assert.equal(codeOf('{"type":"publish","id":1,"channel":"a"}'), 'BAD_FRAME');
  assert.equal(codeOf('{"type":"refresh","id":1}'), 'BAD_FRAME');
});

test('the request id is kept on errors so the reply can name it', () => {
  try {
    parseClientFrame('{"type":"subscribe","id":"r7","channel":""}');
    assert.fail('should throw');
  } catch (err) {
    assert.ok(err instanceof FrameError);
    assert.equal(err.requestId, 'r7');
  }
});

test('user:<id> channels are inboxes', () => {
  assert.equal(inboxOwner('user:42'), '42');
  assert.equal(inboxOwner('room:lobby'), null);
});

test('rpc frames: a method name is required, data defaults to null', () => {
  assert.deepEqual(parseClientFrame('{"type":"rpc","id":7,"method":"chat.history","data":{"n":1}}'), { type: 'rpc', id: 7, method: 'chat.history', data: { n: 1 } });
  assert.deepEqual(parseClientFrame('{"type":"rpc","id":"r","method":"ping"}'), { type: 'rpc', id: 'r', method: 'ping', data: null });
  assert.equal(codeOf('{"type":"rpc","id":1}'), 'BAD_FRAME');
  assert.equal(codeOf('{"type":"rpc","id":1,"method":"has space"}'), 'BAD_FRAME');
  assert.equal(codeOf('{"type":"rpc","method":"m"}'), 'BAD_FRAME');
});
