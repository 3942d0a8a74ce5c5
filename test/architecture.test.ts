// Imports point inward (../shared/STYLE.md §2): cli → {server, doctor, deploy} → protocol;
// client → protocol only; server and client never import each other; nothing imports cli.
// A violation names the file and the import, so the picture in ARCHITECTURE.md stays true.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const src = fileURLToPath(new URL('../src', import.meta.url));

/** Which capabilities each capability may import (besides itself). */
const ALLOWED: Record<string, readonly string[]> = {
  i18n: [],
  protocol: [],
  findings: ['i18n'],
  client: ['protocol'],
  server: ['protocol'],
  doctor: ['protocol', 'findings', 'i18n'],
  deploy: ['protocol', 'findings', 'i18n'],
  web: ['client', 'protocol', 'i18n'],
  cli: ['protocol', 'findings', 'i18n', 'server', 'doctor', 'deploy'],
};

function files(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) files(path, out);
    else if (/\.(ts|tsx|mts)$/.test(name)) out.push(path);
  }
  return out;
}

function capabilityOf(path: string): string {
  return relative(src, path).split(sep)[0]!;
}

const IMPORT = /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s+['"]([^'"]+)['"]/gm;

test('every import between capabilities points inward', () => {
  const violations: string[] = [];
  const all = files(src);
  assert.ok(all.length > 10, 'expected to find the source tree');
  for (const file of all) {
    const from = capabilityOf(file);
    const allowed = ALLOWED[from];
    if (!allowed) {
      violations.push(`${relative(src, file)}: capability "${from}" has no rule in test/architecture.test.ts`);
      continue;
    }
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[1] ?? m[2] ?? m[3]!;
      let to: string | undefined;
      if (spec.startsWith('.')) to = capabilityOf(resolve(dirname(file), spec));
      else if (spec.startsWith('wsgate/')) to = spec.slice('wsgate/'.length).split('/')[0];
      if (to === undefined || to === from) continue;
      if (!allowed.includes(to)) violations.push(`${relative(src, file)} imports ${spec} (${from} → ${to} is not allowed)`);
    }
  }
  assert.deepEqual(violations, []);
});
