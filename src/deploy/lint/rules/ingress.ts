/**
 * Rules for ingress-nginx Ingress objects: annotations that do not exist, snippet annotations,
 * proxy-http-version, timeouts, TLS hosts, and the controller's retirement.
 */
import type { RawFinding } from '../../../findings/index.js';
import { closestAnnotation, INGRESS_NGINX_ANNOTATIONS, INGRESS_NGINX_PREFIX, LOOK_ALIKES, SNIPPET_ANNOTATIONS } from '../ingress-nginx-annotations.js';
import type { KubeObject, YamlDoc } from '../types.js';
import { asArray, at, isRecord, looksLikeWebSocket, NGINX_DEFAULT_TIMEOUT_S, rule, str } from './util.js';

function ingresses(doc: YamlDoc): KubeObject[] {
  return doc.objects.filter((o) => o.kind === 'Ingress' && /^(networking\.k8s\.io|extensions)\//.test(o.apiVersion));
}

function annotations(o: KubeObject): Record<string, string> {
  const meta = isRecord(o.value.metadata) ? o.value.metadata : {};
  const out: Record<string, string> = {};
  if (isRecord(meta.annotations)) for (const [k, v] of Object.entries(meta.annotations)) out[k] = str(v) ?? String(v);
  return out;
}

function spec(o: KubeObject): Record<string, unknown> {
  return isRecord(o.value.spec) ? o.value.spec : {};
}

/** Served by ingress-nginx: class `nginx` (by field or the old annotation), or any of its annotations. */
export function isIngressNginx(o: KubeObject): boolean {
  const a = annotations(o);
  const cls = str(spec(o).ingressClassName) ?? a['kubernetes.io/ingress.class'];
  if (cls !== undefined) return cls === 'nginx' || cls.startsWith('ingress-nginx');
  return Object.keys(a).some((k) => k.startsWith(INGRESS_NGINX_PREFIX));
}

/** Everything in an Ingress that names its routes: hosts, paths, backend services, annotations. */
function routeTexts(o: KubeObject): string[] {
  const texts: string[] = [o.name, ...Object.entries(annotations(o)).flat()];
  for (const r of asArray(spec(o).rules)) {
    if (!isRecord(r)) continue;
    texts.push(str(r.host) ?? '');
    const http = isRecord(r.http) ? r.http : {};
    for (const p of asArray(http.paths)) {
      if (!isRecord(p)) continue;
      texts.push(str(p.path) ?? '');
      const svc = isRecord(p.backend) && isRecord(p.backend.service) ? p.backend.service : {};
      texts.push(str(svc.name) ?? '');
    }
  }
  return texts;
}

const annotationPath = (name: string) => ['metadata', 'annotations', name] as const;

export const unknownAnnotation = rule({
  id: 'ingress-unknown-annotation',
  title: 'ingress-nginx annotations that do not exist',
  format: 'yaml',
  run({ doc }) {
    const out: RawFinding[] = [];
    for (const o of ingresses(doc)) {
      for (const key of Object.keys(annotations(o))) {
        if (!key.startsWith(INGRESS_NGINX_PREFIX)) continue;
        const name = key.slice(INGRESS_NGINX_PREFIX.length);
        if (INGRESS_NGINX_ANNOTATIONS.has(name)) continue;
        const data: Record<string, unknown> = { annotation: key, object: `Ingress/${o.name}` };
        const lookAlike = LOOK_ALIKES[name];
        const closest = lookAlike === undefined ? closestAnnotation(name) : undefined;
        if (lookAlike !== undefined) data.lookAlike = lookAlike;
        if (closest !== undefined) data.suggestion = INGRESS_NGINX_PREFIX + closest;
        out.push(at(doc, o.line(annotationPath(key)), 'INGRESS_UNKNOWN_ANNOTATION', this.id, data));
      }
    }
    return out;
  },
});

export const snippetAnnotation = rule({
  id: 'ingress-snippet-annotation',
  title: 'ingress-nginx snippet annotations',
  format: 'yaml',
  run({ doc }) {
    const out: RawFinding[] = [];
    for (const o of ingresses(doc)) {
      for (const [key, value] of Object.entries(annotations(o))) {
        if (!key.startsWith(INGRESS_NGINX_PREFIX) || !SNIPPET_ANNOTATIONS.has(key.slice(INGRESS_NGINX_PREFIX.length))) continue;
        const redundantUpgrade = /proxy_set_header\s+(Upgrade|Connection)\b/i.test(value);
        out.push(at(doc, o.line(annotationPath(key)), 'INGRESS_SNIPPET_ANNOTATION', this.id, { annotation: key, object: `Ingress/${o.name}`, setsUpgradeHeaders: redundantUpgrade }));
      }
    }
    return out;
  },
});

export const httpVersionAnnotation = rule({
  id: 'ingress-proxy-http-version',
  title: 'ingress-nginx proxy-http-version',
  format: 'yaml',
  run({ doc }) {
    const out: RawFinding[] = [];
    const key = `${INGRESS_NGINX_PREFIX}proxy-http-version`;
    for (const o of ingresses(doc)) {
      const value = annotations(o)[key];
      if (value === undefined) continue;
      const line = o.line(annotationPath(key));
      if (value.trim() === '1.0') out.push(at(doc, line, 'NGINX_HTTP_VERSION', this.id, { directive: key, value, object: `Ingress/${o.name}` }));
      else if (value.trim() === '1.1') out.push(at(doc, line, 'PROXY_HTTP_VERSION_REDUNDANT', this.id, { annotation: key, object: `Ingress/${o.name}` }));
    }
    return out;
  },
});

export const ingressTimeouts = rule({
  id: 'ingress-timeouts',
  title: 'ingress-nginx read/send timeouts for WebSockets',
  format: 'yaml',
  run({ doc }) {
    const out: RawFinding[] = [];
    for (const o of ingresses(doc)) {
      if (!isIngressNginx(o)) continue;
      const a = annotations(o);
      const ws = looksLikeWebSocket(...routeTexts(o));
      for (const which of ['proxy-read-timeout', 'proxy-send-timeout']) {
        const key = INGRESS_NGINX_PREFIX + which;
        const raw = a[key];
        if (raw === undefined) {
          if (ws) out.push(at(doc, o.line(['metadata', 'annotations']), 'PROXY_TIMEOUT_TOO_LOW', this.id, { directive: key, seconds: NGINX_DEFAULT_TIMEOUT_S, defaulted: true, object: `Ingress/${o.name}` }));
          continue;
        }
        const seconds = Number(raw);
        if (Number.isFinite(seconds) && seconds <= NGINX_DEFAULT_TIMEOUT_S) {
          out.push(at(doc, o.line(annotationPath(key)), 'PROXY_TIMEOUT_TOO_LOW', this.id, { directive: key, seconds, defaulted: false, object: `Ingress/${o.name}` }));
        }
      }
    }
    return out;
  },
});

function hostCovered(host: string, tlsHosts: readonly string[]): boolean {
  return tlsHosts.some((t) => t === host || (t.startsWith('*.') && host.endsWith(t.slice(1)) && !host.slice(0, -t.length + 1).includes('.')));
}

export const tlsHosts = rule({
  id: 'ingress-tls-hosts',
  title: 'every rule host has a TLS entry',
  format: 'yaml',
  run({ doc }) {
    const out: RawFinding[] = [];
    for (const o of ingresses(doc)) {
      const tls = asArray(spec(o).tls);
      if (tls.length === 0) continue;
      const covered = tls.flatMap((t) => (isRecord(t) ? asArray(t.hosts).map((h) => str(h) ?? '') : []));
      asArray(spec(o).rules).forEach((r, i) => {
        const host = isRecord(r) ? str(r.host) : undefined;
        if (host === undefined || hostCovered(host, covered)) return;
        out.push(at(doc, o.line(['spec', 'rules', i, 'host']), 'TLS_HOST_NOT_COVERED', this.id, { host, tlsHosts: covered, object: `Ingress/${o.name}` }));
      });
    }
    return out;
  },
});

export const ingressNginxRetired = rule({
  id: 'ingress-nginx-retired',
  title: 'ingress-nginx is retired',
  format: 'yaml',
  run({ doc }) {
    return ingresses(doc)
      .filter(isIngressNginx)
      .map((o) => {
        const line = str(spec(o).ingressClassName) !== undefined ? o.line(['spec', 'ingressClassName']) : o.line(['kind']);
        return at(doc, line, 'INGRESS_NGINX_RETIRED', this.id, { object: `Ingress/${o.name}` });
      });
  },
});

export const tlsMissing = rule({
  id: 'ingress-tls-missing',
  title: 'WebSocket Ingress without TLS',
  format: 'yaml',
  run({ doc }) {
    return ingresses(doc)
      .filter((o) => isIngressNginx(o) && asArray(spec(o).tls).length === 0 && looksLikeWebSocket(...routeTexts(o)))
      .map((o) => at(doc, o.line(['spec']), 'INGRESS_TLS_MISSING', this.id, { object: `Ingress/${o.name}`, hosts: asArray(spec(o).rules).map((r) => (isRecord(r) ? str(r.host) : undefined)).filter(Boolean) }));
  },
});

/** The controller's ConfigMap: recognised by name, or by keys only it reads. */
function isControllerConfigMap(o: KubeObject): boolean {
  if (o.kind !== 'ConfigMap') return false;
  const data = isRecord(o.value.data) ? o.value.data : {};
  return /ingress-nginx|nginx-configuration|nginx-ingress/.test(o.name) || 'allow-snippet-annotations' in data || 'annotations-risk-level' in data;
}

export const controllerConfig = rule({
  id: 'ingress-nginx-configmap',
  title: 'ingress-nginx controller ConfigMap',
  format: 'yaml',
  run({ doc }) {
    const out: RawFinding[] = [];
    for (const o of doc.objects.filter(isControllerConfigMap)) {
      const data = isRecord(o.value.data) ? o.value.data : {};
      if (str(data['allow-snippet-annotations'])?.trim() === 'true') {
        out.push(at(doc, o.line(['data', 'allow-snippet-annotations']), 'INGRESS_NGINX_SNIPPETS_ALLOWED', this.id, { object: `ConfigMap/${o.name}`, riskLevel: str(data['annotations-risk-level']) ?? 'High (default)' }));
      }
      for (const key of ['proxy-read-timeout', 'proxy-send-timeout']) {
        const seconds = Number(str(data[key]));
        if (data[key] !== undefined && Number.isFinite(seconds) && seconds <= NGINX_DEFAULT_TIMEOUT_S) {
          out.push(at(doc, o.line(['data', key]), 'PROXY_TIMEOUT_TOO_LOW', this.id, { directive: `${key} (controller default for every Ingress)`, seconds, defaulted: false, object: `ConfigMap/${o.name}` }));
        }
      }
    }
    return out;
  },
});
