// The leak guard (test/lab/leak-guard.ts) that every test file runs under: a file that leaves a
// child or a daemon running fails, names each one, and they are killed; a file that stops what
// it started passes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const guard = new URL('../lab/leak-guard.ts', import.meta.url).href;

function runFixture(leak: boolean): { status: number | null; output: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--import', guard, '--test', '--test-reporter=spec', 'test/integration/fixtures/leaky-file.ts'], {
    cwd: root,
    encoding: 'utf8',
    timeout: 30_000,
    // A test file of its own, as the runner starts it (NODE_TEST_CONTEXT is set for the child by --test).
    env: { ...process.env, LEAK: leak ? '1' : '0', NODE_TEST_CONTEXT: undefined },
  });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

function alive(pid: number): boolean {
  if (!existsSync(`/proc/${pid}/stat`)) return false;
  const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
  return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
}

test('a file that leaves a child and a daemon running fails, names both, and they are killed', { skip: process.platform !== 'linux' && 'needs /proc' }, () => {
  const r = runFixture(true);
  assert.notEqual(r.status, 0, r.output);
  assert.match(r.output, /leak-guard: this file left 2 process\(es\) running/);
  const pids = [...r.output.matchAll(/pid (\d+) \(parent (\d+)\): sleep (4[12])/g)];
  assert.deepEqual(pids.map((m) => m[3]).sort(), ['41', '42'], r.output);
  // The daemon was reparented away from the file's process tree; its environment tag found it.
  for (const m of pids) assert.equal(alive(Number(m[1])), false, `pid ${m[1]} still running`);
});

test('a file that stops what it started passes', { skip: process.platform !== 'linux' && 'needs /proc' }, () => {
  const r = runFixture(false);
  assert.equal(r.status, 0, r.output);
  assert.doesNotMatch(r.output, /leak-guard/);
});
