// `wsgate deploy nginx` against the real nginx: every generated config passes `nginx -t`, and
// the generated proxy carries a WebSocket from a real client to a running `wsgate serve`.
// The idle comparison scales nginx's 60 s default down: the same generator with --timeout 2s
// (the default-like proxy) cuts a silent socket; with --timeout 10s it keeps it through 4.5 s.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkNginx, nginxMainConfig, requireBinary, startNginx } from '../lab/index.js';
import { generate, resolveOptions, type DeployOptions } from '../../src/deploy/index.js';
import { idleComparison, selfSignedCert, UPSTREAM_HOST } from './deploy-support.js';

const nginxText = (o: DeployOptions) => generate('nginx', o)[0]!.content;

test('every generated nginx config passes nginx -t', (t) => {
  if (!requireBinary('nginx', t)) return;
  const variants: Partial<DeployOptions>[] = [{}, { host: 'ws.cainsgl.cn', service: 'ai-service', timeoutSeconds: 86_400 }, { path: '/socket.io/', listen: { host: '127.0.0.35', port: 8443 } }];
  const cert = selfSignedCert();
  if (cert) {
    t.after(() => cert.remove());
    variants.push({ tlsCert: cert.cert, tlsKey: cert.key });
  } else t.diagnostic('openssl not found: TLS variant not checked');
  for (const v of variants) {
    const body = nginxText(resolveOptions(v));
    const r = checkNginx(nginxMainConfig('{{DIR}}', body));
    assert.ok(r.ok, `nginx -t rejected ${JSON.stringify(v)}:\n${r.output}\n${body}`);
  }
  // The check is real: a broken variant of the same file is refused.
  const broken = nginxText(resolveOptions({})).replace('proxy_http_version 1.1;', 'proxy_http_version 1.1');
  assert.equal(checkNginx(nginxMainConfig('{{DIR}}', broken)).ok, false);
});

test('nginx from wsgate deploy proxies a WebSocket; --timeout decides whether a silent one survives', async (t) => {
  if (!requireBinary('nginx', t)) return;
  await idleComparison(t, ({ host, port, upstreamPort, timeoutSeconds }) => {
    const o = resolveOptions({ upstream: { host: UPSTREAM_HOST, port: upstreamPort }, listen: { host, port }, timeoutSeconds });
    return startNginx({ host, port, httpBody: nginxText(o) });
  });
});
