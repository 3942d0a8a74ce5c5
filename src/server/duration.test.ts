import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDuration, readDuration } from './duration.js';

test('durations: units, decimals, bare numbers in the caller unit, and why a value is refused', () => {
  assert.equal(parseDuration('250'), 250);
  assert.equal(parseDuration('250ms'), 250);
  assert.equal(parseDuration(' 10s '), 10_000);
  assert.equal(parseDuration('1.5m'), 90_000);
  assert.equal(parseDuration('2h'), 7_200_000);
  assert.equal(parseDuration('30', 's'), 30_000);
  assert.equal(parseDuration('soon'), null);
  assert.equal(parseDuration('-1s'), null);
  assert.deepEqual(readDuration('10 days'), { error: 'syntax' });
  assert.deepEqual(readDuration(`${'9'.repeat(400)}h`), { error: 'range' });
});
