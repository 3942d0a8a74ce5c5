// The benchmark harness itself (docs/benchmarks.md): a short run against real servers writes complete,
// well-formed results (JSON, Markdown, SVG), and the harness never leaves a server process
// behind, whether it finishes or is interrupted. Speed is not asserted here (that is what the
// bench reports); `npm run bench -- --quick` in CI runs every section.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import type { BenchResults } from '../../bench/lib/results.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Pids of live processes whose environment carries `tag` (every child of the bench inherits it). */
function processesTagged(tag: string): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (readFileSync(`/proc/${name}/environ`, 'latin1').includes(`WSGATE_BENCH_TAG=${tag}`)) pids.push(Number(name));
    } catch {
      /* gone, or not ours to read */
    }
  }
  return pids;
}

function runBench(args: string[], tag: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/run.ts', ...args], {
    cwd: root,
    env: { ...process.env, WSGATE_BENCH_TAG: tag },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return { child, exited, output: () => out };
}

test('a short bench run writes well-formed results for every section it ran, and leaves no process behind', { timeout: 75_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'wsgate-bench-test-'));
  const tag = randomBytes(6).toString('hex');
  const run = runBench(['--quick', '--only', 'bundle,echo,idle,handshake,transports', '--targets', 'ws,wsgate', '--out', dir, '--name', 't'], tag);
  t.after(() => {
    run.child.kill('SIGKILL');
    for (const pid of processesTagged(tag)) process.kill(pid, 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });
  const { code } = await run.exited;
  assert.equal(code, 0, run.output());
  assert.deepEqual(processesTagged(tag), [], 'a server outlived the bench');

  const r = JSON.parse(readFileSync(join(dir, 't.json'), 'utf8')) as BenchResults;
  assert.equal(r.schema, 1);
  assert.equal(r.mode, 'quick');
  assert.deepEqual(r.errors, []);
  assert.deepEqual(r.skipped, []);

  // echo: every server at 100 connections, both sizes; bare ws is the 1.00× baseline
  for (const target of ['ws', 'wsgate'] as const) {
    for (const size of [64, 4096]) {
      const row = r.echo.throughput.find((x) => x.target === target && x.size === size && x.connections === 100 && x.via !== 'ping');
      assert.ok(row, `no echo row for ${target} ${size} B`);
      assert.ok(row.msgsPerSec.median > 0, `${target} ${size} B echoed nothing`);
      if (target === 'ws') assert.equal(row.ratioVsWs, 1);
      else assert.ok(row.ratioVsWs! > 0);
    }
    const lat = r.echo.latency.filter((x) => x.target === target);
    assert.equal(lat.length, 2);
    for (const l of lat) assert.ok(l.p50.median > 0 && l.p50.median <= l.p99.median, `${target} latency p50 ${l.p50.median} p99 ${l.p99.median}`);
  }
  assert.equal(r.echo.throughput.find((x) => x.target === 'wsgate' && x.via === 'pubsub')?.via, 'pubsub', 'wsgate echo goes through publish → subscription');

  // idle: every connection held through the heartbeat window, memory grew with them
  for (const target of ['ws', 'wsgate'] as const) {
    const rows = r.idle.rows.filter((x) => x.target === target);
    assert.ok(rows.length > 0, `no idle rows for ${target}`);
    for (const row of rows) {
      assert.equal(row.connected, row.connections, `${target}: not every idle connection was accepted`);
      assert.ok(row.rssPerConnKB.median > 0 && row.heapPerConnKB.median > 0, `${target}: no memory per connection`);
    }
  }
  // handshakes: all succeeded
  for (const h of r.handshake) {
    assert.ok(h.perSec.median > 0);
    assert.deepEqual(h.failures, {}, `${h.target} handshakes failed`);
  }
  // bundle: every client measured, gzip smaller than minified
  assert.deepEqual(r.bundle.map((b) => b.name).sort(), ['partysocket', 'partysocket/ws', 'reconnecting-websocket', 'socket.io-client', 'wsgate/client', 'wsgate/client/websocket', 'wsgate/socket']);
  for (const b of r.bundle) assert.ok(b.gzipped > 0 && b.gzipped < b.minified, b.name);
  // transports: the SSE fallback next to WebSocket, echo and idle memory for each
  assert.deepEqual(r.transports?.map((t) => t.transport), ['websocket', 'sse']);
  for (const t of r.transports ?? []) assert.ok(t.msgsPerSec.median > 0 && Number.isFinite(t.rssPerSessionKB.median), t.transport);
  // the targets (docs/benchmarks.md "Against the targets"), each with a verdict; without Socket.IO
  // or the Redis broker in the run, no verdict against them (and a quick run compares nothing with the previous run)
  assert.deepEqual(r.targets.map((v) => v.goal.split(' (')[0]!.split(',')[0]), [
    'publish echo ≥ 0.9× bare ws',
    'publish echo ≥ 0.7× bare ws',
    'publish echo ≥ 2× Socket.IO',
    'Redis broker echo ≥ 0.5× bare ws',
    'handshakes with auth ≥ 0.8× bare ws',
    'memory per idle connection ≤ 1.1× bare ws',
  ]);
  for (const v of r.targets) {
    if (v.goal.includes('Socket.IO') || v.goal.startsWith('Redis')) assert.equal(v.verdict, 'not measured', v.goal);
    else assert.ok(v.verdict === 'met' || v.verdict === 'missed', `${v.goal}: ${v.verdict}`);
  }

  const md = readFileSync(join(dir, 't.md'), 'utf8');
  assert.equal(r.handshake.length, 2);
  for (const heading of ['## Against the targets', '## 1. Echo throughput', '## 3. Idle connections', '## 4. Connection rate', '## 5. Client bundle size']) assert.ok(md.includes(heading), `markdown lacks "${heading}"`);
  assert.match(md, /\| bare ws \| [\d,]+ \| 1\.00× \|/);
  const svg = readFileSync(join(dir, 't.svg'), 'utf8');
  assert.match(svg, /^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  assert.equal((svg.match(/<path d="M/g) ?? []).length, 4, 'one line per server in each panel');
});

test('an interrupted bench kills the server it started', { timeout: 60_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'wsgate-bench-test-'));
  const tag = randomBytes(6).toString('hex');
  const run = runBench(['--quick', '--only', 'echo', '--targets', 'ws', '--out', dir, '--name', 't'], tag);
  t.after(() => {
    run.child.kill('SIGKILL');
    for (const pid of processesTagged(tag)) process.kill(pid, 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });
  // wait until a server of the bench is running (a process other than the bench itself)
  const deadline = Date.now() + 30_000;
  let others: number[] = [];
  while (Date.now() < deadline) {
    others = processesTagged(tag).filter((p) => p !== run.child.pid);
    if (others.length && run.output().includes('— echo')) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.ok(others.length > 0, `no server started:\n${run.output()}`);
  run.child.kill('SIGINT');
  const { code } = await run.exited;
  assert.equal(code, 130);
  await new Promise((r) => setTimeout(r, 300));
  assert.deepEqual(processesTagged(tag), [], 'a server outlived the interrupted bench');
});

test('a bad option exits 2 and says which', async () => {
  const run = runBench(['--runs', 'many'], randomBytes(6).toString('hex'));
  const { code } = await run.exited;
  assert.equal(code, 2);
  assert.match(run.output(), /--runs must be a whole number/);
  assert.doesNotMatch(run.output(), /at .*\.ts:\d+/, 'no stack trace');
});
