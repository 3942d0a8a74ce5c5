/**
 * Rules for Gateway API: a WebSocket HTTPRoute's backend Service port carries
 * `appProtocol: kubernetes.io/ws` (GEP-1911), and HTTPRoute timeouts do not cut the socket.
 */
import type { RawFinding } from '../../../findings/index.js';
import type { KubeObject } from '../types.js';
import { asArray, at, isRecord, looksLikeWebSocket, NGINX_DEFAULT_TIMEOUT_S, parseDurationSeconds, rule, str } from './util.js';

function routes(objects: readonly KubeObject[]): KubeObject[] {
  return objects.filter((o) => o.kind === 'HTTPRoute' && o.apiVersion.startsWith('gateway.networking.k8s.io/'));
}

function routeRules(o: KubeObject): Record<string, unknown>[] {
  const spec = isRecord(o.value.spec) ? o.value.spec : {};
  return asArray(spec.rules).filter(isRecord);
}

function ruleTexts(o: KubeObject, r: Record<string, unknown>): string[] {
  const spec = isRecord(o.value.spec) ? o.value.spec : {};
  const texts = [o.name, ...asArray(spec.hostnames).map((h) => str(h) ?? '')];
  for (const m of asArray(r.matches)) if (isRecord(m) && isRecord(m.path)) texts.push(str(m.path.value) ?? '');
  for (const b of asArray(r.backendRefs)) if (isRecord(b)) texts.push(str(b.name) ?? '');
  return texts;
}

export const appProtocol = rule({
  id: 'gateway-backend-app-protocol',
  title: 'WebSocket backends carry appProtocol kubernetes.io/ws',
  format: 'yaml',
  run({ doc, all }) {
    const out: RawFinding[] = [];
    const services = all.flatMap((d) => (d.format === 'yaml' ? d.objects.filter((o) => o.kind === 'Service').map((o) => ({ o, doc: d })) : []));
    const seen = new Set<string>();
    for (const route of routes(doc.objects)) {
      for (const r of routeRules(route)) {
        if (!looksLikeWebSocket(...ruleTexts(route, r))) continue;
        for (const b of asArray(r.backendRefs)) {
          if (!isRecord(b) || (b.kind !== undefined && b.kind !== 'Service')) continue;
          const ns = str(b.namespace) ?? route.namespace;
          const svc = services.find((s) => s.o.name === b.name && (s.o.namespace ?? ns) === ns);
          // A Service in another input is reported there once; one we cannot see is not guessed at.
          if (!svc || svc.doc !== doc) continue;
          const spec = isRecord(svc.o.value.spec) ? svc.o.value.spec : {};
          asArray(spec.ports).forEach((p, i) => {
            if (!isRecord(p) || (b.port !== undefined && p.port !== b.port)) return;
            const ap = str(p.appProtocol);
            if (ap === 'kubernetes.io/ws' || ap === 'kubernetes.io/wss') return;
            const key = `${svc.o.name}:${i}`;
            if (seen.has(key)) return;
            seen.add(key);
            out.push(
              at(doc, svc.o.line(['spec', 'ports', i]), 'SERVICE_APP_PROTOCOL_MISSING', this.id, {
                object: `Service/${svc.o.name}`,
                port: p.port,
                route: `HTTPRoute/${route.name}`,
                ...(ap !== undefined ? { appProtocol: ap } : {}),
              }),
            );
          });
        }
      }
    }
    return out;
  },
});

export const routeTimeouts = rule({
  id: 'httproute-timeouts',
  title: 'HTTPRoute timeouts long enough for WebSockets',
  format: 'yaml',
  run({ doc }) {
    const out: RawFinding[] = [];
    for (const route of routes(doc.objects)) {
      routeRules(route).forEach((r, i) => {
        if (!isRecord(r.timeouts) || !looksLikeWebSocket(...ruleTexts(route, r))) return;
        for (const key of ['request', 'backendRequest'] as const) {
          const raw = str(r.timeouts[key]);
          if (raw === undefined) continue;
          const seconds = parseDurationSeconds(raw, 's');
          // "0s" disables the timeout (Gateway API), so only a positive short one cuts.
          if (seconds === undefined || seconds === 0 || seconds > NGINX_DEFAULT_TIMEOUT_S) continue;
          out.push(at(doc, route.line(['spec', 'rules', i, 'timeouts', key]), 'PROXY_TIMEOUT_TOO_LOW', this.id, { directive: `HTTPRoute timeouts.${key}`, seconds, defaulted: false, object: `HTTPRoute/${route.name}` }));
        }
      });
    }
    return out;
  },
});
