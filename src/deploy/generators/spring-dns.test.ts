import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { resolveOptions } from '../options.js';
import { dnsPlan, generateDns } from './dns.js';
import { generateSpringGateway } from './spring-gateway.js';

test('spring-gateway: an lb:ws:// route on the WebSocket path', () => {
  const file = generateSpringGateway(resolveOptions({ service: 'ai-service', path: '/api/ws/chat' }))[0]!;
  assert.equal(file.path, 'spring-gateway/application.yml');
  const routes = parse(file.content).spring.cloud.gateway.routes;
  assert.deepEqual(routes, [{ id: 'ai-service-websocket', uri: 'lb:ws://ai-service', predicates: ['Path=/api/ws/chat,/api/ws/chat/**'] }]);
});

test('dns: the site through the CDN, the ws host DNS-only to the origin', () => {
  const plan = dnsPlan(resolveOptions({ host: 'ws.cainsgl.cn', originIp: '198.51.100.7', cdnTarget: 'cainsgl.cn.cdn.cloudflare.net' }));
  assert.deepEqual(
    plan.map((r) => [r.name, r.type, r.value, r.proxied]),
    [
      ['cainsgl.cn', 'CNAME', 'cainsgl.cn.cdn.cloudflare.net', true],
      ['www.cainsgl.cn', 'CNAME', 'cainsgl.cn', true],
      ['ws.cainsgl.cn', 'A', '198.51.100.7', false],
    ],
  );
  const text = generateDns(resolveOptions({ host: 'ws.cainsgl.cn' }))[0]!.content;
  assert.match(text, /^ws\.cainsgl\.cn\s+A\s+203\.0\.113\.10\s+600\s+DNS only/m);
  assert.match(text, /443/);
});
