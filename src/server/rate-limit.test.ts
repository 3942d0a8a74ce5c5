import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FrameRateLimiter, TokenBucket } from './rate-limit.js';

function clock(start = 0) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

test('a token bucket allows a burst, then refills at its rate', () => {
  const c = clock();
  const b = new TokenBucket(10, 5, c.now);
  for (let i = 0; i < 5; i++) assert.equal(b.take(), true, `burst ${i}`);
  assert.equal(b.take(), false);
  assert.equal(b.waitMs(), 100);
  c.advance(99);
  assert.equal(b.take(), false);
  c.advance(1);
  assert.equal(b.take(), true);
  c.advance(10_000);
  assert.equal(b.available, 5, 'never more than the burst');
});

test('taking several tokens at once is all or nothing', () => {
  const c = clock();
  const b = new TokenBucket(1, 3, c.now);
  assert.equal(b.take(2), true);
  assert.equal(b.take(2), false);
  assert.equal(b.available, 1);
  assert.equal(b.waitMs(2), 1000);
});

test('a clock that goes backwards does not mint tokens', () => {
  let t = 1000;
  const b = new TokenBucket(10, 2, () => t);
  b.take();
  b.take();
  t = 0;
  assert.equal(b.take(), false);
});

test('frame limiter: warn once per episode of excess, close after a whole burst of refusals', () => {
  const c = clock();
  const l = new FrameRateLimiter(2, 3, c.now);
  assert.deepEqual([l.check(), l.check(), l.check()], ['ok', 'ok', 'ok']);
  assert.equal(l.check(), 'warn');
  assert.equal(l.check(), 'refuse');
  c.advance(500); // one token back: the client slowed down, the episode ends
  assert.equal(l.check(), 'ok');
  assert.equal(l.check(), 'warn', 'a new episode warns again');
  assert.deepEqual([l.check(), l.check()], ['refuse', 'refuse']);
  assert.equal(l.check(), 'close');
});
