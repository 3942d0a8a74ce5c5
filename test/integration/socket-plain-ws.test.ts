// wsgate/socket against a plain `ws` server like the guide's Spring server (a real process:
// fixtures/ping-pong-server.mjs), and through a real HAProxy with `timeout tunnel 3s`: the
// heartbeat keeps the tunnel; without it HAProxy cuts at about 3 s and the socket comes back
// on its own, delivering what was sent meanwhile. A stopped server (SIGSTOP: the TCP link
// stays, nothing answers) is found dead by the missing pong.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { requireBinary, startTunnelProxy } from '../lab/index.js';
import { startPingPongServer, waitFor, watchedSocket, type PingPongServer } from './socket-helpers.js';

const cleanups: Array<() => unknown> = [];
after(async () => {
  for (const fn of cleanups.reverse()) await fn();
});

const GUIDE_HEARTBEAT = { send: 'ping', expect: 'pong' } as const;

describe('Socket ↔ plain ws server (the guide’s ping/pong)', () => {
  let server: PingPongServer;

  test('sends, receives, and the heartbeat pongs never reach onmessage', async () => {
    server = await startPingPongServer();
    cleanups.push(() => server.stop());
    const { socket, messages, count } = watchedSocket(server.url(), { heartbeat: { ...GUIDE_HEARTBEAT, interval: 200, timeout: 1000 } });
    cleanups.push(() => socket.close());
    socket.send('hello'); // before open: queued
    await waitFor('echo', () => messages().includes('echo:hello'));
    await new Promise((r) => setTimeout(r, 1000)); // ~5 ping/pong round trips
    assert.deepEqual(messages(), ['echo:hello']);
    assert.equal(count('reconnecting'), 0);
    socket.close();
    await waitFor('closed', () => count('close') === 1);
  });

  test('the server restarts: reconnecting, reconnected, and sends queued meanwhile arrive', async () => {
    const port = server.port;
    const { socket, messages, count } = watchedSocket(server.url());
    cleanups.push(() => socket.close());
    await waitFor('open', () => count('open') === 1);
    await server.stop();
    await waitFor('reconnecting', () => count('reconnecting') >= 1);
    socket.send('while-down-1');
    socket.send('while-down-2');
    server = await startPingPongServer('127.0.0.1', port);
    await waitFor('reconnected', () => count('reconnected') === 1);
    await waitFor('echoes', () => messages().length === 2);
    assert.deepEqual(messages(), ['echo:while-down-1', 'echo:while-down-2']);
    socket.close();
  });

  test('a missing pong (server stopped, link still up) is found within the timeout', async () => {
    const { socket, seen, count } = watchedSocket(server.url(), { heartbeat: { ...GUIDE_HEARTBEAT, interval: 500, timeout: 1000 } });
    cleanups.push(() => socket.close());
    await waitFor('open', () => count('open') === 1);
    server.proc.child.kill('SIGSTOP');
    const stoppedAt = Date.now();
    try {
      await waitFor('reconnecting', () => count('reconnecting') === 1, 5000);
      const took = seen.find((s) => s.type === 'reconnecting')!.at - stoppedAt;
      assert.ok(took <= 1500 + 1000, `found dead after ${took} ms (interval 500 + timeout 1000)`);
    } finally {
      server.proc.child.kill('SIGCONT');
    }
    await waitFor('reconnected', () => count('reconnected') === 1);
    socket.close();
  });

  test('1008 with a token function: one attempt with a fresh token, then closed for good', async () => {
    const tokens: string[] = [];
    const { socket, seen, count } = watchedSocket(server.url('').replace('?token=', ''), {
      token: () => {
        tokens.push(`ok-${tokens.length + 1}`);
        return tokens.at(-1)!;
      },
    });
    cleanups.push(() => socket.close());
    await waitFor('open', () => count('open') === 1);
    socket.send('close:1008');
    await waitFor('open again', () => count('open') === 2);
    socket.send('close:1008');
    await waitFor('closed', () => count('close') === 1);
    assert.deepEqual(tokens, ['ok-1', 'ok-2']);
    assert.equal(seen.at(-1)!.code, 1008);
    assert.throws(() => socket.send('x'), /send after close/);
  });

  test('the handshake: 401 stops (static token); 503 Retry-After in seconds and as an HTTP date is waited out', async () => {
    const denied = watchedSocket(server.url('nope'));
    cleanups.push(() => denied.socket.close());
    await waitFor('closed', () => denied.count('close') === 1);
    assert.equal(denied.seen.at(-1)!.code, 4401);
    for (const [token, min] of [['busy', 1000], ['busy-date', 1000]] as const) {
      const busy = watchedSocket(server.url(token));
      cleanups.push(() => busy.socket.close());
      await waitFor('reconnecting', () => busy.count('reconnecting') === 1);
      const delay = busy.seen.find((s) => s.type === 'reconnecting')!.delay!;
      // seconds: 1000..1100; a date 2 s ahead, whole seconds on the wire: 1000..2200
      assert.ok(delay >= min && delay <= 2200, `${token}: waits ${delay} ms`);
      busy.socket.close();
    }
  });
});

describe('Socket through HAProxy (timeout tunnel 3s)', () => {
  test('heartbeat on: no cut; off: cut at about 3 s, reconnected, queued sends delivered', async (t) => {
    if (!requireBinary('haproxy', t)) return;
    const server = await startPingPongServer();
    cleanups.push(() => server.stop());
    const haproxy = await startTunnelProxy('127.0.0.54', server.port);
    cleanups.push(() => haproxy.stop());
    const url = `ws://127.0.0.54:${haproxy.port}/chat?token=ok`;
    const on = watchedSocket(url, { heartbeat: { ...GUIDE_HEARTBEAT, interval: 1000, timeout: 2000 } });
    const off = watchedSocket(url);
    cleanups.push(() => on.socket.close(), () => off.socket.close());
    await waitFor('both open', () => on.count('open') === 1 && off.count('open') === 1);
    const openedAt = off.seen.find((s) => s.type === 'open')!.at;
    await waitFor('the cut without heartbeat', () => off.count('reconnecting') === 1, 8000);
    const cut = off.seen.find((s) => s.type === 'reconnecting')!;
    assert.ok(cut.at - openedAt >= 2500 && cut.at - openedAt <= 4500, `cut after ${cut.at - openedAt} ms`);
    off.socket.send('queued-1');
    off.socket.send('queued-2');
    await waitFor('reconnected', () => off.count('reconnected') === 1);
    await waitFor('queued sends echoed', () => off.messages().length === 2);
    assert.deepEqual(off.messages(), ['echo:queued-1', 'echo:queued-2']);
    // 8 s in all: the heartbeat kept the other one, over twice the tunnel timeout
    await new Promise((r) => setTimeout(r, Math.max(0, openedAt + 8000 - Date.now())));
    assert.equal(on.count('reconnecting'), 0, 'the heartbeat connection was never cut');
    on.socket.send('still-here');
    await waitFor('echo', () => on.messages().includes('echo:still-here'));
  });
});
