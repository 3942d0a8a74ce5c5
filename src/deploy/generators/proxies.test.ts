// nginx, HAProxy and Caddy generators: the structure a proxy needs for WebSockets, and the
// text each program reads (the real programs check it in test/integration/deploy-*.test.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCaddyfile, parseNginx } from '../lint/parsers/block.js';
import { parseHaproxy } from '../lint/parsers/haproxy.js';
import { resolveOptions } from '../options.js';
import { generateCaddy } from './caddy.js';
import { generateHaproxy } from './haproxy.js';
import { generateNginx } from './nginx.js';

const o = resolveOptions({ host: 'ws.example.com', upstream: { host: '10.0.0.5', port: 9000 }, timeoutSeconds: 5400 });

test('nginx: upgrade map, HTTP/1.1, upgrade headers and both timeouts in the WebSocket location', () => {
  const tree = parseNginx(generateNginx(o)[0]!.content);
  const map = tree.find((d) => d.name === 'map')!;
  assert.deepEqual(map.args, ['$http_upgrade', '$connection_upgrade']);
  assert.deepEqual(map.block!.map((d) => [d.name, ...d.args]), [['default', 'upgrade'], ['', 'close']]);
  assert.deepEqual(tree.find((d) => d.name === 'upstream')!.block![0]!.args, ['10.0.0.5:9000']);
  const loc = tree.find((d) => d.name === 'server')!.block!.find((d) => d.name === 'location')!;
  assert.deepEqual(loc.args, ['/api/ws/chat']);
  const get = (name: string) => loc.block!.filter((d) => d.name === name).map((d) => d.args);
  assert.deepEqual(get('proxy_http_version'), [['1.1']]);
  assert.deepEqual(get('proxy_read_timeout'), [['90m']]);
  assert.deepEqual(get('proxy_send_timeout'), [['90m']]);
  assert.ok(get('proxy_set_header').some(([h, v]) => h === 'Upgrade' && v === '$http_upgrade'));
  assert.ok(get('proxy_set_header').some(([h, v]) => h === 'Connection' && v === '$connection_upgrade'));
});

test('nginx with --tls-cert/--tls-key listens with TLS', () => {
  const text = generateNginx(resolveOptions({ tlsCert: '/etc/ssl/ws.pem', tlsKey: '/etc/ssl/ws.key' }))[0]!.content;
  assert.match(text, /listen 443 ssl;/);
  assert.match(text, /ssl_certificate \/etc\/ssl\/ws\.pem;/);
});

test('haproxy: timeout tunnel carries the idle limit; client/server stay short', () => {
  const sections = parseHaproxy(generateHaproxy(o)[0]!.content);
  const defaults = sections.find((s) => s.kind === 'defaults')!;
  const timeout = (n: string) => defaults.lines.find((l) => l.words[0] === 'timeout' && l.words[1] === n)?.words[2];
  assert.equal(timeout('tunnel'), '90m');
  assert.equal(timeout('client'), '30s');
  const backend = sections.find((s) => s.kind === 'backend')!;
  assert.deepEqual(backend.lines[0]!.words.slice(0, 3), ['server', 'app1', '10.0.0.5:9000']);
  const frontend = sections.find((s) => s.kind === 'frontend')!;
  assert.ok(frontend.lines.some((l) => l.words.join(' ') === 'acl is_ws_path path_beg /api/ws/chat'));
});

test('caddy: reverse_proxy on the path with stream_close_delay (2.7+), a comment instead on older Caddy', () => {
  const tree = parseCaddyfile(generateCaddy(o)[0]!.content);
  assert.equal(tree[0]!.name, 'ws.example.com');
  const rp = tree[0]!.block![0]!;
  assert.deepEqual([rp.name, ...rp.args], ['reverse_proxy', '/api/ws/chat*', '10.0.0.5:9000']);
  assert.deepEqual(rp.block!.map((d) => [d.name, ...d.args]), [['stream_close_delay', '5m']]);
  const old = generateCaddy(resolveOptions({ caddyVersion: '2.6.2', listen: { host: '127.0.0.1', port: 8081 } }))[0]!.content;
  assert.doesNotMatch(old, /^\s*stream_close_delay/m);
  assert.match(old, /^http:\/\/127\.0\.0\.1:8081 \{/m);
});
