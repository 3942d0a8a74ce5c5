import { test, mock } from 'node:test';
import assert from 'node:assert/strict';
import { Heartbeat } from './heartbeat.js';

test('first ping at a random point of the interval, then one per interval after each pong', () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  try {
    let now = 0;
    const pings: number[] = [];
    const rtts: number[] = [];
    let timeouts = 0;
    const hb = new Heartbeat(
      { ping: () => pings.push(now), onRtt: (ms) => rtts.push(ms), onTimeout: () => timeouts++ },
      { intervalMs: 1000, timeoutMs: 500, random: () => 0.25, now: () => now },
    );
    hb.start();
    const tick = (ms: number) => {
      now += ms;
      mock.timers.tick(ms);
    };
    tick(249);
    assert.deepEqual(pings, []);
    tick(1);
    assert.deepEqual(pings, [250]);
    tick(30);
    hb.pong();
    assert.deepEqual(rtts, [30]);
    tick(1000);
    assert.deepEqual(pings, [250, 1280]);
    // No pong this time: the timeout fires once and the heartbeat stops.
    tick(500);
    assert.equal(timeouts, 1);
    tick(5000);
    assert.equal(pings.length, 2);
    hb.pong(); // a late pong changes nothing
    assert.equal(rtts.length, 1);
  } finally {
    mock.timers.reset();
  }
});

test('unsolicited pongs are ignored; stop() cancels everything', () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  try {
    let pings = 0;
    let timeouts = 0;
    const hb = new Heartbeat({ ping: () => pings++, onRtt: () => assert.fail('no RTT without a ping'), onTimeout: () => timeouts++ }, { intervalMs: 100, timeoutMs: 100, random: () => 0 });
    hb.pong();
    hb.start();
    hb.stop();
    mock.timers.tick(1000);
    assert.equal(pings, 0);
    assert.equal(timeouts, 0);
  } finally {
    mock.timers.reset();
  }
});
