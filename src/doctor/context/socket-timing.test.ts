// The socket's own time stamps: the silence before a cut is counted from the last byte, and
// traffic sooner than 300 ms after the last counted traffic is kept apart, because a lazy timer
// (nginx, docs/doctor.md "Lazy timers") does not restart on it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import type { LoopLag } from './loop-lag.js';
import { SocketTiming } from './socket-timing.js';

const quiet: LoopLag = { acquire: () => () => undefined, staleness: () => 0, lagNow: () => 0 };

function timed(): { at: (ms: number) => void; data: () => void; end: () => void; timing: SocketTiming } {
  let clock = 0;
  const socket = new EventEmitter();
  const timing = new SocketTiming(() => clock, quiet);
  timing.attach(socket as unknown as Socket);
  timing.opened();
  return { at: (ms) => (clock = ms), data: () => socket.emit('data', Buffer.from('x')), end: () => socket.emit('end'), timing };
}

test('traffic 250 ms after the open is not counted by a lazy timer; traffic 300 ms or more after the last counted traffic is', () => {
  const s = timed();
  s.at(5);
  s.data(); // the hello
  s.at(250);
  s.data(); // a ping inside nginx's lazy window
  s.at(2000);
  s.end();
  const early = s.timing.snapshot();
  assert.equal(early.lastTrafficAt, 250);
  assert.equal(early.lazyRestartAt, 0, 'the open is the last restart a lazy timer surely made');

  // nginx compares with its timer's last restart, not with the last byte.
  const t = timed();
  t.at(400);
  t.data(); // 400 ms after the open: restarts
  t.at(650);
  t.data(); // 250 ms after that restart: does not
  t.at(720);
  t.timing.sent(); // 320 ms after the restart at 400, though 70 ms after the last byte: restarts
  assert.equal(t.timing.snapshot().lazyRestartAt, 720);
  t.at(900);
  t.data(); // 180 ms after 720: does not
  const later = t.timing.snapshot();
  assert.equal(later.lastTrafficAt, 900);
  assert.equal(later.lazyRestartAt, 720);
});
