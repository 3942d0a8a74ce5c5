import { test } from 'node:test';
import assert from 'node:assert/strict';
import { channelMatcher } from './glob.js';

test('globs: * spans any characters (colons too), ? exactly one, the rest is literal', () => {
  const m = channelMatcher(['ai:*', 'support:?', 'room.lobby']);
  assert.equal(m('ai:alice:1'), true);
  assert.equal(m('ai:'), true);
  assert.equal(m('xai:alice'), false, 'anchored at the start');
  assert.equal(m('support:7'), true);
  assert.equal(m('support:77'), false);
  assert.equal(m('room.lobby'), true);
  assert.equal(m('roomXlobby'), false, 'a dot is a dot, not any character');
});

test('globs: an empty list matches nothing, "*" everything', () => {
  assert.equal(channelMatcher([])('ai:x'), false);
  assert.equal(channelMatcher(['', ' '])('ai:x'), false);
  assert.equal(channelMatcher(['*'])('anything/at@all'), true);
});
