import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { nodeFs, readInputs } from './inputs.js';

test('files, directories (recursively, config names only), stdin; unreadable paths become findings', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'wsgate-lint-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'k8s', 'deep'), { recursive: true });
  mkdirSync(join(dir, 'node_modules'));
  mkdirSync(join(dir, 'empty'));
  writeFileSync(join(dir, 'k8s', 'deep', 'ingress.yaml'), 'kind: Ingress\n');
  writeFileSync(join(dir, 'k8s', 'README.md'), '# not config\n');
  writeFileSync(join(dir, 'node_modules', 'x.yaml'), 'kind: Nope\n');
  writeFileSync(join(dir, 'Caddyfile'), 'a {\n}\n');
  writeFileSync(join(dir, 'secret.conf'), 'x;\n');
  const root = process.getuid?.() === 0;
  if (!root) chmodSync(join(dir, 'secret.conf'), 0o000);

  const { inputs, problems } = await readInputs([dir, join(dir, 'missing.yaml'), join(dir, 'empty'), '-'], nodeFs(Readable.from(['kind: Service\n'])));
  assert.deepEqual(
    inputs.map((i) => i.file.replace(dir, '')),
    ['/Caddyfile', '/k8s/deep/ingress.yaml', ...(root ? ['/secret.conf'] : []), '<stdin>'],
  );
  assert.equal(inputs.at(-1)!.text, 'kind: Service\n');
  const codes = problems.map((p) => [p.code, String(p.data!.file).replace(dir, '')]);
  assert.deepEqual(codes, [...(root ? [] : [['INPUT_UNREADABLE', '/secret.conf']]), ['INPUT_UNREADABLE', '/missing.yaml'], ['NO_CONFIG_FOUND', '/empty']]);
  assert.equal(problems.find((p) => String(p.data!.file).endsWith('missing.yaml'))!.data!.error, 'no such file or directory');
});
