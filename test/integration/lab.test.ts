// The lab drives the real programs: each one starts on a free loopback port, does its job
// (proxying HTTP, answering DNS), and stops. If this file fails, the others cannot be trusted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { Resolver } from 'node:dns/promises';
import { checkCaddy, checkHaproxy, checkNginx, freePort, nginxMainConfig, requireBinary, startCaddy, startDnsmasq, startHaproxy, startNginx } from '../lab/index.js';

const HOST = '127.0.0.1';

async function origin(): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => res.end(`origin saw ${req.url}`));
  await new Promise<void>((r) => server.listen(0, HOST, r));
  const address = server.address();
  return { server, port: typeof address === 'object' && address ? address.port : 0 };
}

test('nginx: config check and a real proxied request', async (t) => {
  if (!requireBinary('nginx', t)) return;
  const o = await origin();
  t.after(() => o.server.close());
  const port = await freePort(HOST);
  const body = `server { listen ${HOST}:${port}; location / { proxy_pass http://${HOST}:${o.port}; } }`;
  assert.equal(checkNginx(nginxMainConfig('{{DIR}}', body)).ok, true);
  assert.equal(checkNginx(nginxMainConfig('{{DIR}}', 'server { listen nonsense }')).ok, false);
  const nginx = await startNginx({ host: HOST, port, httpBody: body });
  t.after(() => nginx.stop());
  const res = await fetch(`http://${HOST}:${port}/hello`);
  assert.equal(await res.text(), 'origin saw /hello');
  assert.match(res.headers.get('server') ?? '', /nginx/);
});

test('haproxy: config check and a real proxied request', async (t) => {
  if (!requireBinary('haproxy', t)) return;
  const o = await origin();
  t.after(() => o.server.close());
  const port = await freePort(HOST);
  const config = [
    'defaults', '  mode http', '  timeout connect 2s', '  timeout client 5s', '  timeout server 5s',
    'frontend fe', `  bind ${HOST}:${port}`, '  default_backend be',
    'backend be', `  server o ${HOST}:${o.port}`,
  ].join('\n');
  assert.equal(checkHaproxy(config).ok, true);
  assert.equal(checkHaproxy('frontend x\n  bind nowhere\n  frobnicate\n').ok, false);
  const haproxy = await startHaproxy({ host: HOST, port, config });
  t.after(() => haproxy.stop());
  assert.equal(await (await fetch(`http://${HOST}:${port}/x`)).text(), 'origin saw /x');
});

test('caddy: config check and a real proxied request', async (t) => {
  if (!requireBinary('caddy', t)) return;
  const o = await origin();
  t.after(() => o.server.close());
  const port = await freePort(HOST);
  const caddyfile = `http://${HOST}:${port} {\n\treverse_proxy ${HOST}:${o.port}\n}\n`;
  assert.equal(checkCaddy(caddyfile).ok, true);
  assert.equal(checkCaddy('http://x {\n\tno_such_directive\n}\n').ok, false);
  const caddy = await startCaddy({ host: HOST, port, caddyfile });
  t.after(() => caddy.stop());
  assert.equal(await (await fetch(`http://${HOST}:${port}/y`)).text(), 'origin saw /y');
});

test('dnsmasq: answers a CNAME chain that ends at a loopback "edge"', async (t) => {
  if (!requireBinary('dnsmasq', t)) return;
  const host = '127.0.0.2';
  const port = await freePort(host);
  const dns = await startDnsmasq({
    host,
    port,
    records: { a: { 'edge.cdn.cloudflare.net': '127.0.0.3' }, cname: { 'ws.example.test': 'edge.cdn.cloudflare.net' } },
  });
  t.after(() => dns.stop());
  const resolver = new Resolver({ timeout: 2000, tries: 1 });
  resolver.setServers([`${host}:${port}`]);
  assert.deepEqual(await resolver.resolveCname('ws.example.test'), ['edge.cdn.cloudflare.net']);
  assert.deepEqual(await resolver.resolve4('edge.cdn.cloudflare.net'), ['127.0.0.3']);
  await assert.rejects(resolver.resolve4('nowhere.example.test'));
});
