import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runBrowserTest, type BrowserTestDeps, type StepResult, type TestSocket } from './browser-test.js';

type Listener = (ev: never) => void;

/** What a test script can make the fake "server" do. */
interface Scripted {
  open(): void;
  message(data: string): void;
  closeWith(code: number, reason?: string): void;
}

/** A scripted WebSocket: `behave` decides what the "server" does with each step. */
function fakeSocket(behave: { onCreate: (s: Scripted) => void; onSend?: (s: Scripted, data: string) => void }) {
  const created: FakeSocket[] = [];
  class FakeSocket implements TestSocket, Scripted {
    readyState = 0;
    sent: string[] = [];
    private readonly listeners: Record<string, Listener[]> = {};
    constructor(readonly url: string) {
      created.push(this);
      queueMicrotask(() => behave.onCreate(this));
    }
    addEventListener(type: string, l: Listener): void {
      (this.listeners[type] ??= []).push(l);
    }
    emit(type: string, ev: unknown = {}): void {
      for (const l of this.listeners[type] ?? []) (l as (e: unknown) => void)(ev);
    }
    open(): void {
      this.readyState = 1;
      this.emit('open');
    }
    message(data: string): void {
      this.emit('message', { data });
    }
    closeWith(code: number, reason = '', wasClean = code !== 1006): void {
      this.readyState = 3;
      if (code === 1006) this.emit('error');
      this.emit('close', { code, reason, wasClean });
    }
    send(data: string): void {
      this.sent.push(data);
      behave.onSend?.(this, data);
    }
    close(code = 1005): void {
      setTimeout(() => this.closeWith(code, '', true), 1);
    }
  }
  return { FakeSocket, created };
}

const hello = JSON.stringify({ type: 'hello', protocol: 1, session: 's', user: { id: 'alice' }, heartbeat: { interval: 25_000, timeout: 10_000 } });
const opts = { wsUrl: 'ws://127.0.0.1:8080/api/ws/chat', httpUrl: 'http://127.0.0.1:8080/api/ws/chat', sameOrigin: true, origin: 'http://127.0.0.1:8080', token: 't0k' };
const timeouts = { open: 200, hello: 100, pong: 100, close: 100 };

function deps(WebSocket: BrowserTestDeps['WebSocket'], fetchStatus: number | 'fail' = 426): BrowserTestDeps & { fetched: string[] } {
  const fetched: string[] = [];
  return {
    fetched,
    WebSocket,
    now: () => performance.now(),
    fetch: async (url) => {
      fetched.push(url);
      if (fetchStatus === 'fail') throw new TypeError('Failed to fetch');
      return { status: fetchStatus, type: 'basic', text: async () => 'Upgrade Required' };
    },
  };
}

const statuses = (steps: readonly StepResult[]) => steps.map((s) => `${s.id}:${s.status}`);

test('a good server: open, hello, ping/pong, close, every step timed; no plain request needed', async () => {
  const { FakeSocket, created } = fakeSocket({
    onCreate: (s) => {
      s.open();
      s.message(hello);
    },
    onSend: (s, data) => data === 'ping' && setTimeout(() => s.message('pong'), 5),
  });
  const d = deps(FakeSocket);
  const updates: number[] = [];
  const report = await runBrowserTest({ ...opts, timeouts }, d, (steps) => updates.push(steps.length));
  assert.equal(report.ok, true);
  assert.deepEqual(statuses(report.steps), ['open:pass', 'hello:pass', 'ping:pass', 'close:pass']);
  assert.match(report.steps[1]!.summary, /user alice, heartbeat every 25 s/);
  assert.ok(report.steps[2]!.durationMs >= 4, 'pong time measured');
  assert.equal(created[0]!.url, 'ws://127.0.0.1:8080/api/ws/chat?token=t0k', 'the token rides in ?token= as in the guide');
  assert.equal(report.url, 'ws://127.0.0.1:8080/api/ws/chat?token=…', 'but is never shown');
  assert.deepEqual(d.fetched, []);
  assert.ok(updates.length >= 8, 'each step is reported as it starts and ends');
});

test('a proxy that drops Upgrade: bare 1006, then the plain request shows 426 → upgrade-not-forwarded', async () => {
  const { FakeSocket } = fakeSocket({ onCreate: (s) => s.closeWith(1006) });
  const d = deps(FakeSocket, 426);
  const report = await runBrowserTest({ ...opts, timeouts }, d);
  assert.equal(report.ok, false);
  assert.deepEqual(statuses(report.steps), ['open:fail', 'hello:skip', 'ping:skip', 'close:skip', 'probe:warn']);
  assert.match(report.steps[0]!.summary, /onclose 1006 after .* the browser does not say why/);
  assert.match(report.steps[4]!.summary, /HTTP 426/);
  assert.deepEqual(d.fetched, [opts.httpUrl], 'the plain request goes to the WebSocket path, without the token');
  assert.equal(report.findings[0]!.code, 'HANDSHAKE_REJECTED');
  assert.equal(report.findings[0]!.data.cause, 'upgrade-not-forwarded');
});

test('a bad gateway and a dead host are told apart by the plain request', async () => {
  const { FakeSocket } = fakeSocket({ onCreate: (s) => s.closeWith(1006) });
  const bad = await runBrowserTest({ ...opts, timeouts }, deps(FakeSocket, 502));
  assert.equal(bad.findings[0]!.data.cause, 'bad-gateway');
  const dead = await runBrowserTest({ ...opts, timeouts }, deps(FakeSocket, 'fail'));
  assert.equal(dead.findings[0]!.code, 'TCP_REFUSED');
});

test('a bad token: accepted, then 4401 → AUTH_REJECTED with the close code', async () => {
  const { FakeSocket } = fakeSocket({
    onCreate: (s) => {
      s.open();
      setTimeout(() => s.closeWith(4401, 'token invalid'), 2);
    },
  });
  const report = await runBrowserTest({ ...opts, token: 'bad', timeouts }, deps(FakeSocket));
  assert.deepEqual(statuses(report.steps), ['open:pass', 'hello:fail', 'ping:skip', 'close:skip']);
  assert.equal(report.findings[0]!.code, 'AUTH_REJECTED');
  assert.equal(report.findings[0]!.data.closeCode, 4401);
});

test('a server that never answers ping: NO_PONG; one without hello is only a warning', async () => {
  const { FakeSocket } = fakeSocket({ onCreate: (s) => s.open() });
  const report = await runBrowserTest({ ...opts, timeouts }, deps(FakeSocket));
  assert.deepEqual(statuses(report.steps), ['open:pass', 'hello:warn', 'ping:fail', 'close:pass']);
  assert.deepEqual(report.findings.map((f) => f.code), ['NO_PONG']);
});

test('no open and no close: HANDSHAKE_TIMEOUT', async () => {
  const { FakeSocket } = fakeSocket({ onCreate: () => {} });
  const report = await runBrowserTest({ ...opts, timeouts: { ...timeouts, open: 50 } }, deps(FakeSocket));
  assert.equal(report.steps[0]!.status, 'fail');
  assert.deepEqual(report.findings.map((f) => f.code), ['HANDSHAKE_TIMEOUT']);
});

test('a constructor that throws (mixed content) fails the first step with the browser\'s words', async () => {
  class Refusing {
    constructor() {
      throw new Error('An insecure WebSocket connection may not be initiated from a page loaded over HTTPS.');
    }
  }
  const report = await runBrowserTest({ ...opts, timeouts }, deps(Refusing as unknown as BrowserTestDeps['WebSocket']));
  assert.equal(report.findings[0]!.code, 'BROWSER_REFUSED');
  assert.match(report.steps[0]!.summary, /insecure/);
});
