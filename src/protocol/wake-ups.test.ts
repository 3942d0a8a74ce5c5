import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isOffline, watchEnvironment, type WakeReason } from './wake-ups.js';

test('reports online, pageshow and visibilitychange-to-visible; stops when asked', () => {
  const doc = Object.assign(new EventTarget(), { visibilityState: 'hidden' });
  const win = Object.assign(new EventTarget(), { document: doc });
  const seen: WakeReason[] = [];
  const stop = watchEnvironment((r) => seen.push(r), win);
  win.dispatchEvent(new Event('online'));
  win.dispatchEvent(new Event('pageshow'));
  doc.dispatchEvent(new Event('visibilitychange')); // hidden: not a wake-up
  doc.visibilityState = 'visible';
  doc.dispatchEvent(new Event('visibilitychange'));
  assert.deepEqual(seen, ['online', 'pageshow', 'visible']);
  stop();
  win.dispatchEvent(new Event('online'));
  doc.dispatchEvent(new Event('visibilitychange'));
  assert.equal(seen.length, 3);
});

test('is a no-op where there is no window (Node)', () => {
  const stop = watchEnvironment(() => assert.fail('no wake-ups in Node'), {});
  stop();
  // And the real Node global has no addEventListener: nothing to watch.
  watchEnvironment(() => assert.fail('no wake-ups in Node'))();
});

test('offline only when navigator.onLine is false (absent in Node: never offline)', () => {
  assert.equal(isOffline({ navigator: { onLine: false } }), true);
  assert.equal(isOffline({ navigator: { onLine: true } }), false);
  assert.equal(isOffline({}), false);
  assert.equal(isOffline(), false);
});
