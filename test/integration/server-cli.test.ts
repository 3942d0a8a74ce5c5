// `wsgate serve` as a user runs it: the compiled bin (built once here with `npm run build`),
// --port 0, the JSON "listening" line, the dev banner with a working URL, exit 2 naming the flag
// for bad values (flags and WSGATE_* env), a flag beating the env, and SIGTERM → drain → exit 0.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { client } from './server-helpers.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = fileURLToPath(new URL('../../bin/wsgate.js', import.meta.url));
const children: ChildProcess[] = [];
after(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
});

before(() => {
  const r = spawnSync('npm', ['run', 'build'], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.status, 0, `npm run build failed:\n${r.stdout}\n${r.stderr}`);
});

/** Runs the CLI to completion (for commands that exit by themselves). */
function run(args: string[], env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', timeout: 20_000, env: { ...process.env, ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Starts `wsgate serve` and resolves once the "listening" line is out. */
async function serve(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [bin, 'serve', ...args], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const listening = await new Promise<Record<string, unknown>>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no listening line; stdout=${stdout} stderr=${stderr}`)), 15_000);
    const check = (): void => {
      for (const line of stdout.split('\n')) {
        if (!line.includes('"msg":"listening"')) continue;
        clearTimeout(t);
        resolve(JSON.parse(line) as Record<string, unknown>);
        return;
      }
    };
    child.stdout!.on('data', check);
    void exited.then((code) => reject(new Error(`exited ${code}: ${stderr}`)));
  });
  return { child, listening, exited, out: () => stdout, err: () => stderr };
}

test('--port 0: a JSON listening line with port and url, a dev banner whose URL works, SIGTERM drains and exits 0', async () => {
  const s = await serve(['--port', '0', '--host', '127.0.0.1', '--drain-window', '200']);
  const port = s.listening.port as number;
  assert.ok(port > 0);
  assert.equal(s.listening.url, `ws://127.0.0.1:${port}/api/ws/chat`);
  // The banner on stderr: a ready-to-paste URL and a wscat line.
  const deadline = Date.now() + 3000;
  while (!s.err().includes('wscat') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const url = new RegExp(`ws://127\\.0\\.0\\.1:${port}/api/ws/chat\\?token=(dev_[A-Za-z0-9_-]+)`).exec(s.err());
  assert.ok(url, `banner: ${s.err()}`);
  assert.ok(s.err().includes(`npx wscat -c "${url[0]}"`));
  const c = client(url[0]);
  await c.opened;
  assert.deepEqual((await c.type('hello')).user, { id: 'dev' });
  // Every line on stdout is JSON (pino).
  for (const line of s.out().split('\n').filter(Boolean)) JSON.parse(line);
  s.child.kill('SIGTERM');
  const closed = await c.closed;
  assert.equal(closed.code, 1012);
  assert.equal(await s.exited, 0);
  assert.match(s.out(), /"msg":"drained"/);
  assert.ok(!s.out().includes(url[1]!), 'the token is not in the logs');
});

test('bad values exit 2 with a message naming the flag (or the env var it came from)', () => {
  const cases: Array<[string[], Record<string, string>, RegExp]> = [
    [['serve', '--port', 'abc'], {}, /--port/],
    [['serve', '--port', '70000'], {}, /--port/],
    [['serve', '--ping-interval', '5'], {}, /--ping-interval.*at least 100/],
    [['serve', '--ping-interval', 'soon'], {}, /--ping-interval/],
    [['serve', '--log-level', 'loud'], {}, /--log-level/],
    [['serve', '--tokens', 'no-colon'], {}, /--tokens/],
    [['serve', '--jwks-url', 'not a url'], {}, /--jwks-url/],
    [['serve', '--broker', 'nats://x'], {}, /--broker/],
    [['serve', '--max-message', 'huge'], {}, /--max-message/],
    [['serve', '--bogus', '1'], {}, /unknown option --bogus/],
    [['serve', '--port'], {}, /--port needs a value/],
    [['serve'], { WSGATE_PORT: 'abc' }, /--port \(from WSGATE_PORT\)/],
  ];
  for (const [args, env, pattern] of cases) {
    const r = run(args, env);
    assert.equal(r.status, 2, `${args.join(' ')} ${JSON.stringify(env)}: ${r.stderr}`);
    assert.match(r.stderr, pattern, args.join(' '));
    assert.ok(!/\n\s+at /.test(r.stderr), 'no stack trace');
  }
});

test('a flag wins over the env; env alone configures auth (no dev banner)', async () => {
  const s = await serve(['--port', '0', '--host', '127.0.0.1'], { WSGATE_PORT: 'abc', WSGATE_TOKENS: 'tok-e:erin', WSGATE_DRAIN_WINDOW: '0' });
  const c = client(`${s.listening.url as string}?token=tok-e`);
  await c.opened;
  assert.deepEqual((await c.type('hello')).user, { id: 'erin' });
  assert.ok(!s.err().includes('dev mode'));
  s.child.kill('SIGINT');
  assert.equal(await s.exited, 0);
});

test('--broker rediss+sentinel:// (TLS Sentinel) is accepted: the server starts and /readyz says the broker is unavailable', async () => {
  // Port 1 on loopback: nothing listens, so the broker stays down (not a configuration error).
  const s = await serve(['--port', '0', '--host', '127.0.0.1', '--broker', 'rediss+sentinel://127.0.0.1:1/mymaster', '--drain-window', '0']);
  const res = await fetch(`http://127.0.0.1:${s.listening.port as number}/readyz`);
  assert.equal(res.status, 503);
  const body = (await res.json()) as { status: string; broker: { kind: string; up: boolean } };
  assert.equal(body.status, 'broker unavailable');
  assert.deepEqual([body.broker.kind, body.broker.up], ['redis', false]);
  s.child.kill('SIGTERM');
  assert.equal(await s.exited, 0);
});

test('a port already in use exits 1 with a plain message', async () => {
  const { createServer } = await import('node:net');
  const blocker = createServer();
  await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
  const port = (blocker.address() as { port: number }).port;
  try {
    const r = run(['serve', '--host', '127.0.0.1', '--port', String(port)]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, new RegExp(`port ${port} is already in use`));
    assert.ok(!/\n\s+at /.test(r.stderr), 'no stack trace');
  } finally {
    blocker.close();
  }
});

test('--help lists every flag and exits 0', () => {
  const r = run(['serve', '--help']);
  assert.equal(r.status, 0);
  for (const flag of ['--host', '--port', '--path', '--tokens', '--jwt-secret', '--jwks-url', '--introspect-url', '--ping-interval', '--max-message', '--max-connections', '--allowed-origins', '--drain-window', '--drain-timeout', '--history-size', '--history-ttl', '--log-level', '--broker']) {
    assert.ok(r.stdout.includes(flag), flag);
  }
});
