import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitCode } from './rich-text.js';

test('backtick spans become code parts; the rest stays text', () => {
  assert.deepEqual(splitCode('run `nslookup x` now'), [
    { text: 'run ', code: false },
    { text: 'nslookup x', code: true },
    { text: ' now', code: false },
  ]);
  assert.deepEqual(splitCode('`a``b`'), [{ text: 'a', code: true }, { text: 'b', code: true }]);
  assert.deepEqual(splitCode('no code here'), [{ text: 'no code here', code: false }]);
  assert.deepEqual(splitCode('an unmatched ` stays'), [{ text: 'an unmatched ` stays', code: false }]);
  assert.deepEqual(splitCode(''), []);
});
