// `wsgate deploy caddy` against the real Caddy: the generated Caddyfile passes
// `caddy validate` for the installed version, and carries a WebSocket to a running
// `wsgate serve` through a silent period (Caddy has no idle timeout on streams).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { checkCaddy, freePort, requireBinary, startCaddy } from '../lab/index.js';
import { generate, resolveOptions, type DeployOptions } from '../../src/deploy/index.js';
import { openThrough, PROXY_HOSTS, sleep, startUpstream, UPSTREAM_HOST } from './deploy-support.js';

const caddyText = (o: DeployOptions) => generate('caddy', o)[0]!.content;

/** `caddy version` → `2.6.2` (stream_close_delay needs 2.7). */
function installedVersion(caddy: string): string {
  const out = execFileSync(caddy, ['version'], { encoding: 'utf8' });
  return /v?(\d+\.\d+(?:\.\d+)?)/.exec(out)?.[1] ?? '0';
}

test('the generated Caddyfile passes caddy validate for the installed Caddy', (t) => {
  const caddy = requireBinary('caddy', t);
  if (!caddy) return;
  const version = installedVersion(caddy);
  t.diagnostic(`caddy ${version}`);
  for (const v of [{}, { host: 'ws.cainsgl.cn' }, { listen: { host: '127.0.0.37', port: 8080 } }] as Partial<DeployOptions>[]) {
    const text = caddyText(resolveOptions({ ...v, caddyVersion: version }));
    const r = checkCaddy(text);
    assert.ok(r.ok, `caddy validate rejected ${JSON.stringify(v)}:\n${r.output}\n${text}`);
  }
  const modern = caddyText(resolveOptions({}));
  assert.match(modern, /stream_close_delay 5m/);
  // On Caddy 2.7+ the default (with stream_close_delay) is what gets validated above; on older
  // Caddy the real program refuses that subdirective, which is why the version option exists.
  assert.equal(checkCaddy(modern).ok, !/^2\.[0-6]\./.test(version));
});

test('Caddy from wsgate deploy proxies a WebSocket and keeps a silent one', async (t) => {
  const caddy = requireBinary('caddy', t);
  if (!caddy) return;
  const upstream = await startUpstream();
  t.after(() => upstream.close());
  const host = PROXY_HOSTS.plain;
  const port = await freePort(host);
  const o = resolveOptions({ upstream: { host: UPSTREAM_HOST, port: upstream.port }, listen: { host, port }, caddyVersion: installedVersion(caddy) });
  const proxy = await startCaddy({ host, port, caddyfile: caddyText(o) });
  t.after(() => proxy.stop());
  const s = await openThrough(host, port);
  t.after(() => s.ws.terminate());
  assert.match(s.hello, /hello/);
  assert.equal(await s.ping(), 'pong');
  await sleep(3000);
  assert.equal(s.isOpen(), true);
  assert.equal(await s.ping(), 'pong');
});
