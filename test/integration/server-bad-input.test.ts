// Bad input never crashes the server: non-JSON, wrong shapes, unknown types, binary frames get
// error frames and the connection stays open; invalid UTF-8 closes 1007, an oversized frame
// header closes 1009, a client that vanishes mid-frame or sends HTTP garbage changes nothing.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { connect as tcpConnect, type Socket } from 'node:net';
import { connect, startServer, sleep } from './server-helpers.js';

const cleanup: Array<() => Promise<void> | void> = [];
after(async () => {
  for (const c of cleanup.reverse()) await c();
});

test('malformed frames get precise error codes and the connection stays open', async () => {
  const s = await startServer({ tokens: 'tok-a:alice' });
  cleanup.push(() => s.close());
  const a = await connect(s, 'tok-a');
  cleanup.push(() => a.close());
  const cases: Array<[string, string, unknown]> = [
    ['not json at all', 'BAD_JSON', null],
    ['{"type":', 'BAD_JSON', null],
    ['[1,2,3]', 'BAD_FRAME', null],
    ['"just a string"', 'BAD_FRAME', null],
    ['{"id":1}', 'BAD_FRAME', 1],
    ['{"type":"subscribe","channel":"a"}', 'BAD_FRAME', null],
    ['{"type":"teleport","id":7}', 'UNKNOWN_TYPE', 7],
    ['{"type":"subscribe","id":"s1","channel":"has space"}', 'BAD_CHANNEL', 's1'],
    ['{"type":"subscribe","id":"s2","channel":"a","since":{"epoch":1,"offset":-4}}', 'BAD_FRAME', 's2'],
    ['{"type":"publish","id":"p1","channel":"a"}', 'BAD_FRAME', 'p1'],
    ['{"type":"refresh","id":"r1"}', 'BAD_FRAME', 'r1'],
    [JSON.stringify({ type: 'subscribe', id: 'x'.repeat(500), channel: 'a' }), 'BAD_FRAME', null],
  ];
  for (const [text, code, id] of cases) {
    a.send(text);
    const err = await a.type('error');
    assert.equal(err.code, code, text);
    assert.equal(err.id, id, text);
    assert.equal(typeof err.message, 'string');
  }
  a.ws.send(Buffer.from([0xde, 0xad, 0xbe, 0xef]), { binary: true });
  assert.equal((await a.type('error')).code, 'BINARY_NOT_SUPPORTED');
  a.send('ping');
  assert.equal(await a.next((f) => f === 'pong'), 'pong');
  assert.equal(a.closeInfo, undefined);
});

test('invalid UTF-8 in a text frame closes with 1007', async () => {
  const s = await startServer({ tokens: 'tok-a:alice' });
  cleanup.push(() => s.close());
  const a = await connect(s, 'tok-a');
  a.ws.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false });
  assert.equal((await a.closed).code, 1007);
  const b = await connect(s, 'tok-a');
  cleanup.push(() => b.close());
});

/** A WebSocket by hand, to send what no library would. */
async function rawUpgrade(port: number, token: string): Promise<{ socket: Socket; received: () => Buffer }> {
  const socket = tcpConnect(port, '127.0.0.1');
  cleanup.push(() => void socket.destroy());
  socket.on('error', () => undefined);
  let buf = Buffer.alloc(0);
  socket.on('data', (d: Buffer) => (buf = Buffer.concat([buf, d])));
  await new Promise<void>((r) => socket.once('connect', () => r()));
  socket.write(
    `GET /api/ws/chat?token=${token} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`,
  );
  const end = Date.now() + 3000;
  while (!buf.includes('"hello"') && Date.now() < end) await sleep(10);
  assert.match(buf.toString('latin1'), /^HTTP\/1\.1 101/);
  return { socket, received: () => buf };
}

test('a frame header announcing 1 TB closes with 1009 at once (nothing is buffered)', async () => {
  const s = await startServer({ tokens: 'tok-a:alice', maxMessage: 4096 });
  cleanup.push(() => s.close());
  const { socket, received } = await rawUpgrade(s.port, 'tok-a');
  const before = received().length;
  const header = Buffer.alloc(14);
  header[0] = 0x81; // FIN + text
  header[1] = 0x80 | 127; // masked, 64-bit length
  header.writeBigUInt64BE(2n ** 40n, 2);
  socket.write(header);
  const end = Date.now() + 3000;
  const closeFrame = Buffer.from([0x88, 0x02, 0x03, 0xf1]); // close, code 1009
  while (!received().subarray(before).includes(closeFrame) && Date.now() < end) await sleep(10);
  assert.ok(received().subarray(before).includes(closeFrame), 'close frame with 1009');
  assert.equal((await fetch(`${s.httpUrl}/healthz`)).status, 200);
});

test('abrupt disconnects mid-frame and mid-handshake, and HTTP garbage, leave the server serving', async () => {
  const s = await startServer({ tokens: 'tok-a:alice' });
  cleanup.push(() => s.close());
  // Half a frame, then the socket vanishes.
  const { socket } = await rawUpgrade(s.port, 'tok-a');
  const frame = Buffer.alloc(6 + 100);
  frame[0] = 0x81;
  frame[1] = 0x80 | 100;
  socket.write(frame.subarray(0, 40));
  socket.destroy();
  // Half a handshake.
  const half = tcpConnect(s.port, '127.0.0.1');
  half.on('error', () => undefined);
  await new Promise<void>((r) => half.once('connect', () => r()));
  half.write('GET /api/ws/chat?token=tok-a HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n');
  half.destroy();
  // Not HTTP at all.
  const junk = tcpConnect(s.port, '127.0.0.1');
  junk.on('error', () => undefined);
  let junkReply = '';
  junk.on('data', (d: Buffer) => (junkReply += d.toString()));
  await new Promise<void>((r) => junk.once('connect', () => r()));
  junk.write('\x16\x03\x01 this is not http\r\n\r\n');
  await new Promise<void>((r) => junk.once('close', () => r()));
  assert.match(junkReply, /^HTTP\/1\.1 400/);
  await sleep(100);
  const a = await connect(s, 'tok-a');
  cleanup.push(() => a.close());
  a.send('ping');
  assert.equal(await a.next((f) => f === 'pong'), 'pong');
  assert.equal(s.connectionCount, 1, 'the vanished connection was cleaned up');
});
