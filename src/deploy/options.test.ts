import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DeployOptionError, durationText, gatewayDuration, hostSlug, resolveOptions, siteDomain, versionAtLeast } from './options.js';

test('defaults are the guide’s service, with a DNS-only ws host', () => {
  const o = resolveOptions();
  assert.equal(o.service, 'ai-service');
  assert.equal(o.port, 8080);
  assert.equal(o.path, '/api/ws/chat');
  assert.equal(o.timeoutSeconds, 3600);
});

test('bad values name the option', () => {
  const bad: [Parameters<typeof resolveOptions>[0], RegExp][] = [
    [{ host: 'not a host' }, /--host/],
    [{ service: 'Ai_Service' }, /--service/],
    [{ path: 'api/ws' }, /--path/],
    [{ path: '/ws;evil' }, /--path/],
    [{ port: 70000 }, /--port/],
    [{ tlsCert: '/x.pem' }, /--tls-key/],
    [{ timeoutSeconds: 0 }, /--timeout/],
    [{ originIp: 'origin.example.com' }, /--origin-ip/],
    [{ cdnTarget: 'not a name' }, /--cdn-target/],
  ];
  for (const [input, re] of bad) assert.throws(() => resolveOptions(input), (e: unknown) => e instanceof DeployOptionError && re.test(e.message), JSON.stringify(input));
});

test('durations, domains, slugs and versions', () => {
  assert.equal(durationText(3600), '1h');
  assert.equal(durationText(5400), '90m');
  assert.equal(durationText(61), '61s');
  assert.equal(gatewayDuration(5401), '1h30m1s');
  assert.equal(siteDomain('ws.cainsgl.cn'), 'cainsgl.cn');
  assert.equal(siteDomain('example.com'), 'example.com');
  assert.equal(hostSlug('ws.cainsgl.cn'), 'ws-cainsgl-cn');
  assert.equal(versionAtLeast('2.6.2', '2.7'), false);
  assert.equal(versionAtLeast('2.10.0', '2.7'), true);
});
