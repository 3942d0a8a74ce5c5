// wsgate doctor in Chinese, as a process with LANG=zh_CN.UTF-8, against a real nginx that
// drops the Upgrade headers: Chinese findings, remedies, headings and checklist, and the same
// codes and exit code as in English. `--json --lang zh-CN` keeps every code, field and value
// but the words; the flag beats the locale.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { hasChinese } from '../../src/i18n/index.js';
import type { DoctorReport } from '../../src/doctor/index.js';
import { freePort, requireBinary, type LabProxy } from '../lab/index.js';
import { startOrigin, type LabOrigin } from './doctor/origin.js';
import { startNginxFront } from './doctor/lab.js';

const ORIGIN = '127.0.0.26';
const PROXY = '127.0.0.27';
const root = fileURLToPath(new URL('../..', import.meta.url));
const entry = fileURLToPath(new URL('./doctor/cli-entry.ts', import.meta.url));
let origin: LabOrigin;
let nginx: LabProxy | null = null;

before(async () => {
  origin = await startOrigin({ host: ORIGIN });
});
after(async () => {
  await nginx?.stop().catch(() => {});
  await origin.stop().catch(() => {});
});

/** Runs `wsgate <args>` as its own process with this environment. */
function wsgate(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], { cwd: root, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Every key path of a JSON value (array items by position). */
function paths(v: unknown, prefix = ''): string[] {
  if (Array.isArray(v)) return v.flatMap((x, i) => paths(x, `${prefix}[${i}]`));
  if (typeof v === 'object' && v !== null) return Object.entries(v).flatMap(([k, x]) => [`${prefix}.${k}`, ...paths(x, `${prefix}.${k}`)]);
  return [];
}

async function nginxWithoutUpgrade(t: import('node:test').TestContext): Promise<LabProxy | null> {
  if (!requireBinary('nginx', t)) return null;
  nginx ??= await startNginxFront('no-upgrade', PROXY, await freePort(PROXY), `${ORIGIN}:${origin.port}`);
  return nginx;
}

test('LANG=zh_CN.UTF-8 wsgate doctor: Chinese findings and remedies, the same codes and exit code', async (t) => {
  const n = await nginxWithoutUpgrade(t);
  if (!n) return;
  const url = `ws://${n.host}:${n.port}/api/ws/chat`;
  const [zh, en] = await Promise.all([
    wsgate(['doctor', url, '--token', origin.token, '--timeout', '3s'], { LANG: 'zh_CN.UTF-8' }),
    wsgate(['doctor', url, '--token', origin.token, '--timeout', '3s'], { LANG: 'en_US.UTF-8' }),
  ]);
  assert.equal(zh.code, 1, zh.stdout + zh.stderr);
  assert.equal(en.code, 1, en.stdout + en.stderr);
  const codes = (s: string) => [...s.matchAll(/\b([A-Z]+_[A-Z_]+)\b/g)].map((m) => m[1]).sort();
  assert.deepEqual(codes(zh.stdout), codes(en.stdout));
  assert.ok(codes(zh.stdout).includes('HANDSHAKE_REJECTED') && codes(zh.stdout).includes('PLAINTEXT_WS'), codes(zh.stdout).join(' '));
  assert.match(zh.stdout, /错误\s+HANDSHAKE_REJECTED {2}升级请求得到 426 Upgrade Required：Upgrade 头没有到达 WebSocket 服务/);
  assert.match(zh.stdout, /→ nginx：在 location 中加入 `proxy_http_version 1\.1; proxy_set_header Upgrade \$http_upgrade;/);
  assert.match(zh.stdout, /^发现的问题$/m);
  assert.match(zh.stdout, /^运维检查清单$/m);
  assert.match(zh.stdout, /✖ K3s Ingress 已配置 WebSocket 支持/);
  assert.match(zh.stdout, /^失败（位置：代理 \/ Ingress（nginx））：1 个错误/m);
  assert.match(en.stdout, /^FAIL at the proxy \/ ingress \(nginx\): 1 error/m);
  // The SSE fallback the doctor tries when the upgrade is blocked answers in Chinese too.
  if (codes(zh.stdout).includes('FALLBACK_WORKS')) assert.match(zh.stdout, /FALLBACK_WORKS {2}WebSocket 在这里被拦截/);
  assert.match(en.stdout, /nginx: in the location, `proxy_http_version 1\.1;/);
});

test('--json --lang zh-CN keeps every code, field and value; only message, remedy and titles change', async (t) => {
  const n = await nginxWithoutUpgrade(t);
  if (!n) return;
  const url = `ws://${n.host}:${n.port}/api/ws/chat`;
  // The flag beats the locale, both ways.
  const [zhRun, enRun] = await Promise.all([
    wsgate(['doctor', url, '--token', origin.token, '--timeout', '3s', '--json', '--lang', 'zh-CN'], { LANG: 'en_US.UTF-8' }),
    wsgate(['doctor', url, '--token', origin.token, '--timeout', '3s', '--json', '--lang=en'], { LC_ALL: 'zh_CN.UTF-8' }),
  ]);
  assert.equal(zhRun.code, enRun.code);
  const zh = JSON.parse(zhRun.stdout) as DoctorReport;
  const en = JSON.parse(enRun.stdout) as DoctorReport;
  assert.deepEqual(paths(zh).sort(), paths(en).sort(), 'the same fields');
  assert.deepEqual(zh.findings.map((f) => [f.code, f.severity, f.check, f.data.status, f.data.cause, f.data.proxy]), en.findings.map((f) => [f.code, f.severity, f.check, f.data.status, f.data.cause, f.data.proxy]));
  assert.deepEqual(zh.checks.map((c) => [c.id, c.status]), en.checks.map((c) => [c.id, c.status]));
  assert.deepEqual(zh.checklist.map((i) => [i.id, i.item, i.status]), en.checklist.map((i) => [i.id, i.item, i.status]));
  assert.equal(zh.where?.hop, en.where?.hop);
  assert.equal(zh.ok, en.ok);
  for (const f of zh.findings) {
    assert.ok(hasChinese(f.message) && hasChinese(f.remedy), `${f.code}: ${f.message} / ${f.remedy}`);
    assert.notEqual(f.message, en.findings.find((x) => x.code === f.code)?.message);
  }
  for (const f of en.findings) assert.ok(!hasChinese(f.message) && !hasChinese(f.remedy), `${f.code} in English`);
});

test('usage errors in the chosen language, exit 2 in every language', async () => {
  const zh = await wsgate(['doctor', 'https://example.com/ws'], { LANG: 'zh_CN.UTF-8' });
  assert.equal(zh.code, 2);
  assert.match(zh.stderr, /^wsgate: 地址无效：/);
  const bad = await wsgate(['doctor', 'ws://x/ws', '--lang', 'fr'], { LANG: 'zh_CN.UTF-8' });
  assert.equal(bad.code, 2);
  assert.equal(bad.stderr, 'wsgate: --lang："fr" 不是 en, zh-CN 之一\n');
  const en = await wsgate(['lint', '--bogus'], { LANG: 'C' });
  assert.equal(en.code, 2);
  assert.equal(en.stderr, "wsgate: Unknown option '--bogus' (see wsgate lint --help)\n");
});
