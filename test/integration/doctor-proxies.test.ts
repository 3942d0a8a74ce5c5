// wsgate doctor against real servers on loopback: the origin straight, nginx in front of it
// the right way, without the Upgrade headers, and answering 502; a closed port; a server that
// never answers; a bad token. Each must give exactly the right finding codes and exit code.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { freePort, requireBinary, type LabProxy } from '../lab/index.js';
import { startOrigin, type LabOrigin } from './doctor/origin.js';
import { finding, runDoctorCli, startBlackHole, startNginxFront } from './doctor/lab.js';

const ORIGIN = '127.0.0.10';
let origin: LabOrigin;
const stops: Array<() => Promise<void>> = [];

before(async () => {
  origin = await startOrigin({ host: ORIGIN });
  stops.push(() => origin.stop());
});
after(async () => {
  for (const stop of stops.reverse()) await stop().catch(() => {});
});

async function nginx(t: import('node:test').TestContext, flavour: Parameters<typeof startNginxFront>[0], host: string, upstream = `${ORIGIN}:${origin.port}`): Promise<LabProxy | null> {
  if (!requireBinary('nginx', t)) return null;
  const n = await startNginxFront(flavour, host, await freePort(host), upstream);
  stops.push(() => n.stop());
  return n;
}

test('straight to the origin: all steps pass, exit 0', async () => {
  const run = await runDoctorCli([`ws://${ORIGIN}:${origin.port}/api/ws/chat`, '--token', origin.token, '--timeout', '3s']);
  assert.equal(run.code, 0, run.stdout);
  assert.deepEqual(run.codes, ['PLAINTEXT_WS']);
  const status = Object.fromEntries(run.report.checks.map((c) => [c.id, c.status]));
  assert.deepEqual(status, { url: 'pass', dns: 'pass', tcp: 'pass', tls: 'skip', upgrade: 'pass', fallback: 'skip', cdn: 'pass', app: 'pass', auth: 'pass', idle: 'skip' });
  assert.equal(run.report.facts.hello?.user, 'alice');
  assert.equal(run.report.facts.pong, true);
});

test('nginx configured right: 101 through the proxy, the proxy is named', async (t) => {
  const n = await nginx(t, 'right', '127.0.0.11');
  if (!n) return;
  const run = await runDoctorCli([`ws://${n.host}:${n.port}/api/ws/chat?token=${origin.token}`, '--timeout', '3s']);
  assert.equal(run.code, 0, run.stdout);
  assert.deepEqual(run.codes, ['PLAINTEXT_WS', 'TOKEN_IN_URL']);
  assert.equal(run.report.proxy, 'nginx');
  assert.doesNotMatch(run.stdout, new RegExp(`token=${origin.token}\\b`), 'the token is redacted from the report');
});

test('nginx without the Upgrade headers: HANDSHAKE_REJECTED upgrade-not-forwarded, with the nginx fix', async (t) => {
  const n = await nginx(t, 'no-upgrade', '127.0.0.12');
  if (!n) return;
  const run = await runDoctorCli([`ws://${n.host}:${n.port}/api/ws/chat`, '--token', origin.token, '--timeout', '3s']);
  assert.equal(run.code, 1);
  // wsgate behind it: the SSE fallback works through the same nginx.
  assert.deepEqual(run.codes, ['FALLBACK_WORKS', 'HANDSHAKE_REJECTED', 'PLAINTEXT_WS']);
  const f = finding(run, 'HANDSHAKE_REJECTED');
  assert.equal(f.data.status, 426);
  assert.equal(f.data.cause, 'upgrade-not-forwarded');
  assert.equal(f.data.proxy, 'nginx');
  assert.match(f.remedy, /proxy_set_header Upgrade \$http_upgrade/);
  assert.equal(run.report.checklist.find((i) => i.id === 'ingress')?.status, 'fail');
});

test('nginx with its upstream down: HANDSHAKE_REJECTED bad-gateway', async (t) => {
  const deadPort = await freePort(ORIGIN);
  const n = await nginx(t, 'right', '127.0.0.14', `${ORIGIN}:${deadPort}`);
  if (!n) return;
  const run = await runDoctorCli([`ws://${n.host}:${n.port}/api/ws/chat`, '--token', origin.token, '--timeout', '3s']);
  assert.equal(run.code, 1);
  const f = finding(run, 'HANDSHAKE_REJECTED');
  assert.equal(f.data.status, 502);
  assert.equal(f.data.cause, 'bad-gateway');
  assert.match(f.remedy, /upstream/);
  assert.equal(run.report.checklist.find((i) => i.id === 'app')?.status, 'fail');
});

test('an http → https redirect on the upgrade: HANDSHAKE_REDIRECT with the Location', async (t) => {
  const n = await nginx(t, 'redirect-https', '127.0.0.25');
  if (!n) return;
  // An IP URL with a Host header: no lookup leaves loopback.
  const run = await runDoctorCli([`ws://${n.host}:${n.port}/api/ws/chat`, '--header', 'Host: ws.lab.test', '--timeout', '3s']);
  assert.equal(run.code, 1);
  assert.deepEqual(run.codes, ['HANDSHAKE_REDIRECT', 'PLAINTEXT_WS']);
  const f = finding(run, 'HANDSHAKE_REDIRECT');
  assert.equal(f.data.status, 301);
  assert.equal(f.data.location, 'https://ws.lab.test/api/ws/chat');
});

test('a path nothing serves: HANDSHAKE_REJECTED not-found', async () => {
  const run = await runDoctorCli([`ws://${ORIGIN}:${origin.port}/api/ws/wrong`, '--token', origin.token, '--timeout', '3s']);
  assert.equal(run.code, 1);
  const f = finding(run, 'HANDSHAKE_REJECTED');
  assert.equal(f.data.status, 404);
  assert.equal(f.data.cause, 'not-found');
  assert.match(f.remedy, /check the path/);
});

test('a closed port: TCP_REFUSED, and what it makes impossible is skipped', async () => {
  const port = await freePort('127.0.0.17');
  const run = await runDoctorCli([`ws://127.0.0.17:${port}/api/ws/chat`, '--timeout', '2s']);
  assert.equal(run.code, 1);
  assert.deepEqual(run.codes, ['PLAINTEXT_WS', 'TCP_REFUSED']);
  assert.deepEqual(run.report.checks.filter((c) => c.status === 'skip').map((c) => c.id), ['tls', 'upgrade', 'fallback', 'app', 'auth', 'idle']);
});

test('a server that accepts TCP and never answers: HANDSHAKE_TIMEOUT after --timeout', async () => {
  const hole = await startBlackHole('127.0.0.18');
  stops.push(hole.stop);
  const started = Date.now();
  const run = await runDoctorCli([`ws://127.0.0.18:${hole.port}/api/ws/chat`, '--timeout', '1s']);
  assert.equal(run.code, 1);
  assert.deepEqual(run.codes, ['FALLBACK_UNAVAILABLE', 'HANDSHAKE_TIMEOUT', 'PLAINTEXT_WS']);
  assert.ok(Date.now() - started < 5000, 'bounded by the step timeout');
});

test('a bad token: AUTH_REJECTED with the 4401 close code', async () => {
  const run = await runDoctorCli([`ws://${ORIGIN}:${origin.port}/api/ws/chat?token=wrong`, '--timeout', '3s']);
  assert.equal(run.code, 1);
  assert.deepEqual(run.codes, ['AUTH_REJECTED', 'PLAINTEXT_WS', 'TOKEN_IN_URL']);
  assert.equal(finding(run, 'AUTH_REJECTED').data.closeCode, 4401);
});

test('the human report: a line per step with its time, findings with remedies, the checklist', async () => {
  const run = await runDoctorCli([`ws://${ORIGIN}:${origin.port}/api/ws/chat?token=wrong`, '--timeout', '3s'], { json: false });
  assert.equal(run.code, 1);
  assert.match(run.stdout, /✔ TCP +\d+ ms/);
  assert.match(run.stdout, /✖ Auth /);
  assert.match(run.stdout, /error +AUTH_REJECTED/);
  assert.match(run.stdout, /→ the token is missing, invalid or expired/);
  assert.match(run.stdout, /运维检查清单/);
  assert.match(run.stdout, /FAIL at auth: 1 error/);
  assert.doesNotMatch(run.stdout, /\u001b\[/, 'no colour when not a TTY');
});
