// Every generated config lints clean: the generators and the linter agree on what is right.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintTexts } from '../lint/lint.js';
import { resolveOptions } from '../options.js';
import { generate, TARGET_NAMES, UnknownTargetError } from './index.js';

const variants = {
  default: resolveOptions({}),
  guide: resolveOptions({ host: 'ws.cainsgl.cn', service: 'ai-service', path: '/api/ws/chat' }),
  gateway: resolveOptions({ host: 'ws.example.com', gateway: 'public', gatewayClass: 'eg', path: '/realtime' }),
  tls: resolveOptions({ tlsCert: '/etc/ssl/ws.pem', tlsKey: '/etc/ssl/ws.key', timeoutSeconds: 86_400 }),
};

for (const [name, options] of Object.entries(variants)) {
  test(`generated configs lint clean (${name})`, () => {
    const files = generate('all', options);
    assert.deepEqual(files.map((f) => f.path.split('/')[0]), ['k8s', 'nginx', 'haproxy', 'caddy', 'spring-gateway', 'dns.txt']);
    const lintable = files.filter((f) => f.path !== 'dns.txt');
    const findings = lintTexts(lintable.map((f) => ({ file: f.path, text: f.content })));
    // ingress-nginx's retirement is a notice about the platform, not about the config.
    assert.deepEqual(findings.filter((f) => f.code !== 'INGRESS_NGINX_RETIRED'), []);
    assert.equal(findings.length, name === 'gateway' ? 0 : 1);
  });
}

test('the same options give the same text (pure generators)', () => {
  assert.equal(generate('all', variants.guide).map((f) => f.content).join(), generate('all', variants.guide).map((f) => f.content).join());
});

test('an unknown target names the known ones', () => {
  assert.throws(() => generate('traefik', variants.default), (err: unknown) => err instanceof UnknownTargetError && /k8s, nginx, haproxy, caddy, spring-gateway, dns, all/.test(err.message));
  assert.ok(TARGET_NAMES.includes('all'));
});
