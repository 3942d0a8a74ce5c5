// The idle probe on a real path: nginx with proxy_read_timeout 2s in front of the origin.
// A silent connection must be cut after ≈2 s (IDLE_TIMEOUT), the server's 20 s heartbeat
// flagged as too slow for it (HEARTBEAT_INSUFFICIENT), and a heartbeat at half the cut must
// keep a second connection alive past it. A ping from the server during the silence restarts
// the proxy's timer: the cut is still read as 2 s. Progress lines go to stderr while it waits.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { findBinary, freePort, IN_CI, type LabProxy } from '../lab/index.js';
import { startOrigin, type LabOrigin } from './doctor/origin.js';
import { assertCutNear, finding, runDoctorCli, startNginxFront } from './doctor/lab.js';

const ORIGIN = '127.0.0.10';
const FRONT = '127.0.0.13';
if (!findBinary('nginx') && IN_CI) throw new Error('nginx not installed');
const skip = findBinary('nginx') ? false : 'nginx not installed (apt-get install -y nginx)';

let origin: LabOrigin;
let nginx: LabProxy;

before(async () => {
  if (skip) return;
  origin = await startOrigin({ host: ORIGIN, heartbeatMs: 20_000 });
  nginx = await startNginxFront('read-timeout-2s', FRONT, await freePort(FRONT), `${ORIGIN}:${origin.port}`);
});

after(async () => {
  await nginx?.stop();
  await origin?.stop();
});

test('nginx proxy_read_timeout 2s: the cut is measured, the slow heartbeat flagged, half the cut proven to work', { skip }, async (t) => {
  const run = await runDoctorCli([`ws://${FRONT}:${nginx.port}/api/ws/chat`, '--token', origin.token, '--timeout', '3s', '--idle', '8s']);
  assert.equal(run.code, 1, run.stdout);
  assert.deepEqual(run.codes, ['HEARTBEAT_INSUFFICIENT', 'IDLE_TIMEOUT', 'PLAINTEXT_WS']);
  const idle = finding(run, 'IDLE_TIMEOUT');
  t.diagnostic(`idle probe: ${assertCutNear(idle.data, 2000)}`);
  assert.equal(idle.data.closeCode, 1006);
  assert.equal(idle.data.proxy, 'nginx');
  assert.match(idle.remedy, /proxy_read_timeout/);
  assert.match(idle.remedy, /nginx\.ingress\.kubernetes\.io\/proxy-read-timeout/);
  assert.equal(finding(run, 'HEARTBEAT_INSUFFICIENT').data.heartbeatIntervalMs, 20_000);
  assert.equal(run.report.facts.idle?.heartbeatSurvived, true, 'a heartbeat at half the cut keeps the connection alive');
  // Held to the full --idle, the check would take 8 s plus the heartbeat proof (3 s).
  const idleCheck = run.report.checks.find((c) => c.id === 'idle')!;
  assert.ok(idleCheck.durationMs < 8000 + 2000 + 1000, `stops waiting once the cut is seen (the check took ${idleCheck.durationMs} ms)`);
  assert.match(run.stderr, /idle \(main\): silent connection \d+ s \/ 8 s/);
  assert.equal(run.report.checklist.find((i) => i.id === 'heartbeat')?.status, 'fail');
});

test('straight to the origin nothing cuts a silent connection within --idle', { skip }, async () => {
  const run = await runDoctorCli([`ws://${ORIGIN}:${origin.port}/api/ws/chat`, '--token', origin.token, '--timeout', '3s', '--idle', '2500ms']);
  assert.equal(run.code, 0, run.stdout);
  assert.deepEqual(run.codes, ['PLAINTEXT_WS']);
  assert.equal(run.report.checks.find((c) => c.id === 'idle')?.status, 'pass');
  assert.equal(run.report.facts.idle?.closedAfterMs, null);
});

test('a server ping inside the silence restarts nginx\'s timer: the cut is timed from the last byte, not from the open', { skip }, async (t) => {
  // wsgate's first ping comes at a random moment of its interval; this origin (hello and pong
  // like wsgate) sends its one protocol ping 1.6 s after each open, so nginx cuts 3.6 s after
  // the open, 2 s after the ping.
  const wss = new WebSocketServer({ host: ORIGIN, port: 0 });
  wss.on('connection', (ws) => {
    ws.send(JSON.stringify({ type: 'hello', protocol: 1, session: 's', user: { id: 'alice' }, heartbeat: { interval: 20_000, timeout: 40_000 } }));
    ws.on('message', (m) => String(m) === 'ping' && ws.send('pong'));
    const timer = setTimeout(() => ws.ping(), 1600);
    ws.on('close', () => clearTimeout(timer));
  });
  await new Promise((r) => wss.once('listening', r));
  const front = await startNginxFront('read-timeout-2s', FRONT, await freePort(FRONT), `${ORIGIN}:${(wss.address() as AddressInfo).port}`);
  t.after(async () => {
    await front.stop();
    for (const c of wss.clients) c.terminate();
    await new Promise((r) => wss.close(r));
  });
  const run = await runDoctorCli([`ws://${FRONT}:${front.port}/`, '--timeout', '3s', '--idle', '6s']);
  const idle = finding(run, 'IDLE_TIMEOUT');
  t.diagnostic(`idle probe: ${assertCutNear(idle.data, 2000)}`);
  const openFor = Number(idle.data.openForMs);
  assert.ok(Math.abs(openFor - 3600) <= 360 + Number(idle.data.cutUncertaintyMs), `open for ${openFor} ms before the cut, expected ≈3600`);
});

test('a server ping within 300 ms of the open does not restart nginx\'s lazy timer: the reading says the cut may be that much longer', { skip }, async (t) => {
  // nginx moves a pending timer only when the new expiry differs by ≥ 300 ms (NGX_TIMER_LAZY_DELAY,
  // docs/doctor.md "Lazy timers"): wsgate's first ping 250 ms after the open leaves the 2 s timer
  // where the open set it, so nginx cuts 2 s after the open, 1.75 s after the ping.
  const early = await startOrigin({ host: ORIGIN, heartbeatMs: 20_000, firstPingMs: 250 });
  const front = await startNginxFront('read-timeout-2s', FRONT, await freePort(FRONT), `${ORIGIN}:${early.port}`);
  t.after(async () => {
    await front.stop();
    await early.stop();
  });
  const run = await runDoctorCli([`ws://${FRONT}:${front.port}/api/ws/chat`, '--token', early.token, '--timeout', '3s', '--idle', '6s']);
  const idle = finding(run, 'IDLE_TIMEOUT');
  t.diagnostic(`idle probe: ${assertCutNear(idle.data, 2000)}, lazy timer ${String(idle.data.lazyTimerMs)} ms`);
  const openFor = Number(idle.data.openForMs);
  const lazy = Number(idle.data.lazyTimerMs);
  assert.ok(Math.abs(openFor - 2000) <= 200 + Number(idle.data.cutUncertaintyMs), `open for ${openFor} ms: nginx timed the cut from the open`);
  assert.ok(lazy >= 200 && lazy < 300, `the ping ${lazy} ms after the open is named as uncounted by a lazy timer`);
  // Each of the three is rounded on its own: equal within 1 ms.
  const sinceOpen = Number(idle.data.closedAfterMs) + lazy;
  assert.ok(Math.abs(sinceOpen - openFor) <= 1, `the silence after the ping plus the uncounted ${lazy} ms is the silence after the open (${sinceOpen} vs ${openFor})`);
  assert.match(idle.message, /nginx does not count/);
  assert.equal(run.report.facts.idle?.heartbeatSurvived, true);
});
