import { test } from 'node:test';
import assert from 'node:assert/strict';
import { publishDataText } from './payload-text.js';

test('the data text of a publish frame is cut out as the client wrote it', () => {
  const cases: Array<[string, unknown]> = [
    ['{"type":"publish","id":1,"channel":"a","data":"x"}', 'x'],
    ['{"type":"publish","id":1,"channel":"a","data":{"t":"hi","n":[1,2,{"x":"}"}]}}', { t: 'hi', n: [1, 2, { x: '}' }] }],
    ['{"type":"publish","id":"q\\"data\\":","channel":"a","data":"a\\\\"}', 'a\\'],
    ['{"type":"publish","id":1,"channel":"a","data":12.5e3 }', 12.5e3],
    ['{"type":"publish","id":1,"channel":"a", "data" :null}', undefined],
    ['{"type":"publish","id":1,"channel":"a","data":true}\n', true],
  ];
  for (const [frame, data] of cases) {
    const got = publishDataText(frame);
    if (data === undefined) assert.equal(got, undefined, frame);
    else assert.deepEqual(JSON.parse(got!), data, frame);
  }
});

test('data that is not plainly the last top-level member is left to the serialiser', () => {
  for (const frame of [
    '{"type":"publish","data":"x","id":1,"channel":"a"}',
    '{"type":"publish","meta":{"data":1},"id":1,"channel":"a"}',
    '{"type":"publish","id":"\\"data\\":1","channel":"a","data":2,"x":3}',
    '{"type":"publish","meta":{"data":1},"id":1,"channel":"a","data":2}',
  ]) {
    const got = publishDataText(frame);
    // either undefined, or exactly what JSON.parse takes as data
    if (got !== undefined) assert.deepEqual(JSON.parse(got), (JSON.parse(frame) as { data: unknown }).data, frame);
  }
  assert.equal(publishDataText('{"type":"publish","data":"x","id":1,"channel":"a"}'), undefined);
  assert.equal(publishDataText('{"type":"publish","meta":{"data":1},"id":1,"channel":"a","data":2}'), undefined, 'the first "data": is nested');
});

test('a duplicated data key: the text taken is the one JSON.parse keeps', () => {
  const frame = '{"type":"publish","id":1,"data":1,"channel":"a","data":2}';
  const got = publishDataText(frame);
  assert.ok(got === undefined || JSON.parse(got) === 2);
});

test('the data key is found at the top level only, past nested members and strings', () => {
  assert.equal(publishDataText('{"type":"publish","meta":[{"x":"]}"}],"id":1,"channel":"a","data":2}'), '2');
  assert.equal(publishDataText('{"\\"data":1,"type":"publish","id":1,"channel":"a","data":2}'), undefined, 'the first "data": is inside a key');
  assert.equal(publishDataText('{"type":"publish","meta":[{"data":1}],"id":1,"channel":"a","data":2}'), undefined, 'the first "data": is nested in an array');
});
