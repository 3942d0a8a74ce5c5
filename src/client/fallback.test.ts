// The transport choice of the client (docs/client.md "Transports"): WebSocket first, SSE when
// the path refuses the upgrade, never on an auth failure or a server's "later", SSE kept for
// reconnects, and back to WebSocket through a probe without losing or repeating anything.
// The SSE transport is faked with the same fake socket (sse.test.ts tests the real one).
import { afterEach, beforeEach, describe, mock, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ClientOptions } from './options.js';
import type { TransportKind } from './transport.js';
import { Client } from './fallback-client.js';
import { canTransition } from './state.js';
import { fakeWebSocket, settle } from './__fixtures__/fake-socket.js';

const URL_ = 'ws://127.0.0.50:1/api/ws/chat';

function setup(options: ClientOptions = {}) {
  const ws = fakeWebSocket();
  const sse = fakeWebSocket();
  const tokens: Array<string | null | undefined> = [];
  const client = new Client(URL_, { WebSocket: ws.WebSocket, token: 'tok', ...options }, (url, token) => {
    tokens.push(token);
    return new sse.WebSocket(url);
  });
  const transports: Array<TransportKind | null> = [];
  client.on('transport', (t) => transports.push(t.transport));
  client.on('state', (s) => assert.ok(canTransition(s.oldState, s.newState), `${s.oldState} → ${s.newState}`));
  return { client, ws, sse, tokens, transports };
}

beforeEach(() => mock.timers.enable({ apis: ['setTimeout', 'Date'] }));
afterEach(() => mock.timers.reset());

describe('Client: falling back to SSE', () => {
  test('a failed upgrade (1006 before hello) moves to SSE at once; the token goes in a header, not the URL', async () => {
    const { client, ws, sse, tokens, transports } = setup();
    await settle();
    ws.sockets[0]!.serverClose(1006);
    assert.equal(client.state, 'reconnecting');
    mock.timers.tick(0);
    await settle();
    assert.equal(sse.sockets.length, 1);
    assert.equal(new URL(sse.sockets[0]!.url).searchParams.get('token'), null);
    assert.deepEqual(tokens, ['tok']);
    sse.sockets[0]!.hello();
    assert.equal(client.state, 'open');
    assert.equal(client.transport, 'sse');
    assert.deepEqual(transports, ['sse']);
    client.close();
    assert.equal(client.transport, null);
    assert.deepEqual(transports, ['sse', null]);
  });

  test('no hello in time on WebSocket also falls back', async () => {
    const { client, sse } = setup({ connectTimeout: 1000 });
    await settle();
    mock.timers.tick(1000);
    mock.timers.tick(0);
    await settle();
    assert.equal(sse.sockets.length, 1);
    client.close();
  });

  test('4401 is not a reason to fall back: refresh once on WebSocket, then closed', async () => {
    const { client, ws, sse } = setup();
    await settle();
    ws.sockets[0]!.serverClose(4401, 'token expired');
    mock.timers.tick(0);
    await settle();
    assert.equal(ws.sockets.length, 2);
    ws.sockets[1]!.serverClose(4401, 'token expired');
    assert.equal(client.state, 'closed');
    assert.equal(sse.sockets.length, 0);
  });

  test('a 403 on the upgrade (a WAF, a proxy rule) falls back; the server\'s own 4403 over SSE then stops', async () => {
    const { client, ws, sse } = setup();
    await settle();
    ws.sockets[0]!.serverClose(4403, 'forbidden');
    mock.timers.tick(0);
    await settle();
    assert.equal(sse.sockets.length, 1);
    sse.sockets[0]!.serverClose(4403, 'forbidden');
    assert.equal(client.state, 'closed');
    assert.equal(client.lastClose?.code, 4403);
  });

  test("a server's 'later' (a reconnect hint) is not a reason to fall back", async () => {
    const { client, ws, sse } = setup({ random: () => 0 });
    await settle();
    ws.sockets[0]!.serverClose(1013, 'full;reconnect=500');
    mock.timers.tick(500);
    await settle();
    assert.equal(ws.sockets.length, 2);
    assert.equal(sse.sockets.length, 0);
    client.close();
  });

  test('SSE is kept for reconnects once it worked; if SSE never worked, the next round starts on WebSocket', async () => {
    const { client, ws, sse } = setup({ random: () => 0 });
    await settle();
    ws.sockets[0]!.serverClose(1006);
    mock.timers.tick(0);
    await settle();
    sse.sockets[0]!.serverClose(1006); // SSE failed too (server down): back off, then WebSocket first
    mock.timers.tick(0);
    await settle();
    assert.equal(ws.sockets.length, 2);
    ws.sockets[1]!.serverClose(1006);
    mock.timers.tick(0);
    await settle();
    sse.sockets[1]!.hello();
    assert.equal(client.transport, 'sse');
    sse.sockets[1]!.serverClose(1012, 'restart;reconnect=0');
    mock.timers.tick(0);
    await settle();
    assert.equal(ws.sockets.length, 2, 'no WebSocket attempt after SSE worked');
    assert.equal(sse.sockets.length, 3);
    client.close();
  });

  test('transports: ["websocket"] never falls back', async () => {
    const { client, ws, sse } = setup({ transports: ['websocket'], random: () => 0 });
    await settle();
    ws.sockets[0]!.serverClose(1006);
    mock.timers.tick(0);
    await settle();
    assert.equal(ws.sockets.length, 2);
    assert.equal(sse.sockets.length, 0);
    client.close();
  });
});

describe('Client: moving back to WebSocket', () => {
  async function onSse() {
    const s = setup({ random: () => 0 });
    await settle();
    s.ws.sockets[0]!.serverClose(1006);
    mock.timers.tick(0);
    await settle();
    s.sse.sockets[0]!.hello();
    return s;
  }

  test("a probe's hello moves the client to WebSocket: resubscribed with since, unacknowledged publishes resent with the same ids", async () => {
    const { client, ws, sse, transports } = await onSse();
    const got: number[] = [];
    client.subscribe('room:a', (_d, meta) => got.push(meta.offset));
    const stream = sse.sockets[0]!;
    stream.receive({ type: 'subscribed', id: stream.frames()[0]!.id, channel: 'room:a', epoch: 'e', offset: 4, recovered: true });
    stream.receive({ type: 'message', channel: 'room:a', epoch: 'e', offset: 5, from: 'bob', data: 1 });
    const pub = client.publish('room:a', { n: 1 });
    const pubId = stream.frames().find((f) => f.type === 'publish')!.id;
    client.wake('retry');
    await settle();
    assert.equal(ws.sockets.length, 2, 'a WebSocket probe beside the stream');
    assert.equal(client.transport, 'sse');
    assert.equal(new URL(ws.sockets[1]!.url).searchParams.get('token'), 'tok');
    ws.sockets[1]!.hello();
    assert.equal(client.state, 'open');
    assert.equal(client.transport, 'websocket');
    assert.deepEqual(transports, ['sse', 'websocket']);
    assert.ok(stream.closedByClient, 'the stream is closed');
    const frames = ws.sockets[1]!.frames();
    assert.deepEqual(frames.find((f) => f.type === 'subscribe')!.since, { epoch: 'e', offset: 5 });
    assert.equal(frames.find((f) => f.type === 'publish')!.id, pubId);
    ws.sockets[1]!.receive({ type: 'ack', id: pubId, offset: 6, duplicate: true });
    assert.equal(await pub, 6);
    // A message the old stream still had in flight does not arrive twice.
    stream.receive({ type: 'message', channel: 'room:a', epoch: 'e', offset: 5, from: 'bob', data: 1 });
    assert.deepEqual(got, [5]);
    client.close();
  });

  test('a failed probe leaves the SSE connection alone', async () => {
    const { client, ws, sse } = await onSse();
    client.wake('online');
    await settle();
    ws.sockets[1]!.serverClose(1006);
    assert.equal(client.state, 'open');
    assert.equal(client.transport, 'sse');
    assert.equal(sse.sockets[0]!.closedByClient, undefined);
    client.close();
  });

  test('leaving open closes a pending probe', async () => {
    const { client, ws, sse } = await onSse();
    client.wake('retry');
    await settle();
    sse.sockets[0]!.serverClose(1006);
    assert.ok(ws.sockets[1]!.closedByClient);
    client.close();
  });
});
