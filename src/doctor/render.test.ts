import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fakeIO, answer } from './context/fake.js';
import { formatCountdown, formatProgress, renderDoctorHuman } from './render.js';
import { runDoctor } from './run.js';

const DNS = { 'ws.example.com': { cnames: [], addresses: ['203.0.113.7'] } };

test('human report: steps with times, findings with remedies, checklist, verdict; colour only when asked', async () => {
  const report = await runDoctor({ url: 'wss://ws.example.com/api/ws/chat', timeoutMs: 1000 }, fakeIO({ dns: DNS, upgrade: { '*': answer(426, { server: 'nginx' }) } }));
  const plain = renderDoctorHuman(report);
  assert.match(plain, /^wsgate doctor wss:\/\/ws\.example\.com\/api\/ws\/chat\n/);
  assert.match(plain, /✔ TCP +\d+ ms/);
  assert.match(plain, /✖ HTTP upgrade +\d+ ms +426/);
  assert.match(plain, /- App \(hello, ping\/pong\) +skipped: upgrade failed/);
  assert.match(plain, /error +HANDSHAKE_REJECTED .*\n +→ nginx: /);
  assert.match(plain, /✖ K3s Ingress 已配置 WebSocket 支持/);
  assert.match(plain, /FAIL at the proxy \/ ingress \(nginx\): 1 error\n$/);
  assert.deepEqual(report.where, { hop: 'proxy', label: 'the proxy / ingress' });
  assert.doesNotMatch(plain, /\u001b\[/);
  assert.match(renderDoctorHuman(report, { color: true }), /\u001b\[31m/);
});

test('origin findings that repeat the main path are not shown twice', async () => {
  const report = await runDoctor(
    { url: 'ws://ws.example.com/api/ws/chat?token=t', timeoutMs: 1000, origin: { host: '198.51.100.1' } },
    fakeIO({ dns: DNS, upgrade: { '203.0.113.7': answer(502) } }),
  );
  const text = renderDoctorHuman(report);
  assert.match(text, /Origin \(bypassing the CDN\) via 198\.51\.100\.1/);
  assert.equal(text.match(/TOKEN_IN_URL/g)?.length, 1);
  assert.doesNotMatch(text, /Findings only on the origin path/);
});

test('progress lines and the TTY countdown', () => {
  const e = { path: 'main', check: 'idle', message: 'silent connection', elapsedMs: 12_400, totalMs: 120_000 };
  assert.equal(formatProgress(e), 'idle (main): silent connection 12 s / 120 s (108 s left)');
  assert.equal(formatCountdown([e, { ...e, path: 'origin', elapsedMs: 3000 }]), 'idle probe  main: silent connection 12/120 s  ·  origin: silent connection 3/120 s');
});
