// Loaded into every test file's process by scripts/run-tests.mjs (`--import`): counts the
// processes the file owns when it starts and again when it exits, and fails the file that
// leaves one running (an nginx worker, a Chromium helper, a redis-server, a `wsgate serve`
// child). Leftovers are named, then killed, so they cannot disturb the files after it (a
// stray server or busy loop is how one file's leak becomes another file's flaky timing).
// Ownership is by process tree and by a per-file environment tag (test/lab/processes.ts),
// never by program name: other people's processes on the same machine are never touched.
import { randomBytes } from 'node:crypto';
import { ownedProcesses, type ProcInfo } from './processes.js';

/** Helpers that exit by themselves when this process does (their stdin is our pipe). */
const DIES_WITH_PARENT = [/(^|\/)esbuild --service=/];
/** How long exiting children get to finish (a master waits for its workers). */
const GRACE_MS = 3000;

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function install(): void {
  const tag = `WSGATE_LAB_TAG=${process.pid}-${randomBytes(4).toString('hex')}`;
  process.env.WSGATE_LAB_TAG = tag.slice('WSGATE_LAB_TAG='.length);
  const before = new Set(ownedProcesses(process.pid, tag).map((p) => p.pid));
  const leaked = (): ProcInfo[] => ownedProcesses(process.pid, tag).filter((p) => !before.has(p.pid) && !DIES_WITH_PARENT.some((re) => re.test(p.command)));

  // 'exit' runs after every test and after-hook of the file; only synchronous work is possible.
  process.on('exit', () => {
    let left = leaked();
    const deadline = Date.now() + GRACE_MS;
    while (left.length && Date.now() < deadline) {
      sleepSync(50);
      left = leaked();
    }
    if (!left.length) return;
    const lines = left.map((p) => `  pid ${p.pid} (parent ${p.ppid}): ${p.command.slice(0, 200)}`);
    process.stderr.write(`leak-guard: this file left ${left.length} process(es) running (killed now):\n${lines.join('\n')}\n`);
    for (const p of left) {
      try {
        process.kill(p.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    process.exitCode = 1;
  });
}

// Only inside a test file's process (the runner sets NODE_TEST_CONTEXT there), and only where
// /proc exists.
if (process.env.NODE_TEST_CONTEXT && process.platform === 'linux') install();
