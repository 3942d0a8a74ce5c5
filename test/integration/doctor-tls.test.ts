// TLS on the path: nginx terminating wss:// in front of wsgate serve, with self-signed
// certificates made here with the openssl CLI. Untrusted → TLS_UNTRUSTED (exit 1, later steps skipped); trusted with --ca → clean;
// --insecure → a warning and the rest of the path checked; a certificate for another name →
// TLS_HOSTNAME_MISMATCH.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findBinary, freePort, IN_CI, tempDir, type LabProxy } from '../lab/index.js';
import { startOrigin, type LabOrigin } from './doctor/origin.js';
import { finding, runDoctorCli, startNginxTls } from './doctor/lab.js';

const HOST = '127.0.0.19';
const OTHER = '127.0.0.20';
const openssl = findBinary('openssl');
const missing = [openssl ? '' : 'openssl', findBinary('nginx') ? '' : 'nginx'].filter(Boolean);
if (missing.length && IN_CI) throw new Error(`${missing.join(', ')} not installed`);
const skip = missing.length ? `${missing.join(', ')} not installed (apt-get install -y ${missing.join(' ')})` : false;

const dir = tempDir('doctor-tls');
let origin: LabOrigin;
let right: LabProxy;
let wrongName: LabProxy;

function selfSigned(name: string, san: string): { keyPath: string; certPath: string } {
  const key = join(dir.dir, `${name}.key`);
  const certPath = join(dir.dir, `${name}.pem`);
  const r = spawnSync(openssl!, ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', certPath, '-days', '365', '-subj', `/CN=${name}`, '-addext', `subjectAltName=${san}`], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`openssl failed: ${r.stderr}`);
  assert.match(readFileSync(certPath, 'utf8'), /BEGIN CERTIFICATE/);
  return { keyPath: key, certPath };
}

let rightCert: string;
let wrongCert: string;

before(async () => {
  if (skip) return;
  const a = selfSigned('lab-ip', `IP:${HOST}`);
  const b = selfSigned('other', 'DNS:other.lab.test');
  rightCert = a.certPath;
  wrongCert = b.certPath;
  origin = await startOrigin({ host: '127.0.0.10' });
  const upstream = `127.0.0.10:${origin.port}`;
  right = await startNginxTls(HOST, await freePort(HOST), upstream, a);
  wrongName = await startNginxTls(OTHER, await freePort(OTHER), upstream, b);
});

after(async () => {
  await right?.stop();
  await wrongName?.stop();
  await origin?.stop();
  dir.remove();
});

test('self-signed and not trusted: TLS_UNTRUSTED, the upgrade is not attempted', { skip }, async () => {
  const run = await runDoctorCli([`wss://${HOST}:${right.port}/api/ws/chat`, '--token', origin.token, '--timeout', '3s']);
  assert.equal(run.code, 1);
  assert.deepEqual(run.codes, ['TLS_UNTRUSTED']);
  assert.match(String(finding(run, 'TLS_UNTRUSTED').data.reason), /SELF_SIGNED/);
  assert.equal(run.report.checks.find((c) => c.id === 'upgrade')?.status, 'skip');
  assert.equal(run.report.checklist.find((i) => i.id === 'https')?.status, 'fail');
});

test('trusted with --ca: the whole wss path passes', { skip }, async () => {
  const run = await runDoctorCli([`wss://${HOST}:${right.port}/api/ws/chat`, '--token', origin.token, '--timeout', '3s', '--ca', rightCert]);
  assert.equal(run.code, 0, run.stdout);
  assert.deepEqual(run.codes, []);
  assert.equal(run.report.facts.tls?.authorized, true);
  assert.equal(run.report.facts.tls?.alpn, 'http/1.1');
  assert.equal(run.report.checks.find((c) => c.id === 'app')?.status, 'pass');
});

test('--insecure: the trust problem becomes a warning and the rest is checked', { skip }, async () => {
  const run = await runDoctorCli([`wss://${HOST}:${right.port}/api/ws/chat`, '--token', origin.token, '--timeout', '3s', '--insecure']);
  assert.equal(run.code, 0);
  assert.deepEqual(run.codes, ['TLS_UNTRUSTED']);
  assert.equal(finding(run, 'TLS_UNTRUSTED').severity, 'warning');
  assert.equal(run.report.checks.find((c) => c.id === 'app')?.status, 'pass');
});

test('a certificate for another name: TLS_HOSTNAME_MISMATCH', { skip }, async () => {
  const run = await runDoctorCli([`wss://${OTHER}:${wrongName.port}/api/ws/chat`, '--token', origin.token, '--timeout', '3s', '--ca', wrongCert]);
  assert.equal(run.code, 1);
  assert.deepEqual(run.codes, ['TLS_HOSTNAME_MISMATCH']);
  assert.match(String(finding(run, 'TLS_HOSTNAME_MISMATCH').data.altNames), /other\.lab\.test/);
});

test('wss:// to a plain-HTTP port: TLS_FAILED', { skip }, async () => {
  const plain = await startOrigin({ host: HOST });
  try {
    const run = await runDoctorCli([`wss://${HOST}:${plain.port}/api/ws/chat`, '--timeout', '2s']);
    assert.equal(run.code, 1);
    assert.deepEqual(run.codes, ['TLS_FAILED']);
  } finally {
    await plain.stop();
  }
});
