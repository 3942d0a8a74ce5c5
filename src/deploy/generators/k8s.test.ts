import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAllDocuments } from 'yaml';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { Service } from 'kubernetes-models/v1/Service';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { HTTPRoute } from '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/HTTPRoute';
import { Gateway } from '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/Gateway';
import { resolveOptions } from '../options.js';
import { generateK8s, gracePeriodSeconds } from './k8s.js';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function docs(text: string): Obj[] {
  return parseAllDocuments(text).map((d) => {
    assert.deepEqual(d.errors, []);
    return d.toJS() as Obj;
  });
}

/** Re-reads emitted YAML into the typed models and validates against the schemas of their apiVersion. */
function validateAll(objects: Obj[]): void {
  const models: Record<string, new (data: never) => { validate(): void }> = {
    'apps/v1/Deployment': Deployment,
    'v1/Service': Service,
    'networking.k8s.io/v1/Ingress': Ingress,
    'gateway.networking.k8s.io/v1/HTTPRoute': HTTPRoute,
    'gateway.networking.k8s.io/v1/Gateway': Gateway,
  };
  for (const o of objects) {
    const Model = models[`${o.apiVersion}/${o.kind}`];
    assert.ok(Model, `no schema for ${o.apiVersion} ${o.kind}`);
    new Model(o as never).validate();
  }
}

test('k8s (ingress-nginx): Deployment, Service, Ingress that validate against their schemas', () => {
  const o = resolveOptions({ host: 'ws.cainsgl.cn', timeoutSeconds: 7200 });
  const [file] = generateK8s(o);
  const objects = docs(file!.content);
  assert.deepEqual(objects.map((x) => x.kind), ['Deployment', 'Service', 'Ingress']);
  validateAll(objects);
  const [dep, svc, ing] = objects as [Obj, Obj, Obj];
  const c = dep.spec.template.spec.containers[0];
  assert.deepEqual(c.readinessProbe.httpGet, { path: '/readyz', port: 'http' });
  assert.deepEqual(c.livenessProbe.httpGet, { path: '/healthz', port: 'http' });
  assert.deepEqual(c.lifecycle.preStop.exec.command, ['sleep', '5']);
  assert.equal(dep.spec.template.spec.terminationGracePeriodSeconds, 40, '5 s preStop + 30 s drain timeout + 5 s margin');
  assert.equal(svc.spec.ports[0].name, 'http');
  assert.equal(svc.spec.ports[0].appProtocol, undefined);
  assert.deepEqual(ing.metadata.annotations, {
    'nginx.ingress.kubernetes.io/proxy-read-timeout': '7200',
    'nginx.ingress.kubernetes.io/proxy-send-timeout': '7200',
    'cert-manager.io/cluster-issuer': 'letsencrypt-prod',
  });
  assert.deepEqual(ing.spec.tls, [{ hosts: ['ws.cainsgl.cn'], secretName: 'ws-cainsgl-cn-tls' }]);
  assert.equal(ing.spec.rules[0].host, 'ws.cainsgl.cn');
  assert.equal(ing.spec.rules[0].http.paths[0].path, '/api/ws/chat');
  assert.ok(!/snippet|websocket-services/.test(file!.content), 'no snippet and no made-up annotation');
});

test('k8s --gateway: HTTPRoute with timeouts, Service with appProtocol kubernetes.io/ws, optional Gateway', () => {
  const o = resolveOptions({ host: 'ws.example.com', gateway: 'public', gatewayNamespace: 'infra', gatewayClass: 'eg', service: 'chat', port: 3000 });
  const objects = docs(generateK8s(o)[0]!.content);
  assert.deepEqual(objects.map((x) => x.kind), ['Deployment', 'Service', 'Gateway', 'HTTPRoute']);
  validateAll(objects);
  const [, svc, gw, route] = objects as [Obj, Obj, Obj, Obj];
  assert.equal(svc.spec.ports[0].appProtocol, 'kubernetes.io/ws');
  assert.equal(gw.metadata.namespace, 'infra');
  assert.equal(gw.metadata.annotations['cert-manager.io/cluster-issuer'], 'letsencrypt-prod');
  assert.equal(gw.spec.listeners[0].allowedRoutes.namespaces.from, 'All');
  assert.deepEqual(route.spec.parentRefs, [{ name: 'public', namespace: 'infra', sectionName: 'https' }]);
  assert.deepEqual(route.spec.rules[0].timeouts, { request: '1h', backendRequest: '1h' });
  assert.deepEqual(route.spec.rules[0].backendRefs, [{ name: 'chat', port: 3000 }]);
});

test('the grace period follows the server drain', () => {
  assert.equal(gracePeriodSeconds(resolveOptions({ drainTimeoutMs: 60_000, preStopSeconds: 10 })), 75);
  const objects = docs(generateK8s(resolveOptions({ drainTimeoutMs: 12_500 }))[0]!.content);
  assert.equal(objects[0]!.spec.template.spec.terminationGracePeriodSeconds, 23);
});

test('the schemas bite: what the generator avoids would not validate', () => {
  // A path without pathType, and a Gateway API duration with more than 5 digits (3600000s is
  // why durations are written as 1000h).
  assert.throws(() => new Ingress({ spec: { rules: [{ http: { paths: [{ path: '/', backend: { service: { name: 'x', port: { number: 1 } } } }] } }] } } as never).validate());
  assert.throws(() => new HTTPRoute({ metadata: { name: 'r' }, spec: { rules: [{ timeouts: { request: '3600000s' } }] } } as never).validate());
  const objects = docs(generateK8s(resolveOptions({ gateway: 'g', timeoutSeconds: 3_600_001 }))[0]!.content);
  assert.deepEqual(objects[2]!.spec.rules[0].timeouts, { request: '1000h1s', backendRequest: '1000h1s' });
  validateAll(objects);
});

test('--wsgate passes port, path and the drain the grace period was computed from', () => {
  const objects = docs(generateK8s(resolveOptions({ wsgate: true, drainTimeoutMs: 45_000, path: '/rt' }))[0]!.content);
  const c = objects[0]!.spec.template.spec.containers[0];
  assert.deepEqual(c.env, [
    { name: 'WSGATE_PORT', value: '8080' },
    { name: 'WSGATE_PATH', value: '/rt' },
    { name: 'WSGATE_DRAIN_WINDOW', value: '10000ms' },
    { name: 'WSGATE_DRAIN_TIMEOUT', value: '45000ms' },
  ]);
  assert.equal(objects[0]!.spec.template.spec.terminationGracePeriodSeconds, 55);
  validateAll(objects);
  assert.equal(docs(generateK8s(resolveOptions({}))[0]!.content)[0]!.spec.template.spec.containers[0].env, undefined);
});
