import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SendSequencer } from './send-sequencer.js';

function setup(options = {}) {
  const applied: string[] = [];
  const seq = new SendSequencer((frames) => applied.push(...frames), options);
  return { seq, applied };
}

test('sends apply in seq order; a retried seq is a duplicate and is not applied twice', async () => {
  const { seq, applied } = setup();
  assert.equal(await seq.receive(1, ['a']), 'applied');
  assert.equal(await seq.receive(1, ['a']), 'duplicate');
  assert.equal(await seq.receive(2, ['b', 'c']), 'applied');
  assert.deepEqual(applied, ['a', 'b', 'c']);
  assert.equal(seq.next, 3);
});

test('two sends in flight arriving out of order are applied in order', async () => {
  const { seq, applied } = setup();
  const second = seq.receive(2, ['b']);
  const retryOfSecond = seq.receive(2, ['b']);
  assert.deepEqual(applied, [], 'seq 2 waits for seq 1');
  assert.equal(await seq.receive(1, ['a']), 'applied');
  assert.equal(await second, 'applied');
  assert.equal(await retryOfSecond, 'duplicate');
  assert.deepEqual(applied, ['a', 'b']);
});

test('a gap that never fills is answered "gap" after holdMs, and nothing after it is applied', async () => {
  const { seq, applied } = setup({ holdMs: 20 });
  assert.equal(await seq.receive(3, ['c']), 'gap');
  assert.deepEqual(applied, []);
  assert.equal(seq.next, 1);
});

test('at most maxHeld sends wait; clear() answers the waiting ones', async () => {
  const { seq } = setup({ maxHeld: 1 });
  const waiting = seq.receive(5, ['e']);
  assert.equal(await seq.receive(6, ['f']), 'gap');
  seq.clear();
  assert.equal(await waiting, 'gap');
});
