import { test } from 'node:test';
import assert from 'node:assert/strict';
import { flushAtTurnEnd } from './write-batch.js';

test('flushAtTurnEnd flushes each target once, after the current turn, not during it', async () => {
  const flushed: string[] = [];
  flushAtTurnEnd({ flushWrites: () => flushed.push('a') });
  flushAtTurnEnd({ flushWrites: () => flushed.push('b') });
  await Promise.resolve();
  assert.deepEqual(flushed, [], 'nothing is flushed before the turn ends (microtasks included)');
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(flushed, ['a', 'b']);
});

test('a target that throws does not stop the others from being flushed', async () => {
  const flushed: string[] = [];
  flushAtTurnEnd({ flushWrites: () => { throw new Error('socket gone'); } });
  flushAtTurnEnd({ flushWrites: () => flushed.push('ok') });
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(flushed, ['ok']);
});
