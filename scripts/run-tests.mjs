// Runs the test suites with Node's own test runner (TypeScript through tsx).
//   unit:        src/**/*.test.ts, bench/**/*.test.ts, examples/**/*.test.ts (pure logic, fakes, fake timers; seconds)
//   integration: test/integration/**/*.test.ts (real sockets, nginx, HAProxy, Caddy, Redis, Chromium)
//   all:         both, unit first, in one run
// Extra arguments are passed to `node --test` (e.g. --test-name-pattern=drain).
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const [suite = 'all', ...rest] = process.argv.slice(2);
const fileFilters = rest.filter((a) => !a.startsWith('-'));
const passThrough = rest.filter((a) => a.startsWith('-'));

function find(dir, out = []) {
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of entries) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) find(path, out);
    else if (name.endsWith('.test.ts')) out.push(relative(root, path));
  }
  return out.sort();
}

const suites = {
  unit: () =>
    find(join(root, 'src'))
      .concat(find(join(root, 'bench')))
      .concat(find(join(root, 'examples')))
      .concat(find(join(root, 'test')).filter((f) => !f.startsWith('test/integration/'))),
  integration: () => find(join(root, 'test', 'integration')),
};
if (!(suite === 'all' || suite in suites)) {
  console.error(`run-tests: unknown suite "${suite}" (unit, integration, all)`);
  process.exit(2);
}

// One `node --test` run, so there is one closing summary. Integration files start real
// servers and share the machine's two cores: files run one at a time (tests inside a file
// may still overlap where the file says so). Each file's process also loads the leak guard,
// which fails a file that leaves a process running (test/lab/leak-guard.ts).
let files = suite === 'all' ? [...suites.unit(), ...suites.integration()] : suites[suite]();
if (fileFilters.length) files = files.filter((f) => fileFilters.some((p) => f.includes(p)));
if (files.length === 0) {
  console.error(`run-tests: no test files matched (${suite} ${fileFilters.join(' ')})`);
  process.exit(1);
}
console.log(`# ${suite}: ${files.length} file(s)`);
const leakGuard = new URL('../test/lab/leak-guard.ts', import.meta.url).href;
const r = spawnSync(process.execPath, ['--import', 'tsx', '--import', leakGuard, '--test', '--test-reporter=spec', '--test-concurrency=1', ...passThrough, ...files], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, NODE_ENV: 'test' },
});
process.exit(r.status ?? 1);
