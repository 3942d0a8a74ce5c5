/**
 * The doctor's WebSocket sessions over `ws`: events read one at a time (`next`), and every
 * socket stamped in its own handlers (`SocketTiming`) so the idle probe times a cut from the
 * last byte to the socket's end (docs/doctor.md "How the idle cut is timed").
 */
import type { Socket } from 'node:net';
import WebSocket from 'ws';
import type { PathTarget, SessionTiming, WsEvent, WsOpenResult, WsSession } from '../types.js';
import type { LoopLag } from './loop-lag.js';
import { probeError } from './probe-error.js';
import { SocketTiming } from './socket-timing.js';

class Session implements WsSession {
  private readonly queue: WsEvent[] = [];
  private waiter: ((ev: WsEvent) => void) | undefined;
  private closed = false;

  constructor(
    private readonly ws: WebSocket,
    private readonly stamps: () => SocketTiming | undefined,
    private readonly now: () => number,
  ) {
    ws.on('message', (data, isBinary) => this.push({ type: 'message', data: isBinary ? `<binary ${(data as Buffer).length} bytes>` : data.toString() }));
    ws.on('close', (code, reason) => {
      this.closed = true;
      this.push({ type: 'close', code, reason: reason.toString() });
    });
    ws.on('error', () => {
      // 'close' follows with 1006; nothing else to do.
    });
  }

  private push(ev: WsEvent): void {
    const w = this.waiter;
    if (w) {
      this.waiter = undefined;
      w(ev);
    } else this.queue.push(ev);
  }

  next(timeoutMs: number): Promise<WsEvent> {
    const queued = this.queue.shift();
    if (queued) return Promise.resolve(queued);
    if (this.closed) return Promise.resolve({ type: 'close', code: 1006, reason: '' });
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiter = undefined;
        resolve({ type: 'timeout' });
      }, timeoutMs);
      this.waiter = (ev) => {
        clearTimeout(timer);
        resolve(ev);
      };
    });
  }

  send(text: string): void {
    if (this.ws.readyState !== WebSocket.OPEN) return;
    this.ws.send(text);
    this.stamps()?.sent();
  }

  close(): void {
    this.stamps()?.stop();
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) this.ws.terminate();
  }

  timing(): SessionTiming {
    const t = this.stamps();
    if (t) return t.snapshot();
    const at = this.now();
    return { openedAt: at, lastTrafficAt: at, lastTrafficStaleMs: 0, longestSilenceMs: 0, maxLoopLagMs: 0 };
  }
}

export interface WsDeps {
  /** Opens the TCP (or TLS) socket to the address the earlier steps chose. */
  dial: (target: PathTarget) => Socket;
  now: () => number;
  lag: LoopLag;
}

/** Opens a WebSocket to `target` within `timeoutMs`; the session's socket is time-stamped. */
export function wsOpen(target: PathTarget, timeoutMs: number, deps: WsDeps): Promise<WsOpenResult> {
  const start = deps.now();
  return new Promise((resolve) => {
    const url = `${target.secure ? 'wss' : 'ws'}://${target.hostHeader}${target.path}`;
    let stamps: SocketTiming | undefined;
    const ws = new WebSocket(url, {
      headers: target.headers,
      handshakeTimeout: timeoutMs,
      rejectUnauthorized: false,
      // Dial the address the earlier steps chose, keeping the URL's Host and SNI.
      createConnection: () => {
        const socket = deps.dial(target);
        stamps = new SocketTiming(deps.now, deps.lag);
        stamps.attach(socket);
        return socket;
      },
    } as WebSocket.ClientOptions);
    const session = new Session(ws, () => stamps, deps.now);
    let settled = false;
    ws.once('open', () => {
      settled = true;
      stamps?.opened();
      resolve({ ok: true, ms: deps.now() - start, session });
    });
    ws.once('unexpected-response', (_req, res) => {
      settled = true;
      resolve({ ok: false, ms: deps.now() - start, status: res.statusCode ?? 0, error: { code: 'UNEXPECTED_RESPONSE', message: `unexpected ${res.statusCode} answer` } });
      ws.terminate();
    });
    ws.once('error', (err) => {
      if (settled) return;
      settled = true;
      resolve({ ok: false, ms: deps.now() - start, error: probeError(err) });
    });
  });
}
