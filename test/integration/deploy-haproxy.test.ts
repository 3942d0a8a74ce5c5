// `wsgate deploy haproxy` against the real HAProxy: every generated config passes
// `haproxy -c`, and the generated proxy carries a WebSocket to a running `wsgate serve`.
// After the upgrade `timeout tunnel` rules the idle socket: generated with --timeout 2s (a
// lab-scaled stand-in for a short default) it cuts a silent socket, with 10s it keeps it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkHaproxy, requireBinary, startHaproxy } from '../lab/index.js';
import { generate, resolveOptions, type DeployOptions } from '../../src/deploy/index.js';
import { idleComparison, selfSignedCert, UPSTREAM_HOST } from './deploy-support.js';

const haproxyText = (o: DeployOptions) => generate('haproxy', o)[0]!.content;

test('every generated haproxy.cfg passes haproxy -c', (t) => {
  if (!requireBinary('haproxy', t)) return;
  const variants: Partial<DeployOptions>[] = [{}, { host: 'ws.cainsgl.cn', timeoutSeconds: 86_400 }, { path: '/socket.io/', listen: { host: '127.0.0.36', port: 8080 } }];
  const cert = selfSignedCert();
  if (cert) {
    t.after(() => cert.remove());
    variants.push({ tlsCert: cert.pem, tlsKey: cert.key });
  } else t.diagnostic('openssl not found: TLS variant not checked');
  for (const v of variants) {
    const cfg = haproxyText(resolveOptions(v));
    const r = checkHaproxy(cfg);
    assert.ok(r.ok, `haproxy -c rejected ${JSON.stringify(v)}:\n${r.output}\n${cfg}`);
  }
  assert.equal(checkHaproxy(haproxyText(resolveOptions({})).replace('timeout tunnel 1h', 'timeout tunnel forever')).ok, false);
});

test('HAProxy from wsgate deploy proxies a WebSocket; timeout tunnel decides whether a silent one survives', async (t) => {
  if (!requireBinary('haproxy', t)) return;
  await idleComparison(t, ({ host, port, upstreamPort, timeoutSeconds }) => {
    const o = resolveOptions({ upstream: { host: UPSTREAM_HOST, port: upstreamPort }, listen: { host, port }, timeoutSeconds });
    return startHaproxy({ host, port, config: haproxyText(o) });
  });
});
