// Imports point inward (ARCHITECTURE.md "The tree, by capability", the ALLOWED table below):
// cli → {server, doctor, deploy, logs} → {knowledge, findings, i18n, protocol}; client and socket
// → protocol only; server and client never import each other; nothing imports cli. What runs in a browser (client, socket, protocol,
// web, findings, knowledge) imports no `node:` module, and no file in src/ is part of an import
// cycle (type-only imports count). A violation names the file and the import, so the picture
// in ARCHITECTURE.md stays true.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const src = fileURLToPath(new URL('../src', import.meta.url));

/** Which capabilities each capability may import (besides itself). */
const ALLOWED: Record<string, readonly string[]> = {
  i18n: [],
  protocol: [],
  findings: ['i18n'],
  knowledge: ['protocol', 'findings'],
  client: ['protocol'],
  socket: ['protocol'],
  server: ['protocol'],
  doctor: ['protocol', 'findings', 'knowledge', 'i18n'],
  deploy: ['protocol', 'findings', 'i18n'],
  logs: ['protocol', 'findings', 'knowledge', 'i18n'],
  web: ['client', 'protocol', 'findings', 'knowledge', 'i18n'],
  cli: ['protocol', 'findings', 'i18n', 'server', 'doctor', 'deploy', 'logs'],
};

/** Capabilities that run in browsers: no `node:` imports outside their tests. */
const BROWSER_SAFE: readonly string[] = ['client', 'socket', 'protocol', 'web', 'findings', 'knowledge', 'i18n'];

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

/** Every import specifier in a file (static, dynamic, re-exports, type-only). */
function importsOf(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(IMPORT)].map((m) => m[1] ?? m[2] ?? m[3]!);
}

/** The source file a relative specifier names (`./x.js` → `./x.ts`, a folder → its index), or undefined. */
function resolveSource(from: string, spec: string): string | undefined {
  const base = resolve(dirname(from), spec);
  const candidates = [base.replace(/\.js$/, '.ts'), base.replace(/\.mjs$/, '.mts'), `${base}.ts`, join(base, 'index.ts'), base];
  return candidates.find((c) => existsSync(c) && statSync(c).isFile());
}

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
    for (const spec of importsOf(file)) {
      let to: string | undefined;
      if (spec.startsWith('.')) {
        const target = resolve(dirname(file), spec);
        // src/ is the package: it never reaches into bench/, test/ or scripts/.
        if (relative(src, target).startsWith('..')) {
          violations.push(`${relative(src, file)} imports ${spec}, outside src/`);
          continue;
        }
        to = capabilityOf(target);
      }
      else if (spec.startsWith('wsgate/')) to = spec.slice('wsgate/'.length).split('/')[0];
      if (to === undefined || to === from) continue;
      if (!allowed.includes(to)) violations.push(`${relative(src, file)} imports ${spec} (${from} → ${to} is not allowed)`);
    }
  }
  assert.deepEqual(violations, []);
});

test('code that runs in browsers imports no node: module', () => {
  const violations: string[] = [];
  for (const file of files(src)) {
    if (!BROWSER_SAFE.includes(capabilityOf(file)) || file.endsWith('.test.ts')) continue;
    for (const spec of importsOf(file)) if (spec.startsWith('node:')) violations.push(`${relative(src, file)} imports ${spec}`);
  }
  assert.deepEqual(violations, []);
});

test('no import cycles in src/, type-only imports included', () => {
  const graph = new Map<string, string[]>();
  const all = new Set(files(src));
  for (const file of all) {
    const deps = importsOf(file)
      .filter((spec) => spec.startsWith('.'))
      .map((spec) => resolveSource(file, spec))
      .filter((dep): dep is string => dep !== undefined && all.has(dep));
    graph.set(file, deps);
  }
  // Tarjan's strongly connected components: every component of more than one file (or a file
  // importing itself) is a cycle.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[] = [];
  let next = 0;
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || graph.get(v)!.includes(v)) cycles.push(component.map((f) => relative(src, f)).sort().join(' ⇄ '));
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  assert.deepEqual(cycles.sort(), []);
});
