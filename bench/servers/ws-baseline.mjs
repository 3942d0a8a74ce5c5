// The floor: a bare `ws` server with `bufferutil`, written the way the `ws` README does it.
// Token auth on the upgrade (a Map lookup), echo (`e…` sent back as is), rooms (`s<ch>` joins,
// `p<ch>|<payload>` sends <payload> to every member), and the README's heartbeat: ping every
// interval, terminate peers that did not answer the last one.
import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';
import { config, ready, tokenTable } from './common.mjs';

const cfg = config();
const tokens = tokenTable(cfg.users);
const interval = cfg.pingInterval ?? 30000;
const rooms = new Map();

const server = createServer((req, res) => {
  res.writeHead(404).end();
});
const wss = new WebSocketServer({ noServer: true, maxPayload: 1 << 20 });

server.on('upgrade', (req, socket, head) => {
  socket.on('error', () => {});
  const q = req.url.indexOf('?');
  const user = q >= 0 ? tokens.get(new URLSearchParams(req.url.slice(q + 1)).get('token')) : undefined;
  if (!user) {
    socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    return;
  }
  wss.handleUpgrade(req, socket, head, (ws) => {
    ws.user = user;
    ws.isAlive = true;
    ws.rooms = null;
    ws.on('pong', heartbeat);
    ws.on('message', onMessage);
    ws.on('error', () => {});
    ws.on('close', leaveAll);
  });
});

function heartbeat() {
  this.isAlive = true;
}

function onMessage(data, isBinary) {
  if (isBinary) return;
  const c = data[0];
  if (c === 0x65) {
    this.send(data, { binary: false }); // e: echo
  } else if (c === 0x70) {
    // p<ch>|<payload>: broadcast the payload to the room
    const bar = data.indexOf(0x7c);
    if (bar < 0) return;
    const room = rooms.get(data.toString('utf8', 1, bar));
    if (!room) return;
    const payload = data.subarray(bar + 1);
    for (const ws of room) ws.send(payload, { binary: false });
  } else if (c === 0x73) {
    // s<ch>: join
    const ch = data.toString('utf8', 1);
    let room = rooms.get(ch);
    if (!room) rooms.set(ch, (room = new Set()));
    room.add(this);
    (this.rooms ??= []).push(ch);
    this.send(`S${ch}`);
  }
}

function leaveAll() {
  for (const ch of this.rooms ?? []) {
    const room = rooms.get(ch);
    room?.delete(this);
    if (room?.size === 0) rooms.delete(ch);
  }
}

const timer = setInterval(() => {
  for (const ws of wss.clients) {
    if (!ws.isAlive) {
      ws.terminate();
      continue;
    }
    ws.isAlive = false;
    ws.ping();
  }
}, interval);

server.listen(cfg.port, cfg.host, () => ready(server.address().port, { server: 'ws' }));

function stop() {
  clearInterval(timer);
  for (const ws of wss.clients) ws.terminate();
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 1000).unref();
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
