import { afterEach, beforeEach, describe, mock, test } from 'node:test';
import assert from 'node:assert/strict';
import { Socket } from './socket.js';
import type { SocketOptions } from './types.js';
import { SocketError } from './errors.js';

type Rejected = (req: unknown, res: { statusCode?: number; headers: Record<string, unknown> }) => void;

/** A fake WebSocket: the test plays the server (open, frames, closes, an HTTP rejection). */
function fakeWebSocket() {
  const sockets: Fake[] = [];
  class Fake {
    readyState = 0;
    protocol = '';
    extensions = '';
    bufferedAmount = 0;
    binaryType = 'blob';
    sent: unknown[] = [];
    closedByClient: { code?: number; reason?: string } | undefined;
    onopen: ((ev: unknown) => void) | null = null;
    onmessage: ((ev: { data: unknown }) => void) | null = null;
    onclose: ((ev: { code: number; reason: string }) => void) | null = null;
    onerror: ((ev: unknown) => void) | null = null;
    #rejected: Rejected | undefined;
    constructor(
      readonly url: string,
      readonly protocols: string | string[],
    ) {
      sockets.push(this);
    }
    send(data: unknown): void {
      if (this.readyState !== 1) throw new Error('send on a socket that is not open');
      this.sent.push(data);
    }
    close(code?: number, reason?: string): void {
      this.closedByClient = { code, reason };
      this.readyState = 2;
    }
    on(_event: 'unexpected-response', fn: Rejected): void {
      this.#rejected = fn;
    }
    // ---- the server's side ----
    open(protocol = ''): void {
      this.readyState = 1;
      this.protocol = protocol;
      this.onopen?.({});
    }
    receive(data: unknown): void {
      this.onmessage?.({ data });
    }
    serverClose(code: number, reason = ''): void {
      this.readyState = 3;
      this.onclose?.({ code, reason });
    }
    reject(statusCode: number, headers: Record<string, string> = {}): void {
      this.#rejected?.({}, { statusCode, headers });
      this.serverClose(1006);
    }
  }
  return { WebSocket: Fake, sockets };
}

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
async function advance(ms: number, step = 100): Promise<void> {
  for (let t = 0; t < ms; t += step) {
    mock.timers.tick(Math.min(step, ms - t));
    await settle();
  }
}

type Seen = { type: string; code?: number; delay?: number; data?: unknown };
function setup(options: SocketOptions = {}, url: ConstructorParameters<typeof Socket>[0] = 'ws://127.0.0.60:1/chat') {
  const fake = fakeWebSocket();
  const socket = new Socket(url, [], { WebSocket: fake.WebSocket, ...options });
  const seen: Seen[] = [];
  for (const type of ['open', 'message', 'close', 'error', 'reconnecting', 'reconnected'])
    socket.addEventListener(type, (ev) => {
      const e = ev as Event & { code?: number; delay?: number; data?: unknown };
      seen.push({ type, ...(e.code !== undefined && { code: e.code }), ...(e.delay !== undefined && { delay: e.delay }), ...(type === 'message' && { data: e.data }) });
    });
  const last = () => fake.sockets.at(-1)!;
  return { socket, fake, seen, last, types: () => seen.map((s) => s.type) };
}

beforeEach(() => mock.timers.enable({ apis: ['setTimeout', 'Date'] }));
afterEach(() => mock.timers.reset());

describe('Socket: the WebSocket surface', () => {
  test('connects at once; onopen/onmessage/addEventListener; readyState, url, protocol, binaryType', async () => {
    const { socket, last } = setup({ token: 'tok-a' });
    const got: unknown[] = [];
    socket.onopen = () => got.push('onopen');
    socket.onmessage = (ev) => got.push((ev as MessageEvent).data);
    socket.binaryType = 'arraybuffer';
    assert.equal(socket.readyState, Socket.CONNECTING);
    await settle();
    assert.equal(new URL(last().url).searchParams.get('token'), 'tok-a');
    assert.equal(socket.url, 'ws://127.0.0.60:1/chat', 'the token stays out of url');
    assert.equal(last().binaryType, 'arraybuffer');
    last().open('chat.v1');
    assert.equal(socket.readyState, socket.OPEN);
    assert.equal(socket.protocol, 'chat.v1');
    last().receive('hello');
    assert.deepEqual(got, ['onopen', 'hello']);
    socket.close(1000, 'bye');
    assert.equal(socket.readyState, Socket.CLOSING);
    assert.deepEqual(last().closedByClient, { code: 1000, reason: 'bye' });
  });

  test('close() ends it for good: close fires once, no reconnect, send throws CLOSED', async () => {
    const { socket, fake, last, seen } = setup();
    let onclose: { code: number; reason: string } | undefined;
    socket.onclose = (ev) => (onclose = ev as unknown as { code: number; reason: string });
    await settle();
    last().open();
    socket.close(1000, 'bye');
    last().serverClose(1000, 'bye');
    assert.equal(socket.readyState, Socket.CLOSED);
    assert.deepEqual({ code: onclose?.code, reason: onclose?.reason }, { code: 1000, reason: 'bye' });
    await advance(60_000, 1000);
    assert.equal(fake.sockets.length, 1);
    assert.deepEqual(seen.map((s) => s.type), ['open', 'close']);
    assert.throws(() => socket.send('x'), (e: unknown) => e instanceof SocketError && e.code === 'CLOSED');
  });
});

describe('Socket: reconnecting and the send queue', () => {
  test('sends wait in the queue while connecting and reconnecting, then go out in order', async () => {
    const { socket, last, types } = setup({ random: () => 0.5 });
    socket.send('a');
    await settle();
    last().open();
    assert.deepEqual(last().sent, ['a']);
    last().serverClose(1006);
    assert.equal(socket.readyState, Socket.CONNECTING);
    socket.send('b');
    socket.send('c');
    assert.equal(socket.queued, 2);
    await advance(1000); // full jitter: 0.5 · 2000
    last().open();
    assert.deepEqual(last().sent, ['b', 'c']);
    assert.deepEqual(types(), ['open', 'reconnecting', 'open', 'reconnected']);
    socket.close();
  });

  test('the queue is bounded: one send too many throws QUEUE_FULL and queues nothing', async () => {
    const { socket } = setup({ maxQueue: 2 });
    socket.send('1');
    socket.send('2');
    assert.throws(
      () => socket.send('3'),
      (e: unknown) => e instanceof SocketError && e.code === 'QUEUE_FULL' && /maxQueue 2/.test(e.message),
    );
    assert.equal(socket.queued, 2);
    socket.close();
  });

  test('a final close hands back what was never sent', async () => {
    const { socket, last } = setup();
    await settle();
    last().open();
    last().serverClose(1006);
    socket.send('kept');
    let unsent: unknown;
    socket.addEventListener('close', (ev) => (unsent = (ev as Event & { unsent: unknown }).unsent));
    socket.close();
    assert.deepEqual(unsent, ['kept']);
  });

  test('full-jitter delays grow per attempt and start over after a connection that lasted', async () => {
    const { socket, last, seen } = setup({ random: () => 0.99 });
    await settle();
    for (let i = 0; i < 3; i++) {
      last().serverClose(1006);
      await advance(seen.at(-1)!.delay! + 100);
    }
    assert.deepEqual(seen.filter((s) => s.type === 'reconnecting').map((s) => s.delay), [1980, 3960, 7920]);
    last().open();
    await advance(6000, 1000);
    last().serverClose(1006);
    assert.equal(seen.at(-1)!.delay, 1980);
    socket.close();
  });

  test('1012 with a reconnect hint waits the hint; 1013 starts at the third window', async () => {
    const { socket, last, seen } = setup({ random: () => 0 });
    await settle();
    last().open();
    last().serverClose(1012, 'restarting;reconnect=4200');
    assert.equal(seen.at(-1)!.delay, 4200);
    await advance(4200);
    last().open();
    last().serverClose(1013, 'overloaded');
    assert.deepEqual({ code: seen.at(-1)!.code, type: seen.at(-1)!.type }, { code: 1013, type: 'reconnecting' });
    socket.close();
    const b = setup({ random: () => 0.5 });
    await settle();
    b.last().serverClose(1013);
    assert.equal(b.seen.at(-1)!.delay, 4000, '0.5 of the third window (8 s)');
    b.socket.close();
  });

  test('Retry-After on a rejected handshake (Node): seconds and HTTP dates', async () => {
    const { socket, last, seen } = setup({ random: () => 0 });
    await settle();
    last().reject(503, { 'retry-after': '7' });
    assert.equal(seen.at(-1)!.delay, 7000);
    await advance(7000);
    last().reject(503, { 'retry-after': new Date(Date.now() + 30_000).toUTCString() });
    assert.equal(seen.at(-1)!.delay, 30_000);
    socket.close();
  });
});

describe('Socket: terminal close codes', () => {
  for (const code of [1008, 4401, 4403]) {
    test(`${code}: one more attempt with fresh credentials from the token function, then closed`, async () => {
      let n = 0;
      const { socket, fake, last, types } = setup({ token: () => `t${++n}` });
      await settle();
      last().open();
      last().serverClose(code, 'no');
      await advance(10, 10);
      assert.equal(fake.sockets.length, 2);
      assert.equal(new URL(last().url).searchParams.get('token'), 't2');
      last().serverClose(code, 'still no');
      await advance(60_000, 1000);
      assert.equal(fake.sockets.length, 2);
      assert.equal(socket.readyState, Socket.CLOSED);
      assert.deepEqual(types(), ['open', 'reconnecting', 'close']);
    });
  }

  test('a url function counts as a credentials source; a refresh that works carries on as usual', async () => {
    let n = 0;
    const { socket, fake, last, types } = setup({}, async () => `ws://127.0.0.60:1/chat?sig=${++n}`);
    await settle();
    last().open();
    last().serverClose(1008);
    await advance(10, 10);
    assert.equal(new URL(last().url).searchParams.get('sig'), '2');
    last().open();
    assert.deepEqual(types(), ['open', 'reconnecting', 'open', 'reconnected']);
    await advance(6000, 1000);
    last().serverClose(4401);
    await advance(10, 10);
    assert.equal(fake.sockets.length, 3, 'the refresh is available again after a connection that lasted');
    last().open();
    last().serverClose(4401); // at once: no second refresh in a row
    assert.equal(socket.readyState, Socket.CLOSED);
  });

  test('static credentials: a terminal code closes at once; an HTTP 401 counts as 4401', async () => {
    const a = setup({ token: 'fixed' });
    await settle();
    a.last().open();
    a.last().serverClose(4403, 'forbidden');
    assert.equal(a.socket.readyState, Socket.CLOSED);
    assert.deepEqual(a.seen.at(-1), { type: 'close', code: 4403 });
    const b = setup();
    await settle();
    b.last().reject(401);
    assert.deepEqual(b.seen.at(-1), { type: 'close', code: 4401 });
  });
});

describe('Socket: heartbeat and dead links', () => {
  const hb = { send: 'ping', expect: 'pong', interval: 30_000, timeout: 10_000 };

  test('off unless set: nothing is sent', async () => {
    const { socket, last } = setup();
    await settle();
    last().open();
    await advance(120_000, 5000);
    assert.deepEqual(last().sent, []);
    socket.close();
  });

  test('sends the ping every interval; pongs are not messages; other frames are', async () => {
    const { socket, last, seen } = setup({ heartbeat: hb });
    await settle();
    last().open();
    await advance(30_000, 1000);
    assert.deepEqual(last().sent, ['ping']);
    last().receive('pong');
    last().receive('chat');
    assert.deepEqual(seen.filter((s) => s.type === 'message').map((s) => s.data), ['chat']);
    await advance(30_000, 1000);
    assert.deepEqual(last().sent, ['ping', 'ping']);
    socket.close();
  });

  test('expect as a function', async () => {
    const { socket, last, seen } = setup({ heartbeat: { ...hb, send: '{"type":"ping"}', expect: (d) => String(d).includes('"pong"') } });
    await settle();
    last().open();
    last().receive('{"type":"pong"}');
    last().receive('{"type":"chat"}');
    assert.deepEqual(seen.filter((s) => s.type === 'message').map((s) => s.data), ['{"type":"chat"}']);
    socket.close();
  });

  test('no pong within the timeout: the link is dead, dropped and reconnected', async () => {
    const { socket, fake, last, seen } = setup({ heartbeat: hb, random: () => 0 });
    await settle();
    const first = last();
    first.open();
    await advance(30_000 + 9_900, 100);
    assert.equal(socket.readyState, Socket.OPEN);
    await advance(200);
    assert.deepEqual(seen.at(-1), { type: 'reconnecting', code: 1006, delay: 0 });
    assert.ok(first.closedByClient, 'the dead socket was closed');
    await settle();
    assert.equal(fake.sockets.length, 2);
    first.serverClose(1006); // late events from the dead socket change nothing
    assert.equal(seen.filter((s) => s.type === 'reconnecting').length, 1);
    socket.close();
  });

  for (const [name, fire] of [
    ['the page becomes visible', (win: EventTarget & { document: EventTarget & { visibilityState: string } }) => {
      win.document.visibilityState = 'visible';
      win.document.dispatchEvent(new Event('visibilitychange'));
    }],
    ['online', (win: EventTarget) => win.dispatchEvent(new Event('online'))],
    ['pageshow', (win: EventTarget) => win.dispatchEvent(new Event('pageshow'))],
  ] as const) {
    test(`${name}: a dead link is found within 5 s`, async () => {
      const win = Object.assign(new EventTarget(), { document: Object.assign(new EventTarget(), { visibilityState: 'hidden' }) });
      const { socket, last, seen } = setup({ heartbeat: hb, environment: win });
      await settle();
      last().open();
      await advance(5000, 1000);
      fire(win);
      assert.deepEqual(last().sent, ['ping'], 'a probe right away');
      await advance(5000, 100);
      assert.equal(seen.find((s) => s.type === 'reconnecting')?.code, 1006);
      socket.close();
    });
  }

  test('a probe answered in time keeps the connection', async () => {
    const win = new EventTarget();
    const { socket, last } = setup({ heartbeat: hb, environment: win });
    await settle();
    last().open();
    win.dispatchEvent(new Event('online'));
    last().receive('pong');
    await advance(5000, 100);
    assert.equal(socket.readyState, Socket.OPEN);
    socket.close();
  });
});

describe('Socket: offline', () => {
  test('no retries while navigator.onLine is false; online retries at once', async () => {
    const win = Object.assign(new EventTarget(), { navigator: { onLine: true } });
    const { socket, fake, last } = setup({ environment: win });
    await settle();
    last().open();
    win.navigator.onLine = false;
    last().serverClose(1006);
    await advance(120_000, 1000);
    assert.equal(fake.sockets.length, 1);
    win.navigator.onLine = true;
    win.dispatchEvent(new Event('online'));
    await settle();
    assert.equal(fake.sockets.length, 2);
    socket.close();
  });

  test('online also ends an ordinary backoff wait', async () => {
    const win = new EventTarget();
    const { socket, fake, last } = setup({ environment: win, random: () => 0.99 });
    await settle();
    last().serverClose(1006);
    win.dispatchEvent(new Event('online'));
    await settle();
    assert.equal(fake.sockets.length, 2);
    socket.close();
  });
});

describe('Socket: bad input', () => {
  test('a url function that throws, or a URL the constructor rejects: error event, then backoff (no crash)', async () => {
    let n = 0;
    const { socket, fake, seen } = setup({ random: () => 0 }, () => {
      if (++n === 1) throw new Error('signing service down');
      return 'ws://127.0.0.60:1/chat';
    });
    await settle();
    assert.deepEqual(seen.map((s) => s.type), ['error', 'reconnecting']);
    await advance(10, 10);
    assert.equal(fake.sockets.length, 1);
    socket.close();
    class Rejecting {
      constructor() {
        throw new SyntaxError('bad URL');
      }
    }
    const b = new Socket('ws://127.0.0.60:1/chat', [], { WebSocket: Rejecting, random: () => 0 });
    const types: string[] = [];
    for (const t of ['error', 'reconnecting']) b.addEventListener(t, () => types.push(t));
    await settle();
    assert.deepEqual(types, ['error', 'reconnecting']);
    b.close();
  });
});
