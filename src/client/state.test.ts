import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canTransition, TRANSITIONS, type State } from './state.js';

test('the transition table: only the edges of the diagram', () => {
  const states: State[] = ['closed', 'connecting', 'open', 'reconnecting'];
  const allowed = states.flatMap((a) => states.filter((b) => canTransition(a, b)).map((b) => `${a}→${b}`));
  assert.deepEqual(allowed.sort(), [
    'closed→connecting',
    'connecting→closed',
    'connecting→open',
    'connecting→reconnecting',
    'open→closed',
    'open→open',
    'open→reconnecting',
    'reconnecting→closed',
    'reconnecting→connecting',
  ]);
  // Nothing goes straight from open to connecting: a lost connection always passes through the backoff state.
  assert.equal(canTransition('open', 'connecting'), false);
  assert.equal(Object.keys(TRANSITIONS).length, 4);
});
