// The loop-lag sampler: a stall of the event loop shows up in the stamps taken right after it
// (staleness) and in the lag it reports, so the idle probe can say how far off a cut may be.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { loopLag } from './loop-lag.js';

const now = (): number => performance.now();
const tick = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function busy(ms: number): void {
  const until = now() + ms;
  while (now() < until) {
    // a synchronous stall, as a busy machine or a long task causes
  }
}

test('an event handled right after a stall may have arrived at its start: staleness covers the stall, and the lag is reported', async () => {
  const lag = loopLag(now, 10);
  const lags: number[] = [];
  const release = lag.acquire((ms) => lags.push(ms));
  await tick(50);
  const stallStart = now();
  busy(300);
  const stamp = now();
  // Lower bounds only: a loaded machine can only make both larger.
  assert.ok(lag.staleness(stamp) >= stamp - stallStart, `staleness ${lag.staleness(stamp)} ms does not cover the ${Math.round(stamp - stallStart)} ms stall`);
  assert.ok(lag.lagNow(stamp) >= 250, `the stall is not seen at the stamp: ${lag.lagNow(stamp)} ms`);
  await tick(30);
  assert.ok(Math.max(...lags) >= 250, `the stall was not reported as lag: ${Math.max(...lags)} ms`);
  release();
  release(); // safe twice
});

test('the timer runs only while someone listens', async () => {
  let ticks = 0;
  const lag = loopLag(() => (ticks++, now()), 5);
  const release = lag.acquire();
  await tick(40);
  release();
  const seen = ticks;
  await tick(40);
  assert.ok(seen > 1, 'sampled while acquired');
  assert.equal(ticks, seen, 'no ticks after the last release');
});
