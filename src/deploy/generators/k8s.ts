/**
 * Kubernetes objects for a WebSocket service: Deployment (probes, preStop and a grace period
 * that fit the server's drain), Service (named port; `appProtocol: kubernetes.io/ws` for
 * Gateway API, GEP-1911), and either an ingress-nginx Ingress (timeouts, cert-manager TLS, no
 * snippets) or a Gateway API HTTPRoute with timeouts. Objects are typed models from
 * `kubernetes-models`, so `validate()` checks them against the schemas of their apiVersion.
 */
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { Service } from 'kubernetes-models/v1/Service';
import type { IServicePort } from 'kubernetes-models/v1/ServicePort';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { HTTPRoute } from '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/HTTPRoute';
import { Gateway } from '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/Gateway';
import { Document } from 'yaml';
import { gatewayDuration, hostSlug, type DeployOptions } from '../options.js';
import { commentsFor } from './comments.js';
import type { GeneratedFile } from './types.js';

/** A model that can check itself against its schema (all kubernetes-models classes can). */
export interface KubeModel {
  apiVersion?: string;
  kind?: string;
  validate(): void;
  toJSON(): unknown;
}

/** The port name every object refers to, so a port number lives in one place. */
export const PORT_NAME = 'http';

/**
 * terminationGracePeriodSeconds: the preStop pause, then the server's drain (its
 * drain-timeout is the hard stop), plus a 5 s margin so the kubelet's SIGKILL never lands
 * before the server's own deadline.
 */
export function gracePeriodSeconds(o: DeployOptions): number {
  return o.preStopSeconds + Math.ceil(Math.max(o.drainTimeoutMs, o.drainWindowMs) / 1000) + 5;
}

function labels(o: DeployOptions): Record<string, string> {
  return { 'app.kubernetes.io/name': o.service };
}

/** `wsgate serve` reads WSGATE_<OPTION>; the grace period above is computed from these drain values. */
function wsgateEnv(o: DeployOptions): { name: string; value: string }[] {
  return [
    { name: 'WSGATE_PORT', value: String(o.port) },
    { name: 'WSGATE_PATH', value: o.path },
    { name: 'WSGATE_DRAIN_WINDOW', value: `${o.drainWindowMs}ms` },
    { name: 'WSGATE_DRAIN_TIMEOUT', value: `${o.drainTimeoutMs}ms` },
  ];
}

export function deployment(o: DeployOptions): Deployment {
  const probe = (path: string, periodSeconds: number, failureThreshold: number) => ({
    httpGet: { path, port: PORT_NAME },
    periodSeconds,
    timeoutSeconds: 2,
    failureThreshold,
  });
  return new Deployment({
    metadata: { name: o.service, namespace: o.namespace, labels: labels(o) },
    spec: {
      replicas: o.replicas,
      selector: { matchLabels: labels(o) },
      // One pod at a time, and never below the wanted count: clients of the draining pod
      // reconnect to pods that are already ready.
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
      template: {
        metadata: { labels: labels(o) },
        spec: {
          terminationGracePeriodSeconds: gracePeriodSeconds(o),
          containers: [
            {
              name: o.service,
              image: o.image,
              ports: [{ name: PORT_NAME, containerPort: o.port, protocol: 'TCP' }],
              ...(o.wsgate ? { env: wsgateEnv(o) } : {}),
              startupProbe: probe(o.livenessPath, 2, 30),
              readinessProbe: probe(o.readinessPath, 5, 2),
              livenessProbe: probe(o.livenessPath, 10, 3),
              lifecycle: {
                // Keep serving while the endpoint is withdrawn from the ingress/Gateway, so no
                // new socket lands on a pod that is about to drain.
                preStop: { exec: { command: ['sleep', String(o.preStopSeconds)] } },
              },
            },
          ],
        },
      },
    },
  });
}

export function service(o: DeployOptions): Service {
  const port: IServicePort = {
    name: PORT_NAME,
    port: o.port,
    targetPort: PORT_NAME,
    protocol: 'TCP',
  };
  // GEP-1911: Gateway API implementations treat this backend as WebSocket (standard since v1.2.0).
  if (o.gateway !== undefined) port.appProtocol = 'kubernetes.io/ws';
  return new Service({
    metadata: { name: o.service, namespace: o.namespace, labels: labels(o) },
    spec: { type: 'ClusterIP', selector: labels(o), ports: [port] },
  });
}

export function tlsSecretName(o: DeployOptions): string {
  return `${hostSlug(o.host)}-tls`;
}

/**
 * An Ingress for ingress-nginx. It proxies WebSockets with no extra annotation (there is no
 * `websocket-services` annotation), so only the timeouts are set; no snippets (rejected by
 * default since v1.9.0).
 */
export function ingress(o: DeployOptions): Ingress {
  const seconds = String(o.timeoutSeconds);
  return new Ingress({
    metadata: {
      name: o.service,
      namespace: o.namespace,
      labels: labels(o),
      annotations: {
        'nginx.ingress.kubernetes.io/proxy-read-timeout': seconds,
        'nginx.ingress.kubernetes.io/proxy-send-timeout': seconds,
        'cert-manager.io/cluster-issuer': o.tlsIssuer,
      },
    },
    spec: {
      ingressClassName: o.ingressClass,
      tls: [{ hosts: [o.host], secretName: tlsSecretName(o) }],
      rules: [
        {
          host: o.host,
          http: {
            paths: [{ path: o.path, pathType: 'Prefix', backend: { service: { name: o.service, port: { name: PORT_NAME } } } }],
          },
        },
      ],
    },
  });
}

/** A Gateway with an HTTPS listener for the host, its certificate issued by cert-manager. */
export function gateway(o: DeployOptions & { gateway: string; gatewayClass: string }): Gateway {
  return new Gateway({
    metadata: {
      name: o.gateway,
      namespace: o.gatewayNamespace ?? o.namespace,
      annotations: { 'cert-manager.io/cluster-issuer': o.tlsIssuer },
    },
    spec: {
      gatewayClassName: o.gatewayClass,
      listeners: [
        {
          name: 'https',
          protocol: 'HTTPS',
          port: 443,
          hostname: o.host,
          tls: { mode: 'Terminate', certificateRefs: [{ kind: 'Secret', name: tlsSecretName(o) }] },
          allowedRoutes: { namespaces: { from: o.gatewayNamespace && o.gatewayNamespace !== o.namespace ? 'All' : 'Same' } },
        },
      ],
    },
  });
}

/** An HTTPRoute with timeouts on the rule (request ≥ backendRequest, GEP-1742). */
export function httpRoute(o: DeployOptions & { gateway: string }): HTTPRoute {
  const timeout = gatewayDuration(o.timeoutSeconds);
  const parentRef: { name: string; namespace?: string; sectionName?: string } = { name: o.gateway };
  if (o.gatewayNamespace !== undefined && o.gatewayNamespace !== o.namespace) parentRef.namespace = o.gatewayNamespace;
  if (o.gatewayClass !== undefined) parentRef.sectionName = 'https';
  return new HTTPRoute({
    metadata: { name: o.service, namespace: o.namespace, labels: labels(o) },
    spec: {
      parentRefs: [parentRef],
      hostnames: [o.host],
      rules: [
        {
          matches: [{ path: { type: 'PathPrefix', value: o.path } }],
          backendRefs: [{ name: o.service, port: o.port }],
          timeouts: { request: timeout, backendRequest: timeout },
        },
      ],
    },
  });
}

/** The objects of the k8s target, in apply order. */
export function k8sObjects(o: DeployOptions): KubeModel[] {
  const objects: KubeModel[] = [deployment(o), service(o)];
  if (o.gateway !== undefined) {
    const g = { ...o, gateway: o.gateway };
    if (o.gatewayClass !== undefined) objects.push(gateway({ ...g, gatewayClass: o.gatewayClass }));
    objects.push(httpRoute(g));
  } else objects.push(ingress(o));
  return objects;
}

/** Emits models as one multi-document YAML stream (`kubectl apply -f`). */
export function toYamlStream(objects: readonly KubeModel[], header?: string): string {
  return objects
    .map((obj, i) => {
      const doc = new Document(obj.toJSON());
      if (i === 0 && header) doc.commentBefore = header.split('\n').map((l) => ` ${l}`).join('\n');
      return doc.toString({ lineWidth: 0 });
    })
    .join('---\n');
}

export function generateK8s(o: DeployOptions): GeneratedFile[] {
  const objects = k8sObjects(o);
  for (const obj of objects) obj.validate();
  const say = commentsFor(o);
  const route = say.k8sRoute(o.gateway, o.ingressClass);
  const header = say.k8sHeader({ host: o.host, path: o.path, service: o.service, port: o.port, namespace: o.namespace, route, timeout: o.timeoutSeconds });
  return [{ path: `k8s/${o.service}.yaml`, content: toYamlStream(objects, header), description: say.k8sDescription(route) }];
}
