import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JsonMessage, messageBody, readMessageBody, readPubsubMessage } from './message-body.js';

test('a stored body is what JSON.stringify({from, data}) wrote, and reads back without parsing the payload', () => {
  for (const [from, data] of [
    ['alice', { text: 'hi', n: [1, 2] }],
    ['a,"data":"x', 'tricky user id'],
    ['back\\slash"', { data: { data: 1 } }],
    ['u', null],
  ] as Array<[string, unknown]>) {
    const body = messageBody(from, data, undefined);
    assert.equal(body, JSON.stringify({ from, data }));
    const read = readMessageBody(body);
    assert.equal(read.from, from);
    assert.deepEqual(JSON.parse(read.json), data);
  }
  // the client's own text is kept as is (whitespace included)
  assert.equal(readMessageBody(messageBody('u', undefined, '{ "a" : 1 }')).json, '{ "a" : 1 }');
  // what JSON cannot hold becomes null, as JSON.stringify does inside objects
  assert.equal(readMessageBody(messageBody('u', () => 1, undefined)).json, 'null');
  // another shape is parsed in full
  assert.deepEqual(readMessageBody('{"data":[1],"from":"z"}'), { from: 'z', json: '[1]' });
});

test('a pub/sub message reads into a message whose data is parsed only when read', () => {
  const body = messageBody('bob', { t: 'x' }, undefined);
  const m = readPubsubMessage('room:1', `{"e":"170-ab","o":7,"t":1700000000000,"b":${body}}`);
  assert.ok(m instanceof JsonMessage);
  assert.deepEqual([m.channel, m.epoch, m.offset, m.from, m.time, m.json], ['room:1', '170-ab', 7, 'bob', 1700000000000, '{"t":"x"}']);
  assert.deepEqual(m.data, { t: 'x' });
  assert.equal(m.data, m.data, 'parsed once');
});
