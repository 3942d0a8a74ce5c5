// Lint fixture tests (publint model): each fixture yields exactly this sorted list of
// `line CODE` pairs. The guide's own Ingress YAML is among them, copied verbatim from the seed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describeLintFindings, lintTexts } from './lint.js';
import { LINT_CATALOG } from './catalog.js';
import { parse } from 'yaml';

const dir = fileURLToPath(new URL('../__fixtures__/lint/', import.meta.url));

function lintFixture(name: string): string[] {
  const text = readFileSync(dir + name, 'utf8');
  return lintTexts([{ file: name, text }])
    .map((f) => {
      assert.equal(f.data?.file, name, `${f.code} names its file`);
      assert.equal(typeof f.data?.line, 'number', `${f.code} names its line`);
      return `${String(f.data!.line).padStart(3)} ${f.code}`;
    })
    .sort();
}

const EXPECTED: Record<string, string[]> = {
  // The guide's "step 2" Ingress: the made-up websocket-services annotation on line 7.
  'guide-step2-websocket-ingress.yaml': ['  7 INGRESS_UNKNOWN_ANNOTATION', ' 12 INGRESS_NGINX_RETIRED'],
  // The guide's "recommended" K3s Ingress: websocket-services (8), proxy-http-version "1.1" (14),
  // the configuration-snippet the controller rejects since v1.9.0 (15).
  'guide-k3s-ai-ingress.yaml': ['  8 INGRESS_UNKNOWN_ANNOTATION', ' 14 PROXY_HTTP_VERSION_REDUNDANT', ' 15 INGRESS_SNIPPET_ANNOTATION', ' 21 INGRESS_NGINX_RETIRED'],
  // The guide's Gateway-forwarding Ingress also has no tls section (line 9: spec).
  'guide-gateway-ingress.yaml': ['  2 INGRESS_NGINX_RETIRED', '  6 INGRESS_UNKNOWN_ANNOTATION', '  9 INGRESS_TLS_MISSING'],
  'ingress-nginx-controller-configmap.yaml': ['  8 INGRESS_NGINX_SNIPPETS_ALLOWED', '  9 PROXY_TIMEOUT_TOO_LOW'],
  'guide-k3s-service.yaml': [],
  'guide-spring-gateway-route.yaml': [],
  'kubectl-list.yaml': ['  6 PROXY_TIMEOUT_TOO_LOW', '  7 INGRESS_UNKNOWN_ANNOTATION', '  8 PROXY_TIMEOUT_TOO_LOW', '  9 NGINX_HTTP_VERSION', ' 10 INGRESS_SNIPPET_ANNOTATION', ' 14 INGRESS_TLS_MISSING', ' 15 INGRESS_NGINX_RETIRED'],
  'ingress-tls-not-covered.yaml': ['  9 INGRESS_NGINX_RETIRED', ' 36 TLS_HOST_NOT_COVERED'],
  'deployment-probes.yaml': [' 15 PROBE_MISSING', ' 21 PROBE_MISSING'],
  'gateway-api.yaml': [' 33 PROXY_TIMEOUT_TOO_LOW', '  9 SERVICE_APP_PROTOCOL_MISSING'],
  'broken-multi-doc.yaml': ['  5 PROXY_TIMEOUT_TOO_LOW', '  5 PROXY_TIMEOUT_TOO_LOW', '  6 INGRESS_UNKNOWN_ANNOTATION', '  8 INGRESS_NGINX_RETIRED', '  7 INGRESS_TLS_MISSING', ' 15 YAML_PARSE_ERROR', ' 24 PROBE_MISSING'],
  'nginx-websocket.conf': [' 11 NGINX_HTTP_VERSION', ' 11 NGINX_UPGRADE_HEADERS_MISSING', ' 11 PROXY_TIMEOUT_TOO_LOW', ' 11 PROXY_TIMEOUT_TOO_LOW', ' 15 PROXY_TIMEOUT_TOO_LOW', ' 20 PROXY_TIMEOUT_TOO_LOW'],
  'nginx-broken.conf': ['  4 CONFIG_PARSE_ERROR'],
  'haproxy.cfg': [' 20 PROXY_TIMEOUT_TOO_LOW', '  4 HAPROXY_TUNNEL_TIMEOUT_MISSING'],
  'ws.caddyfile': ['  2 CADDY_STREAM_CLOSE_DELAY_MISSING', '  3 PROXY_TIMEOUT_TOO_LOW'],
  'notes.txt': ['  1 UNKNOWN_FORMAT'],
};

for (const [name, expected] of Object.entries(EXPECTED)) {
  test(`lint ${name}`, () => {
    assert.deepEqual(lintFixture(name), [...expected].sort());
  });
}

test('every lint code in the catalog has a fixture (or an input test) that yields it', () => {
  const seen = new Set(Object.values(EXPECTED).flat().map((s) => s.trim().split(' ')[1]));
  // Produced by reading inputs, covered in inputs.test.ts.
  for (const code of ['INPUT_UNREADABLE', 'NO_CONFIG_FOUND']) seen.add(code);
  assert.deepEqual(Object.keys(LINT_CATALOG).filter((c) => !seen.has(c)), []);
});

test('the guide Ingress findings carry the annotation, the look-alike and words from the catalog', () => {
  const name = 'guide-k3s-ai-ingress.yaml';
  const findings = describeLintFindings(lintTexts([{ file: name, text: readFileSync(dir + name, 'utf8') }]));
  assert.equal(findings[0]!.code, 'INGRESS_SNIPPET_ANNOTATION', 'errors come first');
  assert.equal(findings[0]!.severity, 'error');
  const unknown = findings.find((f) => f.code === 'INGRESS_UNKNOWN_ANNOTATION')!;
  assert.equal(unknown.data.annotation, 'nginx.ingress.kubernetes.io/websocket-services');
  assert.match(unknown.message, /nginx\.org\/websocket-services/);
  assert.match(findings[0]!.message, /v1\.9\.0/);
});

test('a typo of a real annotation gets a suggestion', () => {
  const findings = lintTexts([{ file: 'kubectl-list.yaml', text: readFileSync(dir + 'kubectl-list.yaml', 'utf8') }]);
  const typo = findings.find((f) => f.code === 'INGRESS_UNKNOWN_ANNOTATION')!;
  assert.equal(typo.data?.suggestion, 'nginx.ingress.kubernetes.io/proxy-read-timeout');
});

test('one broken file does not stop the others', () => {
  const findings = lintTexts([
    { file: 'nginx-broken.conf', text: readFileSync(dir + 'nginx-broken.conf', 'utf8') },
    { file: 'guide-step2-websocket-ingress.yaml', text: readFileSync(dir + 'guide-step2-websocket-ingress.yaml', 'utf8') },
  ]);
  assert.deepEqual(findings.map((f) => f.code).sort(), ['CONFIG_PARSE_ERROR', 'INGRESS_NGINX_RETIRED', 'INGRESS_UNKNOWN_ANNOTATION']);
});

test('content detection reads stdin without a file name', () => {
  const text = readFileSync(dir + 'nginx-websocket.conf', 'utf8');
  assert.ok(lintTexts([{ file: '<stdin>', text }]).some((f) => f.code === 'NGINX_UPGRADE_HEADERS_MISSING'));
  const cfg = readFileSync(dir + 'haproxy.cfg', 'utf8');
  assert.ok(lintTexts([{ file: '<stdin>', text: cfg }]).some((f) => f.code === 'HAPROXY_TUNNEL_TIMEOUT_MISSING'));
  const caddy = readFileSync(dir + 'ws.caddyfile', 'utf8');
  assert.ok(lintTexts([{ file: '<stdin>', text: caddy }]).some((f) => f.code === 'CADDY_STREAM_CLOSE_DELAY_MISSING'));
});

test('findings are worded from the catalog, errors first, then by file and line', () => {
  const findings = describeLintFindings(lintTexts([{ file: 'nginx-websocket.conf', text: readFileSync(dir + 'nginx-websocket.conf', 'utf8') }]));
  assert.deepEqual(findings.map((f) => f.severity), ['error', 'error', 'warning', 'warning', 'warning', 'warning']);
  for (const f of findings) {
    assert.ok(f.message.length > 10 && !f.message.startsWith('unknown finding code'), f.code);
    assert.ok(f.remedy.length > 5);
  }
});

test('kubectl -o json works too, with JSON line numbers', () => {
  const json = JSON.stringify(parse(readFileSync(dir + 'kubectl-list.yaml', 'utf8')), null, 2);
  const findings = lintTexts([{ file: '<stdin>', text: json }]);
  const snippet = findings.find((f) => f.code === 'INGRESS_SNIPPET_ANNOTATION')!;
  assert.equal(json.split('\n')[Number(snippet.data!.line) - 1]!.trim().startsWith('"nginx.ingress.kubernetes.io/server-snippet"'), true);
});
