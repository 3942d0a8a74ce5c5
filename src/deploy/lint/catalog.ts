/**
 * The lint catalog: each code's severity, message and remedy. Rules push data; these words
 * are written once, here, and listed in docs/lint.md.
 */
import type { Catalog, CodeInfo } from '../../findings/index.js';

type D = Record<string, unknown>;
const s = (v: unknown) => String(v);
const obj = (d: D) => (d.object ? ` on ${s(d.object)}` : '');

function code<T extends D = D>(info: CodeInfo<T>): CodeInfo<T> {
  return info;
}

export const LINT_CATALOG: Catalog = {
  INGRESS_UNKNOWN_ANNOTATION: code({
    severity: 'warning',
    title: 'annotation ingress-nginx does not have',
    message: (d) => `${s(d.annotation)}${obj(d)} is not an ingress-nginx annotation; the controller ignores it${d.lookAlike ? ` (it looks like ${s(d.lookAlike)})` : ''}`,
    remedy: (d) =>
      d.suggestion
        ? `did you mean ${s(d.suggestion)}? Otherwise remove it`
        : 'remove it: ingress-nginx proxies WebSockets with no annotation; only proxy-read-timeout and proxy-send-timeout matter',
  }),
  INGRESS_SNIPPET_ANNOTATION: code({
    severity: 'error',
    title: 'snippet annotation',
    message: (d) =>
      `${s(d.annotation)}${obj(d)} is rejected by ingress-nginx since v1.9.0 (allow-snippet-annotations is false, risk level Critical; CVE-2023-5044, CVE-2025-1974), so the Ingress fails to apply${d.setsUpgradeHeaders ? '; its Upgrade/Connection headers are set by the controller anyway' : ''}`,
    remedy: () => 'delete the snippet: the controller already sets Upgrade and Connection; use proxy-read-timeout/proxy-send-timeout annotations for WebSocket timeouts',
  }),
  PROXY_TIMEOUT_TOO_LOW: code({
    severity: 'warning',
    title: 'idle timeout too low for WebSockets',
    message: (d) =>
      `${s(d.directive)}${d.location ? ` in ${s(d.location)}` : ''}${obj(d)} is ${d.defaulted ? 'not set, so the default ' : ''}${s(d.seconds)} s: a WebSocket silent that long is cut`,
    remedy: (d) => `set ${s(d.directive)} to 3600 s (or more than the longest silence you expect), and keep a server heartbeat well under every idle limit on the path`,
  }),
  NGINX_UPGRADE_HEADERS_MISSING: code({
    severity: 'error',
    title: 'nginx does not pass the upgrade headers',
    message: (d) => `${s(d.location)} proxies a WebSocket but does not pass ${(d.missing as string[]).join(' and ')} to the upstream (hop-by-hop headers are dropped), so the handshake fails`,
    remedy: () => 'add `map $http_upgrade $connection_upgrade { default upgrade; \'\' close; }` in http{} and `proxy_set_header Upgrade $http_upgrade; proxy_set_header Connection $connection_upgrade;` in the location',
  }),
  NGINX_HTTP_VERSION: code({
    severity: 'error',
    title: 'HTTP/1.0 to the upstream',
    message: (d) => `${s(d.directive)}${d.location ? ` in ${s(d.location)}` : ''}${obj(d)} is ${s(d.value)}: WebSocket needs HTTP/1.1 to the upstream (nginx defaults to 1.0 before 1.29.7)`,
    remedy: (d) => (String(d.directive).startsWith('nginx.ingress') ? 'remove the annotation (1.1 is the default) or set it to "1.1"' : 'add `proxy_http_version 1.1;` to the location'),
  }),
  PROBE_MISSING: code({
    severity: 'warning',
    title: 'probe missing',
    message: (d) => `container ${s(d.container)} of ${s(d.object)} has no ${(d.missing as string[]).join(' and no ')}: a pod that is not ready (or is stuck) still gets WebSockets`,
    remedy: () => 'add readinessProbe (e.g. GET /readyz) and livenessProbe (e.g. GET /healthz, or /actuator/health for Spring Boot) on the named port',
  }),
  INGRESS_NGINX_RETIRED: code({
    severity: 'info',
    title: 'ingress-nginx is retired',
    message: (d) => `${s(d.object)} is served by ingress-nginx, which was retired (announced 2025-11-11; no releases or security fixes after March 2026)`,
    remedy: () => 'plan a move to a Gateway API implementation: `wsgate deploy k8s --gateway <name>` writes an HTTPRoute with timeouts and a Service with appProtocol kubernetes.io/ws',
  }),
  TLS_HOST_NOT_COVERED: code({
    severity: 'error',
    title: 'rule host without TLS',
    message: (d) => `host ${s(d.host)}${obj(d)} is not in any tls.hosts (${(d.tlsHosts as string[]).join(', ') || 'none'}): wss:// to it gets the controller's default certificate and fails`,
    remedy: (d) => `add ${s(d.host)} to spec.tls[].hosts (cert-manager then issues a certificate for it)`,
  }),
  INGRESS_TLS_MISSING: code({
    severity: 'info',
    title: 'WebSocket Ingress without TLS',
    message: (d) => `${s(d.object)} routes WebSockets${Array.isArray(d.hosts) && d.hosts.length ? ` for ${d.hosts.join(', ')}` : ''} but has no tls section: wss:// works only if TLS ends before this ingress`,
    remedy: () => 'add spec.tls with the hosts and a cert-manager.io/cluster-issuer annotation (`wsgate deploy k8s` writes both), unless a load balancer in front terminates TLS',
  }),
  INGRESS_NGINX_SNIPPETS_ALLOWED: code({
    severity: 'warning',
    title: 'snippet annotations switched back on',
    message: (d) => `${s(d.object)} sets allow-snippet-annotations "true": anyone who can create an Ingress can inject nginx configuration (CVE-2023-5044; CVE-2025-1974 "IngressNightmare", CVSS 9.8); annotations-risk-level is ${s(d.riskLevel)}`,
    remedy: () => 'set it back to "false" (the default since v1.9.0) and remove the snippets: WebSockets need none',
  }),
  SERVICE_APP_PROTOCOL_MISSING: code({
    severity: 'warning',
    title: 'Gateway API backend without appProtocol',
    message: (d) => `port ${s(d.port)} of ${s(d.object)} is a WebSocket backend of ${s(d.route)} but has ${d.appProtocol ? `appProtocol ${s(d.appProtocol)}` : 'no appProtocol'}`,
    remedy: () => 'set `appProtocol: kubernetes.io/ws` on the Service port (kubernetes.io/wss with a BackendTLSPolicy); GEP-1911, standard since Gateway API v1.2.0',
  }),
  HAPROXY_TUNNEL_TIMEOUT_MISSING: code({
    severity: 'warning',
    title: 'HAProxy without timeout tunnel',
    message: (d) => `${s(d.section)} has no \`timeout tunnel\`: an upgraded WebSocket falls back to the client/server timeouts${d.fallbackSeconds !== undefined ? ` (${s(d.fallbackSeconds)} s)` : ''} and is cut when idle that long`,
    remedy: () => 'add `timeout tunnel 1h` to the defaults (or the backend)',
  }),
  CADDY_STREAM_CLOSE_DELAY_MISSING: code({
    severity: 'warning',
    title: 'Caddy closes WebSockets on reload',
    message: (d) => `${s(d.directive)} has no stream_close_delay: every config reload closes all its WebSockets at once, and all clients reconnect together`,
    remedy: () => 'add `stream_close_delay 5m` inside the reverse_proxy block (Caddy 2.7+)',
  }),
  PROXY_HTTP_VERSION_REDUNDANT: code({
    severity: 'info',
    title: 'redundant proxy-http-version',
    message: (d) => `${s(d.annotation)}${obj(d)} is "1.1", which is already ingress-nginx's default`,
    remedy: () => 'remove it',
  }),
  YAML_PARSE_ERROR: code({
    severity: 'error',
    title: 'YAML does not parse',
    message: (d) => `YAML does not parse${d.documentLine !== undefined ? ` (document starting at line ${s(d.documentLine)})` : ''}: ${s(d.error)}`,
    remedy: () => 'fix the YAML (indentation, quotes); the other documents of the file were still checked',
  }),
  CONFIG_PARSE_ERROR: code({
    severity: 'error',
    title: 'config does not parse',
    message: (d) => `${s(d.format)} config does not parse: ${s(d.error)}`,
    remedy: (d) => `fix the syntax, then check with ${d.format === 'nginx' ? '`nginx -t`' : d.format === 'caddy' ? '`caddy validate --adapter caddyfile`' : '`haproxy -c -f`'}`,
  }),
  UNKNOWN_FORMAT: code({
    severity: 'warning',
    title: 'format not recognised',
    message: () => 'not recognised as Kubernetes YAML, nginx.conf, haproxy.cfg or a Caddyfile; not checked',
    remedy: () => 'name the file *.yaml, *.conf (nginx), *.cfg (HAProxy) or Caddyfile',
  }),
  NO_CONFIG_FOUND: code({
    severity: 'warning',
    title: 'nothing to check',
    message: () => 'the directory holds no *.yaml, *.yml, *.json, *.conf, *.cfg or Caddyfile',
    remedy: () => 'point wsgate lint at the config files or their directory',
  }),
  INPUT_UNREADABLE: code({
    severity: 'error',
    title: 'input unreadable',
    message: (d) => `cannot read: ${s(d.error)}`,
    remedy: () => 'check the path and its permissions (exit code 2: the check is incomplete)',
  }),
};

/** Codes that mean the input itself could not be read: `wsgate lint` exits 2 when one is present. */
export const UNREADABLE_CODES: ReadonlySet<string> = new Set(['INPUT_UNREADABLE']);
