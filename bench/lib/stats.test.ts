import { test } from 'node:test';
import assert from 'node:assert/strict';
import { maxInWindow, median, percentile, round } from './stats.js';

test('median of odd and even sets, ignoring non-finite values', () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.equal(median([Number.NaN, 5]), 5);
  assert.ok(Number.isNaN(median([])));
});

test('nearest-rank percentiles', () => {
  const xs = Array.from({ length: 100 }, (_, i) => 100 - i); // 1..100 shuffled order
  assert.equal(percentile(xs, 50), 50);
  assert.equal(percentile(xs, 99), 99);
  assert.equal(percentile(xs, 100), 100);
  assert.equal(percentile([7], 99), 7);
});

test('largest count in a sliding window', () => {
  assert.equal(maxInWindow([0, 10, 20, 150, 160, 500], 100), 3);
  assert.equal(maxInWindow([0, 100, 200], 100), 1);
  assert.equal(maxInWindow([], 100), 0);
});

test('rounding to significant digits', () => {
  assert.equal(round(123456, 3), 123000);
  assert.equal(round(0.012345, 2), 0.012);
});
