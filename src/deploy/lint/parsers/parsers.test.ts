import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigSyntaxError } from '../types.js';
import { parseCaddyfile, parseNginx } from './block.js';
import { parseHaproxy } from './haproxy.js';
import { parseYaml } from './yaml.js';

test('nginx: nested blocks, quotes, ${var} words and line numbers', () => {
  const tree = parseNginx(`# c\nhttp {\n  map $http_upgrade $connection_upgrade { default upgrade; '' close; }\n  server {\n    location /ws { proxy_set_header Connection "upgrade"; return 200 "\${host};x"; }\n  }\n}\n`);
  const http = tree[0]!;
  assert.equal(http.line, 2);
  assert.deepEqual(http.block![0]!.block!.map((d) => [d.name, ...d.args]), [['default', 'upgrade'], ['', 'close']]);
  const loc = http.block![1]!.block![0]!;
  assert.equal(loc.line, 5);
  assert.deepEqual(loc.block!.map((d) => [d.name, ...d.args]), [['proxy_set_header', 'Connection', 'upgrade'], ['return', '200', '${host};x']]);
});

test('nginx: syntax errors carry the line', () => {
  for (const [text, line] of [['server {\n  listen 80\n}\n', 2], ['server {\n  listen 80;\n', 1], ['}\n', 1], ["a 'open\n", 1]] as const) {
    assert.throws(() => parseNginx(text), (e: unknown) => e instanceof ConfigSyntaxError && e.line === line, text);
  }
});

test('caddyfile: site blocks, placeholders are words, a lone } closes', () => {
  const tree = parseCaddyfile('{\n\tadmin off\n}\nws.example.com {\n\theader X-Host {host}\n\treverse_proxy /ws* a:1 {\n\t\tstream_close_delay 5m\n\t}\n}\n');
  assert.equal(tree[0]!.name, '');
  assert.equal(tree[1]!.name, 'ws.example.com');
  assert.deepEqual(tree[1]!.block![0]!.args, ['X-Host', '{host}']);
  assert.equal(tree[1]!.block![1]!.block![0]!.line, 7);
  assert.throws(() => parseCaddyfile('a {\n\tb\n'), ConfigSyntaxError);
});

test('haproxy: sections, quoted words, comments', () => {
  const s = parseHaproxy('global\n  log stdout format raw local0\ndefaults # d\n  timeout tunnel 1h\nfrontend fe\n  http-request set-header X-A "a b"\n');
  assert.deepEqual(s.map((x) => [x.kind, x.name, x.line]), [['global', undefined, 1], ['defaults', undefined, 3], ['frontend', 'fe', 5]]);
  assert.deepEqual(s[2]!.lines[0]!.words, ['http-request', 'set-header', 'X-A', 'a b']);
});

test('yaml: List items, documents after a broken one, key lines', () => {
  const text = 'kind: List\napiVersion: v1\nitems:\n- apiVersion: v1\n  kind: Service\n  metadata:\n    name: a\n---\nkey: [broken\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: b\n';
  const { doc, findings } = parseYaml('f.yaml', text);
  assert.deepEqual(doc.objects.map((o) => o.name), ['a', 'b']);
  assert.equal(doc.objects[0]!.line(['metadata', 'name']), 7);
  assert.equal(doc.objects[1]!.line(['metadata', 'name']), 14);
  assert.equal(doc.objects[1]!.line(['metadata', 'nope']), 13, 'falls back to the nearest ancestor');
  // yaml reports an unclosed flow sequence where it gave up (the next `---`); the document's own `---` line is kept too.
  assert.deepEqual(findings.map((f) => [f.code, f.data!.line, f.data!.documentLine]), [['YAML_PARSE_ERROR', 10, 8]]);
  assert.deepEqual(parseYaml('e.yaml', '').doc.objects, []);
});
