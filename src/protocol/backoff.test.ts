import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backoffWindow, fullJitter, hinted, parseRetryAfter, reconnectDelay, DEFAULT_BACKOFF } from './backoff.js';

/** A seeded PRNG (mulberry32), so that a schedule can be reproduced. */
function seeded(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test('full jitter stays within [0, min(max, base·2^n)) and the window doubles up to the cap', () => {
  assert.deepEqual([0, 1, 2, 3, 4, 5, 6, 40].map((n) => backoffWindow(n)), [2000, 4000, 8000, 16000, 30000, 30000, 30000, 30000]);
  const random = seeded(1);
  for (let n = 0; n < 10; n++) {
    for (let i = 0; i < 500; i++) {
      const d = fullJitter(n, {}, random);
      assert.ok(d >= 0 && d < backoffWindow(n), `attempt ${n}: ${d}`);
    }
  }
  assert.equal(fullJitter(3, {}, () => 0), 0);
  assert.equal(fullJitter(3, {}, () => 0.999999), 15999);
  assert.equal(fullJitter(10, { base: 100, max: 1000 }, () => 0.5), 500);
  assert.deepEqual(DEFAULT_BACKOFF, { base: 2000, max: 30000 });
});

test('full jitter uses the whole window (not clustered at the ends)', () => {
  const random = seeded(7);
  const buckets = new Array(10).fill(0);
  for (let i = 0; i < 10_000; i++) buckets[Math.floor(fullJitter(0, {}, random) / 200)]++;
  for (const b of buckets) assert.ok(b > 850 && b < 1150, `bucket ${b} of 10000`);
});

test('no two clients on the same schedule: different seeds give different delays at every step', () => {
  const schedules = [1, 2, 3, 4, 5].map((seed) => {
    const random = seeded(seed);
    return [0, 1, 2, 3, 4, 5].map((n) => fullJitter(n, {}, random));
  });
  for (let a = 0; a < schedules.length; a++)
    for (let b = a + 1; b < schedules.length; b++)
      for (let step = 0; step < 6; step++) assert.notEqual(schedules[a]![step], schedules[b]![step], `clients ${a} and ${b} collide at step ${step}`);
  // And the same seed reproduces the same schedule (what makes the test meaningful).
  const again = seeded(1);
  assert.deepEqual([0, 1, 2, 3, 4, 5].map((n) => fullJitter(n, {}, again)), schedules[0]);
});

test('a server hint is honoured with at most 10 % (≤ 1 s) of added jitter', () => {
  assert.equal(hinted(2300, () => 0), 2300);
  assert.equal(hinted(2300, () => 0.999), 2530);
  assert.equal(hinted(60_000, () => 0.999), 60_999);
  assert.equal(hinted(0, () => 0.5), 0);
});

test('Retry-After in seconds becomes ms; anything that is not seconds or a date is ignored', () => {
  assert.equal(parseRetryAfter('7'), 7000);
  assert.equal(parseRetryAfter(' 12 '), 12_000);
  assert.equal(parseRetryAfter(null), undefined);
  assert.equal(parseRetryAfter('soon'), undefined);
});

test('Retry-After as an HTTP date is the time until that date (0 once it has passed)', () => {
  const now = Date.parse('Wed, 21 Oct 2015 07:27:00 GMT');
  assert.equal(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', now), 60_000);
  assert.equal(parseRetryAfter('Wed, 21 Oct 2015 07:26:00 GMT', now), 0);
  assert.equal(parseRetryAfter('Thu, 32 Oct 2015 07:28:00 GMT', now), undefined);
  assert.equal(parseRetryAfter('-5', now), undefined);
});

test('the delay after a close: the hint when there is one, else full jitter (from the third window after 1013)', () => {
  assert.equal(reconnectDelay(1012, 'draining;reconnect=2300', 0, undefined, {}, () => 0), 2300);
  assert.equal(reconnectDelay(1006, '', 0, 5000, {}, () => 0), 5000);
  assert.equal(reconnectDelay(1006, '', 0, undefined, {}, () => 0.5), 1000);
  assert.equal(reconnectDelay(1013, '', 0, undefined, {}, () => 0.5), 4000);
  assert.equal(reconnectDelay(1013, '', 3, undefined, {}, () => 0.5), 8000);
});
