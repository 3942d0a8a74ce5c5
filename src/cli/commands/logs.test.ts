// `wsgate logs` from the command line: exit codes as lint uses them, progress only on a TTY.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { main } from '../main.js';

const FIXTURES = fileURLToPath(new URL('../../logs/__fixtures__/', import.meta.url));

async function run(args: string[], tty = false): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = new Writable({ write: (c, _e, cb) => ((stdout += c.toString()), cb()) });
  const err = Object.assign(new Writable({ write: (c, _e, cb) => ((stderr += c.toString()), cb()) }), { isTTY: tty });
  const code = await main(['logs', ...args], { stdout: out, stderr: err, stdin: process.stdin, env: {} });
  return { code, stdout, stderr };
}

test('exit 1 with an error finding, 0 without, 2 for unreadable input and bad usage', async () => {
  assert.equal((await run([`${FIXTURES}ingress-upstreaminfo.log`])).code, 1);
  const clean = await run([`${FIXTURES}nginx-combined.log`, '--format', 'wsgate']);
  assert.equal(clean.code, 0, clean.stdout);
  assert.match(clean.stdout, /LINES_UNPARSED/);
  assert.equal((await run(['/nonexistent.log'])).code, 2);
  const bad = await run([`${FIXTURES}wsgate.log`, '--format', 'apache']);
  assert.deepEqual([bad.code, bad.stderr.trim()], [2, 'wsgate: --format: "apache" is not one of auto, ingress-nginx, nginx-combined, wsgate']);
  assert.equal((await run([])).code, 2);
  assert.equal((await run(['x.log', '--path', 'ws'])).code, 2);
});

test('progress on stderr only when it is a TTY, cleared at the end', async () => {
  const quiet = await run([`${FIXTURES}wsgate.log`]);
  assert.equal(quiet.stderr, '');
  const tty = await run([`${FIXTURES}wsgate.log`], true);
  assert.match(tty.stderr, /^\r\u001b\[Kreading .*wsgate\.log: 0 MB \/ 0 MB \(100%\), 15 lines\r\u001b\[K$/);
});
