import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { UsageError } from '../errors.js';
import { main } from '../main.js';
import { parseDoctorArgs } from './doctor.js';

test('flags become options', () => {
  const o = parseDoctorArgs([
    'wss://ws.example.com/api/ws/chat', '--resolve', 'ws.example.com:443:203.0.113.7', '--origin', '203.0.113.8:8443',
    '--header', 'X-A: 1', '--origin-header', 'X-B: two words', '--idle', '120s', '--timeout', '3s', '--dns-server', '127.0.0.1:5353', '--token', 't', '--insecure', '--json',
  ]);
  assert.deepEqual(o.resolve, [{ host: 'ws.example.com', port: 443, address: '203.0.113.7' }]);
  assert.deepEqual(o.origin, { host: '203.0.113.8', port: 8443 });
  assert.deepEqual(o.headers, { 'X-A': '1' });
  assert.deepEqual(o.originHeaders, { 'X-B': 'two words' });
  assert.equal(o.idleMs, 120_000);
  assert.equal(o.timeoutMs, 3000);
  assert.equal(o.dnsServer, '127.0.0.1:5353');
  assert.equal(o.token, 't');
  assert.equal(o.insecure, true);
  assert.equal(o.json, true);
  assert.deepEqual(parseDoctorArgs(['ws://h/x', '--origin', '10.0.0.1']).origin, { host: '10.0.0.1' });
  assert.deepEqual(parseDoctorArgs(['ws://h/x', '--report', 'out/Support.HTML']).report, { path: 'out/Support.HTML', format: 'html' });
  assert.deepEqual(parseDoctorArgs(['ws://h/x', '--report', 'support.md']).report, { path: 'support.md', format: 'md' });
  assert.equal(parseDoctorArgs(['ws://h/x']).timeoutMs, 10_000);
});

test('bad usage is a UsageError naming the flag', () => {
  const bad: Array<[string[], RegExp]> = [
    [[], /needs a ws:\/\/ or wss:\/\/ URL/],
    [['https://example.com/ws'], /use wss:\/\/example\.com\/ws/],
    [['ftp://example.com'], /ws:\/\/ or wss:\/\//],
    [['ws://a/x', 'ws://b/y'], /one URL/],
    [['ws://a/x', '--resolve', 'a:443'], /--resolve/],
    [['ws://a/x', '--resolve', 'a:443:not-an-ip'], /--resolve/],
    [['wss://a/x', '--resolve', 'a:80:10.0.0.1'], /does not match the URL's host:port \(a:443\)/],
    [['ws://a/x', '--idle', 'soon'], /--idle/],
    [['ws://a/x', '--timeout', '0'], /--timeout/],
    [['ws://a/x', '--header', 'no colon'], /--header/],
    [['ws://a/x', '--ca', '/nonexistent/ca.pem'], /--ca: cannot read/],
    [['ws://a/x', '--bogus'], /bogus/],
    [['ws://a/x', '--report', 'support.pdf'], /--report: "support\.pdf" must end in \.md or \.html/],
  ];
  for (const [argv, re] of bad) assert.throws(() => parseDoctorArgs(argv), (err: unknown) => err instanceof UsageError && re.test(err.message), argv.join(' '));
});

test('wsgate doctor with bad usage exits 2 with one line on stderr', async () => {
  let err = '';
  const sink = new Writable({ write: (_c, _e, cb) => cb() });
  const stderr = new Writable({ write: (c, _e, cb) => ((err += c.toString()), cb()) });
  const code = await main(['doctor', 'http://example.com/ws'], { stdout: sink, stderr, stdin: process.stdin, env: {} });
  assert.equal(code, 2);
  assert.match(err, /^wsgate: .*use ws:\/\/example\.com\/ws\n$/);
});
