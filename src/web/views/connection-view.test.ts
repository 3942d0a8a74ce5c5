import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDuration } from './connection-view.js';

test('durations read in the largest sensible units', () => {
  assert.deepEqual([0, 999, 59_000, 61_000, 3_600_000 + 120_000].map(formatDuration), ['0 s', '0 s', '59 s', '1 min 1 s', '1 h 2 min']);
  assert.equal(formatDuration(-5), '0 s');
});
