// HAProxy in the path: after the upgrade `timeout tunnel` is the idle limit (docs/facts.md), and a
// dead backend gives HAProxy's own 503 page, which the doctor must read as a gateway failure
// and answer with HAProxy's settings.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { findBinary, freePort, IN_CI } from '../lab/index.js';
import { startOrigin, type LabOrigin } from './doctor/origin.js';
import { assertCutNear, finding, runDoctorCli, startHaproxyFront } from './doctor/lab.js';

const ORIGIN = '127.0.0.10';
if (!findBinary('haproxy') && IN_CI) throw new Error('haproxy not installed');
const skip = findBinary('haproxy') ? false : 'haproxy not installed (apt-get install -y haproxy)';

let origin: LabOrigin;
const stops: Array<() => Promise<void>> = [];

before(async () => {
  if (skip) return;
  origin = await startOrigin({ host: ORIGIN, heartbeatMs: 20_000 });
  stops.push(() => origin.stop());
});
after(async () => {
  for (const stop of stops.reverse()) await stop().catch(() => {});
});

test('HAProxy timeout tunnel 2s: the idle cut is measured, the heartbeat flagged, HAProxy named in the fix', { skip }, async (t) => {
  const host = '127.0.0.21';
  const proxy = await startHaproxyFront(host, await freePort(host), `${ORIGIN}:${origin.port}`, '2s');
  stops.push(() => proxy.stop());
  const run = await runDoctorCli([`ws://${host}:${proxy.port}/api/ws/chat`, '--token', origin.token, '--timeout', '3s', '--idle', '6s']);
  assert.equal(run.code, 1, run.stdout);
  assert.deepEqual(run.codes, ['HEARTBEAT_INSUFFICIENT', 'IDLE_TIMEOUT', 'PLAINTEXT_WS']);
  const idle = finding(run, 'IDLE_TIMEOUT');
  t.diagnostic(`idle probe: ${assertCutNear(idle.data, 2000)}`);
  assert.match(idle.remedy, /timeout tunnel/);
  assert.equal(run.report.facts.idle?.heartbeatSurvived, true);
});

test('HAProxy with its backend down: its 503 page is read as bad-gateway, with HAProxy advice', { skip }, async () => {
  const host = '127.0.0.22';
  const proxy = await startHaproxyFront(host, await freePort(host), `${ORIGIN}:${await freePort(ORIGIN)}`);
  stops.push(() => proxy.stop());
  const run = await runDoctorCli([`ws://${host}:${proxy.port}/api/ws/chat`, '--token', origin.token, '--timeout', '3s']);
  assert.equal(run.code, 1, run.stdout);
  // The backend is down for the SSE fallback too.
  assert.deepEqual(run.codes, ['FALLBACK_UNAVAILABLE', 'HANDSHAKE_REJECTED', 'PLAINTEXT_WS']);
  const f = finding(run, 'HANDSHAKE_REJECTED');
  assert.equal(f.data.status, 503);
  assert.equal(f.data.cause, 'bad-gateway');
  assert.equal(run.report.proxy, 'haproxy');
  assert.match(f.remedy, /HAProxy has no healthy server/);
});
