/**
 * A transport with no socket behind it, for unit tests of the Session: it records what the
 * session sends, corks and closes, and plays the client side (`receive`, `pong`, `drop`).
 */
import type { SessionTransport, TransportKind, TransportListener } from '../transport.js';

export class FakeTransport implements SessionTransport {
  readonly kind: TransportKind;
  readonly remoteAddress = '127.0.0.1';
  isOpen = true;
  bufferedAmount = 0;
  corkedBytes = 0;
  /** Every text sent, in order. */
  readonly sent: string[] = [];
  corks = 0;
  flushes = 0;
  pings = 0;
  closedWith: { code: number; reason: string } | undefined;
  terminated = false;
  listener: TransportListener | undefined;
  /** Present unless the transport has no protocol pings (as SSE). */
  ping?: () => void;

  constructor(options: { kind?: TransportKind; pings?: boolean } = {}) {
    this.kind = options.kind ?? 'websocket';
    if (options.pings !== false) this.ping = () => void this.pings++;
  }

  attach(listener: TransportListener): void {
    this.listener = listener;
  }
  send(frame: string | Buffer): void {
    const text = typeof frame === 'string' ? frame : frame.toString('utf8');
    this.sent.push(text);
    if (this.corks > this.flushes) this.corkedBytes += Buffer.byteLength(text);
  }
  sendMany(texts: readonly string[]): void {
    for (const t of texts) this.send(t);
  }
  cork(): void {
    this.corks++;
  }
  flush(): void {
    this.flushes++;
    this.corkedBytes = 0;
  }
  /** A well-behaved peer answers a close at once (on the next microtask). */
  close(code: number, reason: string): void {
    this.closedWith = { code, reason };
    this.isOpen = false;
    queueMicrotask(() => this.listener?.transportClosed(code, reason));
  }
  terminate(): void {
    if (this.terminated) return;
    this.terminated = true;
    this.isOpen = false;
    this.listener?.transportClosed(1006, '');
  }

  // ---- the client's side ----

  /** The client sends a text frame (a string is sent as is, an object as JSON). */
  receive(frame: string | object): void {
    this.listener?.handleText(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }
  pong(): void {
    this.listener?.handlePong();
  }
  /** The peer vanished. */
  drop(): void {
    this.isOpen = false;
    this.listener?.transportClosed(1006, '');
  }
  /** The JSON frames sent so far (the text `pong` left out). */
  frames(): Array<Record<string, unknown>> {
    return this.sent.filter((t) => t.startsWith('{')).map((t) => JSON.parse(t) as Record<string, unknown>);
  }
  /** Frames of one type. */
  framesOf(type: string): Array<Record<string, unknown>> {
    return this.frames().filter((f) => f.type === type);
  }
}
