// Shared by the server-*.test.ts integration files: start a server on a free loopback port and
// talk to it with real `ws` clients that queue frames, so tests can await "the next ack".
import WebSocket, { type ClientOptions } from 'ws';
import { Writable } from 'node:stream';
import { createServer, type CreateServerOptions, type WsgateServer } from '../../src/server/index.js';

export async function startServer(options: CreateServerOptions = {}): Promise<WsgateServer> {
  return createServer({ host: '127.0.0.1', port: 0, logLevel: 'silent', defaultMetrics: false, statsInterval: 0, ...options });
}

/** A writable that keeps pino's JSON lines for assertions. */
export class LogCapture extends Writable {
  readonly lines: Record<string, unknown>[] = [];
  readonly raw: string[] = [];
  override _write(chunk: Buffer, _enc: string, done: () => void): void {
    for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
      this.raw.push(line);
      this.lines.push(JSON.parse(line) as Record<string, unknown>);
    }
    done();
  }
  find(msg: string): Record<string, unknown>[] {
    return this.lines.filter((l) => l.msg === msg);
  }
}

export type Frame = Record<string, unknown> & { type?: string };

export class TestClient {
  readonly frames: (Frame | string)[] = [];
  private waiters: { match: (f: Frame | string) => boolean; resolve: (f: Frame | string) => void }[] = [];
  readonly opened: Promise<void>;
  readonly closed: Promise<{ code: number; reason: string }>;
  closeInfo: { code: number; reason: string } | undefined;
  /** The hello frame, once `connect()` has read it. */
  hello: Frame | undefined;

  constructor(readonly ws: WebSocket) {
    this.opened = new Promise((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    });
    this.opened.catch(() => undefined);
    ws.on('error', () => undefined);
    this.closed = new Promise((resolve) => {
      ws.once('close', (code, reason) => {
        this.closeInfo = { code, reason: reason.toString() };
        resolve(this.closeInfo);
      });
    });
    ws.on('message', (data, isBinary) => {
      const text = isBinary ? '<binary>' : data.toString();
      let frame: Frame | string = text;
      try {
        const parsed = JSON.parse(text) as unknown;
        if (parsed && typeof parsed === 'object') frame = parsed as Frame;
      } catch {
        // plain text (pong)
      }
      this.frames.push(frame);
      for (const w of [...this.waiters]) {
        if (w.match(frame)) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve(frame);
          return;
        }
      }
    });
  }

  send(frame: Frame | string): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** The first frame (already received or future) that matches; consumed from the search space by index. */
  next(match: (f: Frame | string) => boolean, timeoutMs = 3000): Promise<Frame | string> {
    const seen = this.frames.find(match);
    if (seen !== undefined) {
      this.frames.splice(this.frames.indexOf(seen), 1);
      return Promise.resolve(seen);
    }
    return new Promise((resolve, reject) => {
      const w = {
        match,
        resolve: (f: Frame | string) => {
          clearTimeout(t);
          this.frames.splice(this.frames.indexOf(f), 1);
          resolve(f);
        },
      };
      const t = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        reject(new Error(`timed out waiting for a frame; got: ${JSON.stringify(this.frames).slice(0, 500)}`));
      }, timeoutMs);
      this.waiters.push(w);
    });
  }

  async type(type: string, extra: Partial<Frame> = {}, timeoutMs?: number): Promise<Frame> {
    return (await this.next((f) => typeof f === 'object' && f.type === type && Object.entries(extra).every(([k, v]) => f[k] === v), timeoutMs)) as Frame;
  }

  /** Sends a request and waits for the reply with the same id (or an error with it). */
  async request(frame: Frame & { id: string | number }, timeoutMs?: number): Promise<Frame> {
    this.send(frame);
    return (await this.next((f) => typeof f === 'object' && f.id === frame.id && f.type !== 'message', timeoutMs)) as Frame;
  }

  /** Frames of type "message" on a channel, waiting until `n` have arrived. */
  async messages(channel: string, n: number, timeoutMs = 3000): Promise<Frame[]> {
    const out: Frame[] = [];
    for (let i = 0; i < n; i++) out.push(await this.type('message', { channel }, timeoutMs));
    return out;
  }

  close(): void {
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) this.ws.terminate();
  }
}

export function client(url: string, options?: ClientOptions): TestClient {
  return new TestClient(new WebSocket(url, options));
}

/** Connects, waits for hello, and returns the client. */
export async function connect(server: WsgateServer, token: string, options?: ClientOptions): Promise<TestClient> {
  const c = client(`${server.url}?token=${encodeURIComponent(token)}`, options);
  await c.opened;
  c.hello = await c.type('hello');
  return c;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Polls until `check` is true or the time is up. */
export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 3000, what = 'condition'): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await sleep(20);
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Attempts an upgrade and reports the HTTP status when the server refuses it before the handshake. */
export function handshakeStatus(url: string, options?: ClientOptions): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string } | 'open'> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, options);
    ws.on('open', () => {
      ws.terminate();
      resolve('open');
    });
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      res.on('error', reject);
    });
    ws.on('error', (err) => {
      if (!/Unexpected server response/.test(err.message)) reject(err);
    });
  });
}
