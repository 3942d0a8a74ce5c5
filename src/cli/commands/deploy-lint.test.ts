// `wsgate deploy` and `wsgate lint` through main(): output, files, exit codes (0/1/2).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { main } from '../main.js';

const fixtures = fileURLToPath(new URL('../../deploy/__fixtures__/lint/', import.meta.url));

async function run(argv: string[], stdin = ''): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c) => (out += c));
  stderr.on('data', (c) => (err += c));
  const code = await main(argv, { stdout, stderr, stdin: Readable.from([stdin]), env: {} });
  return { code, out, err };
}

test('deploy k8s prints a multi-document stream to stdout', async () => {
  const r = await run(['deploy', 'k8s', '--host', 'ws.cainsgl.cn', '--timeout', '2h', '--replicas', '3']);
  assert.equal(r.code, 0, r.err);
  const docs = parseAllDocuments(r.out).map((d) => d.toJS());
  assert.deepEqual(docs.map((d) => d.kind), ['Deployment', 'Service', 'Ingress']);
  assert.equal(docs[0].spec.replicas, 3);
  assert.equal(docs[2].metadata.annotations['nginx.ingress.kubernetes.io/proxy-read-timeout'], '7200');
});

test('deploy all --out writes every target', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'wsgate-deploy-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const r = await run(['deploy', 'all', '--out', dir, '--host', 'ws.example.com', '--gateway', 'public']);
  assert.equal(r.code, 0, r.err);
  for (const f of ['k8s/ai-service.yaml', 'nginx/wsgate.conf', 'haproxy/haproxy.cfg', 'caddy/Caddyfile', 'spring-gateway/application.yml', 'dns.txt']) {
    assert.ok(readFileSync(join(dir, f), 'utf8').length > 50, f);
    assert.match(r.err, new RegExp(`wrote .*${f.replace('.', '\\.')}`));
  }
  assert.match(readFileSync(join(dir, 'k8s/ai-service.yaml'), 'utf8'), /kind: HTTPRoute/);
  // What deploy writes, lint passes (only the retirement notice would remain for ingress-nginx).
  const lint = await run(['lint', dir]);
  assert.equal(lint.code, 0, lint.out);
  assert.match(lint.out, /5 files checked/);
  assert.match(lint.out, /no problems found/);
});

test('deploy: unknown target and bad flags exit 2 with a precise message', async () => {
  const unknown = await run(['deploy', 'traefik']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.err, /unknown target "traefik" \(targets: k8s, nginx, haproxy, caddy, spring-gateway, dns, all\)/);
  const cases: [string[], RegExp][] = [
    [['deploy'], /needs a target/],
    [['deploy', 'k8s', '--port', 'http'], /--port: "http"/],
    [['deploy', 'k8s', '--timeout', 'soon'], /--timeout: "soon" is not a duration/],
    [['deploy', 'k8s', '--timeout', '500ms'], /--timeout: "500ms" must be a whole number of seconds/],
    [['deploy', 'nginx', '--upstream', 'nohost:'], /--upstream/],
    [['deploy', 'k8s', '--host', 'bad host'], /--host: "bad host" is not a DNS name/],
    [['deploy', 'k8s', '--gateway-class', 'eg'], /--gateway-class needs --gateway/],
    [['deploy', 'k8s', '--bogus'], /Unknown option '--bogus'/],
  ];
  for (const [argv, re] of cases) {
    const r = await run(argv);
    assert.equal(r.code, 2, argv.join(' '));
    assert.match(r.err, re);
    assert.doesNotMatch(r.err, /\n\s+at /, 'no stack trace');
  }
});

test('lint: the guide Ingress exits 1 (snippet annotation is an error)', async () => {
  const r = await run(['lint', join(fixtures, 'guide-k3s-ai-ingress.yaml')]);
  assert.equal(r.code, 1);
  assert.match(r.out, /guide-k3s-ai-ingress\.yaml:15 .*configuration-snippet/);
  assert.match(r.out, /guide-k3s-ai-ingress\.yaml:8 .*websocket-services/);
});

test('lint: only warnings exit 0; --json has the report shape with file and line', async () => {
  const r = await run(['lint', '--json', join(fixtures, 'guide-step2-websocket-ingress.yaml')]);
  assert.equal(r.code, 0);
  const report = JSON.parse(r.out);
  assert.equal(report.schemaVersion, 1);
  assert.equal(report.ok, true);
  assert.deepEqual(report.findings.map((f: { code: string }) => f.code), ['INGRESS_UNKNOWN_ANNOTATION', 'INGRESS_NGINX_RETIRED']);
  for (const f of report.findings) {
    assert.deepEqual(Object.keys(f).sort(), ['check', 'code', 'data', 'message', 'remedy', 'severity']);
    assert.equal(typeof f.data.file, 'string');
    assert.equal(typeof f.data.line, 'number');
  }
});

test('lint -: kubectl get ingress -A -o yaml on stdin', async () => {
  const r = await run(['lint', '-', '--json'], readFileSync(join(fixtures, 'kubectl-list.yaml'), 'utf8'));
  assert.equal(r.code, 1);
  const report = JSON.parse(r.out);
  assert.ok(report.findings.every((f: { data: { file: string } }) => f.data.file === '<stdin>'));
  assert.deepEqual(
    report.findings.filter((f: { severity: string }) => f.severity === 'error').map((f: { code: string; data: { line: number } }) => `${f.code}:${f.data.line}`),
    ['NGINX_HTTP_VERSION:9', 'INGRESS_SNIPPET_ANNOTATION:10'],
  );
});

test('lint: an unreadable input exits 2, and the others are still reported', async () => {
  const r = await run(['lint', '/nonexistent/ingress.yaml', join(fixtures, 'nginx-websocket.conf')]);
  assert.equal(r.code, 2);
  assert.match(r.out, /INPUT_UNREADABLE\s+\/nonexistent\/ingress\.yaml:0\s+cannot read: no such file or directory/);
  assert.match(r.out, /NGINX_UPGRADE_HEADERS_MISSING\s+\S*nginx-websocket\.conf:11/);
});

test('lint: usage errors exit 2', async () => {
  assert.equal((await run(['lint'])).code, 2);
  const bad = await run(['lint', '--format', 'toml', 'x']);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /--format: "toml"/);
});

test('lint --format forces the parser', async () => {
  const r = await run(['lint', '--format', 'nginx', '--json', '-'], 'location /ws { proxy_pass http://a; }\n');
  const codes = JSON.parse(r.out).findings.map((f: { code: string }) => f.code);
  assert.ok(codes.includes('NGINX_UPGRADE_HEADERS_MISSING'));
});
