/**
 * The annotations ingress-nginx knows (prefix `nginx.ingress.kubernetes.io/`), from its
 * `docs/user-guide/nginx-configuration/annotations.md` (current and recent releases). There is
 * no WebSocket annotation: the controller proxies WebSockets out of the box.
 */

export const INGRESS_NGINX_PREFIX = 'nginx.ingress.kubernetes.io/';

export const INGRESS_NGINX_ANNOTATIONS: ReadonlySet<string> = new Set([
  'app-root', 'affinity', 'affinity-mode', 'affinity-canary-behavior',
  'auth-realm', 'auth-secret', 'auth-secret-type', 'auth-type',
  'auth-tls-secret', 'auth-tls-verify-depth', 'auth-tls-verify-client', 'auth-tls-error-page', 'auth-tls-pass-certificate-to-upstream', 'auth-tls-match-cn',
  'auth-url', 'auth-cache-key', 'auth-cache-duration', 'auth-keepalive', 'auth-keepalive-share-vars', 'auth-keepalive-requests', 'auth-keepalive-timeout',
  'auth-proxy-set-headers', 'auth-snippet', 'auth-method', 'auth-signin', 'auth-signin-redirect-param', 'auth-response-headers', 'auth-request-redirect', 'auth-always-set-cookie',
  'enable-global-auth', 'backend-protocol',
  'canary', 'canary-by-header', 'canary-by-header-value', 'canary-by-header-pattern', 'canary-by-cookie', 'canary-weight', 'canary-weight-total',
  'client-body-buffer-size', 'configuration-snippet', 'custom-http-errors', 'custom-headers', 'default-backend', 'disable-proxy-intercept-errors',
  'enable-cors', 'cors-allow-origin', 'cors-allow-methods', 'cors-allow-headers', 'cors-expose-headers', 'cors-allow-credentials', 'cors-max-age',
  'force-ssl-redirect', 'from-to-www-redirect', 'http2-push-preload',
  'limit-connections', 'limit-rps', 'limit-rpm', 'limit-burst-multiplier', 'limit-rate-after', 'limit-rate', 'limit-whitelist', 'limit-allowlist',
  'global-rate-limit', 'global-rate-limit-window', 'global-rate-limit-key', 'global-rate-limit-ignored-cidrs',
  'permanent-redirect', 'permanent-redirect-code', 'temporal-redirect', 'temporal-redirect-code', 'relative-redirects', 'preserve-trailing-slash',
  'proxy-body-size', 'proxy-cookie-domain', 'proxy-cookie-path',
  'proxy-connect-timeout', 'proxy-send-timeout', 'proxy-read-timeout',
  'proxy-next-upstream', 'proxy-next-upstream-timeout', 'proxy-next-upstream-tries', 'proxy-request-buffering',
  'proxy-redirect-from', 'proxy-redirect-to', 'proxy-http-version',
  'proxy-ssl-secret', 'proxy-ssl-ciphers', 'proxy-ssl-name', 'proxy-ssl-protocols', 'proxy-ssl-verify', 'proxy-ssl-verify-depth', 'proxy-ssl-server-name',
  'enable-rewrite-log', 'rewrite-target', 'satisfy', 'server-alias', 'server-snippet', 'service-upstream',
  'session-cookie-name', 'session-cookie-path', 'session-cookie-domain', 'session-cookie-change-on-failure', 'session-cookie-samesite', 'session-cookie-conditional-samesite-none',
  'session-cookie-expires', 'session-cookie-max-age', 'session-cookie-secure',
  'ssl-redirect', 'ssl-passthrough', 'stream-snippet', 'upstream-hash-by', 'upstream-hash-by-subset', 'upstream-hash-by-subset-size',
  'x-forwarded-prefix', 'load-balance', 'upstream-vhost', 'whitelist-source-range', 'denylist-source-range', 'allowlist-source-range',
  'proxy-buffering', 'proxy-buffers-number', 'proxy-buffer-size', 'proxy-max-temp-file-size',
  'ssl-ciphers', 'ssl-prefer-server-ciphers', 'connection-proxy-header', 'enable-access-log',
  'enable-opentracing', 'opentracing-trust-incoming-span', 'enable-opentelemetry', 'opentelemetry-trust-incoming-span', 'opentelemetry-operation-name',
  'enable-influxdb', 'influxdb-measurement', 'influxdb-port', 'influxdb-host', 'influxdb-server-name',
  'use-regex', 'enable-modsecurity', 'enable-owasp-core-rules', 'modsecurity-transaction-id', 'modsecurity-snippet',
  'mirror-request-body', 'mirror-target', 'mirror-host', 'service-upstream',
]);

/** Snippet annotations: rejected by default since v1.9.0 (risk level Critical; CVE-2023-5044, CVE-2025-1974). */
export const SNIPPET_ANNOTATIONS: ReadonlySet<string> = new Set(['configuration-snippet', 'server-snippet', 'auth-snippet', 'stream-snippet', 'modsecurity-snippet']);

/** Look-alikes from other controllers, with what they are. */
export const LOOK_ALIKES: Readonly<Record<string, string>> = {
  'websocket-services': 'nginx.org/websocket-services (F5 NGINX Ingress Controller, a different controller)',
  'proxy-websocket': 'nothing: ingress-nginx proxies WebSockets by default',
};

function distance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

/** The known annotation a typo most likely meant (edit distance ≤ 2), if any. */
export function closestAnnotation(name: string): string | undefined {
  let best: string | undefined;
  let bestD = 3;
  for (const known of INGRESS_NGINX_ANNOTATIONS) {
    const dist = distance(name, known);
    if (dist < bestD) {
      bestD = dist;
      best = known;
    }
  }
  return best;
}
