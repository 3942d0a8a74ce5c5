import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WriteBatcher } from './write-batch.js';

test('flushAtTurnEnd flushes each target once, after the current turn, not during it', async () => {
  const batcher = new WriteBatcher();
  const flushed: string[] = [];
  batcher.flushAtTurnEnd({ flushWrites: () => flushed.push('a') });
  batcher.flushAtTurnEnd({ flushWrites: () => flushed.push('b') });
  await Promise.resolve();
  assert.deepEqual(flushed, [], 'nothing is flushed before the turn ends (microtasks included)');
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(flushed, ['a', 'b']);
});

test('a target that throws does not stop the others from being flushed', async () => {
  const batcher = new WriteBatcher();
  const flushed: string[] = [];
  batcher.flushAtTurnEnd({ flushWrites: () => { throw new Error('socket gone'); } });
  batcher.flushAtTurnEnd({ flushWrites: () => flushed.push('ok') });
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(flushed, ['ok']);
});

test('two batchers (two servers in one process) flush independently', async () => {
  const a = new WriteBatcher();
  const b = new WriteBatcher();
  const flushed: string[] = [];
  a.flushAtTurnEnd({ flushWrites: () => flushed.push('a') });
  b.flushAtTurnEnd({ flushWrites: () => flushed.push('b') });
  b.flushAll();
  assert.deepEqual(flushed, ['b'], 'flushing one server does not flush the other');
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(flushed, ['b', 'a']);
});
