// Shared by the socket-*.test.ts files: the guide-like plain `ws` server
// (fixtures/ping-pong-server.mjs) as a real process, and a Socket with its events recorded.
// (HAProxy with a short `timeout tunnel` in front of it: the lab's startTunnelProxy.)
import WebSocket from 'ws';
import { fileURLToPath } from 'node:url';
import { Socket, type SocketOptions } from '../../src/socket/index.js';
import { startProcess, waitFor, type LabProcess } from '../lab/index.js';

export { waitFor };

const SERVER = fileURLToPath(new URL('./fixtures/ping-pong-server.mjs', import.meta.url));

export interface PingPongServer {
  port: number;
  url: (token?: string) => string;
  stats(): Promise<{ opened: number; open: number }>;
  proc: LabProcess;
  stop(): Promise<void>;
}

/** Starts the server on `host:port` (0: any free port) and waits until it listens. */
export async function startPingPongServer(host = '127.0.0.1', port = 0): Promise<PingPongServer> {
  const proc = startProcess('ping-pong-server', process.execPath, [SERVER, host, String(port)]);
  let got = 0;
  await waitFor('ping-pong server listening', () => {
    const m = /listening (\d+)/.exec(proc.output());
    if (m) got = Number(m[1]);
    return got > 0;
  });
  return {
    port: got,
    url: (token = 'ok') => `ws://${host}:${got}/chat?token=${token}`,
    stats: async () => (await (await fetch(`http://${host}:${got}/stats`)).json()) as { opened: number; open: number },
    proc,
    stop: () => proc.stop(),
  };
}

export interface SeenEvent {
  type: string;
  at: number;
  code?: number;
  delay?: number;
  data?: unknown;
}

/** A Socket on Node 20 (`ws` injected) with every event it emits recorded. */
export function watchedSocket(url: ConstructorParameters<typeof Socket>[0], options: SocketOptions = {}) {
  const socket = new Socket(url, [], { WebSocket, backoff: { base: 200, max: 1000 }, ...options });
  const seen: SeenEvent[] = [];
  for (const type of ['open', 'message', 'close', 'error', 'reconnecting', 'reconnected'])
    socket.addEventListener(type, (ev) => {
      const e = ev as Event & { code?: number; delay?: number; data?: unknown };
      seen.push({ type, at: Date.now(), code: e.code, delay: e.delay, data: type === 'message' ? e.data : undefined });
    });
  const count = (type: string) => seen.filter((s) => s.type === type).length;
  const messages = () => seen.filter((s) => s.type === 'message').map((s) => String(s.data));
  return { socket, seen, count, messages };
}
