// The origin for the doctor's lab: `wsgate serve` when the server branch is merged, until then
// a small `ws` server that behaves like it on the wire (hello, ping → pong, 4401 on a bad
// token, 426 to a plain GET on the WebSocket path, 404 elsewhere).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { WebSocketServer } from 'ws';

export interface LabOrigin {
  host: string;
  port: number;
  /** The token that authenticates (as user alice). */
  token: string;
  heartbeatMs: number;
  stop(): Promise<void>;
}

export async function startOrigin(opts: { host: string; heartbeatMs?: number; tls?: { key: string; cert: string } }): Promise<LabOrigin> {
  const token = 'tok';
  const heartbeatMs = opts.heartbeatMs ?? 20_000;
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/api/ws/chat') {
      res.writeHead(426, { 'content-type': 'text/plain', upgrade: 'websocket', connection: 'Upgrade' });
      res.end('upgrade required: this path speaks WebSocket\n');
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found\n');
  };
  const server: Server = opts.tls ? createHttpsServer(opts.tls, handler) : createServer(handler);
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname !== '/api/ws/chat') {
      socket.end('HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      const given = url.searchParams.get('token') ?? bearer;
      if (given !== token) {
        ws.close(4401, 'token missing, invalid or expired');
        return;
      }
      ws.send(JSON.stringify({ type: 'hello', protocol: 1, session: 's1', user: { id: 'alice' }, heartbeat: { interval: heartbeatMs, timeout: heartbeatMs * 2 } }));
      const beat = setInterval(() => ws.ping(), heartbeatMs);
      ws.on('close', () => clearInterval(beat));
      ws.on('message', (data) => {
        if (data.toString() === 'ping') ws.send('pong');
      });
    });
  });
  await new Promise<void>((r) => server.listen(0, opts.host, r));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    host: opts.host,
    port,
    token,
    heartbeatMs,
    async stop() {
      for (const c of wss.clients) c.terminate();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
