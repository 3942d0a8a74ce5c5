// TLS on the path: a wss:// origin with a self-signed certificate made here with the openssl
// CLI. Untrusted → TLS_UNTRUSTED (exit 1, later steps skipped); trusted with --ca → clean;
// --insecure → a warning and the rest of the path checked; a certificate for another name →
// TLS_HOSTNAME_MISMATCH.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findBinary, IN_CI, tempDir } from '../lab/index.js';
import { startOrigin, type LabOrigin } from './doctor/origin.js';
import { finding, runDoctorCli } from './doctor/lab.js';

const HOST = '127.0.0.19';
const OTHER = '127.0.0.20';
const openssl = findBinary('openssl');
if (!openssl && IN_CI) throw new Error('openssl not installed');
const skip = openssl ? false : 'openssl not installed (apt-get install -y openssl)';

const dir = tempDir('doctor-tls');
let right: LabOrigin;
let wrongName: LabOrigin;

function selfSigned(name: string, san: string): { key: string; cert: string; certPath: string } {
  const key = join(dir.dir, `${name}.key`);
  const certPath = join(dir.dir, `${name}.pem`);
  const r = spawnSync(openssl!, ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', certPath, '-days', '365', '-subj', `/CN=${name}`, '-addext', `subjectAltName=${san}`], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`openssl failed: ${r.stderr}`);
  return { key: readFileSync(key, 'utf8'), cert: readFileSync(certPath, 'utf8'), certPath };
}

let rightCert: string;
let wrongCert: string;

before(async () => {
  if (skip) return;
  const a = selfSigned('lab-ip', `IP:${HOST}`);
  const b = selfSigned('other', 'DNS:other.lab.test');
  rightCert = a.certPath;
  wrongCert = b.certPath;
  right = await startOrigin({ host: HOST, tls: { key: a.key, cert: a.cert } });
  wrongName = await startOrigin({ host: OTHER, tls: { key: b.key, cert: b.cert } });
});

after(async () => {
  await right?.stop();
  await wrongName?.stop();
  dir.remove();
});

test('self-signed and not trusted: TLS_UNTRUSTED, the upgrade is not attempted', { skip }, async () => {
  const run = await runDoctorCli([`wss://${HOST}:${right.port}/api/ws/chat`, '--token', right.token, '--timeout', '3s']);
  assert.equal(run.code, 1);
  assert.deepEqual(run.codes, ['TLS_UNTRUSTED']);
  assert.match(String(finding(run, 'TLS_UNTRUSTED').data.reason), /SELF_SIGNED/);
  assert.equal(run.report.checks.find((c) => c.id === 'upgrade')?.status, 'skip');
  assert.equal(run.report.checklist.find((i) => i.id === 'https')?.status, 'fail');
});

test('trusted with --ca: the whole wss path passes', { skip }, async () => {
  const run = await runDoctorCli([`wss://${HOST}:${right.port}/api/ws/chat`, '--token', right.token, '--timeout', '3s', '--ca', rightCert]);
  assert.equal(run.code, 0, run.stdout);
  assert.deepEqual(run.codes, []);
  assert.equal(run.report.facts.tls?.authorized, true);
  assert.equal(run.report.facts.tls?.alpn, 'http/1.1');
  assert.equal(run.report.checks.find((c) => c.id === 'app')?.status, 'pass');
});

test('--insecure: the trust problem becomes a warning and the rest is checked', { skip }, async () => {
  const run = await runDoctorCli([`wss://${HOST}:${right.port}/api/ws/chat`, '--token', right.token, '--timeout', '3s', '--insecure']);
  assert.equal(run.code, 0);
  assert.deepEqual(run.codes, ['TLS_UNTRUSTED']);
  assert.equal(finding(run, 'TLS_UNTRUSTED').severity, 'warning');
  assert.equal(run.report.checks.find((c) => c.id === 'app')?.status, 'pass');
});

test('a certificate for another name: TLS_HOSTNAME_MISMATCH', { skip }, async () => {
  const run = await runDoctorCli([`wss://${OTHER}:${wrongName.port}/api/ws/chat`, '--token', wrongName.token, '--timeout', '3s', '--ca', wrongCert]);
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
