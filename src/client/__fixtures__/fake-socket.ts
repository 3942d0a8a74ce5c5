/**
 * A fake WebSocket for the client's unit tests: records what the client sends and lets the
 * test play the server (open, frames, close) in any order, including events from sockets the
 * client has already given up on.
 */
import type { HelloFrame } from '../../protocol/index.js';

export interface FakeSocket {
  url: string;
  readyState: number;
  sent: string[];
  /** Set when the client called close() or terminate(). */
  closedByClient: { code?: number; terminated: boolean } | undefined;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number; reason: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  createdAt: number;
  send(text: string): void;
  close(code?: number): void;
  terminate(): void;
  // ---- the test plays the server ----
  receive(frame: object | string): void;
  hello(extra?: Partial<HelloFrame>): void;
  serverClose(code: number, reason?: string): void;
  /** Parsed JSON frames the client sent (pings left out). */
  frames(): Array<Record<string, unknown>>;
}

/** A fresh fake constructor with its own list of instances. */
export function fakeWebSocket() {
  const sockets: FakeSocket[] = [];
  class Fake implements FakeSocket {
    readyState = 1;
    sent: string[] = [];
    closedByClient: FakeSocket['closedByClient'];
    onmessage: FakeSocket['onmessage'] = null;
    onclose: FakeSocket['onclose'] = null;
    onerror: FakeSocket['onerror'] = null;
    createdAt = Date.now();
    constructor(readonly url: string) {
      sockets.push(this);
    }
    send(text: string): void {
      if (this.readyState !== 1) throw new Error('send on a socket that is not open');
      this.sent.push(text);
    }
    close(code?: number): void {
      this.closedByClient = { code, terminated: false };
      this.readyState = 2;
    }
    terminate(): void {
      this.closedByClient = { terminated: true };
      this.readyState = 3;
    }
    receive(frame: object | string): void {
      this.onmessage?.({ data: typeof frame === 'string' ? frame : JSON.stringify(frame) });
    }
    hello(extra: Partial<HelloFrame> = {}): void {
      this.receive({ type: 'hello', protocol: 1, session: `s${sockets.indexOf(this)}`, user: { id: 'alice' }, heartbeat: { interval: 10_000, timeout: 5000 }, ...extra });
    }
    serverClose(code: number, reason = ''): void {
      this.readyState = 3;
      this.onclose?.({ code, reason });
    }
    frames(): Array<Record<string, unknown>> {
      return this.sent.filter((t) => t !== 'ping').map((t) => JSON.parse(t) as Record<string, unknown>);
    }
  }
  return { WebSocket: Fake, sockets, live: () => sockets.filter((s) => s.readyState < 2 && !s.closedByClient) };
}

/** Lets pending promise callbacks (token functions, fetch) run. */
export async function settle(): Promise<void> {
  // setImmediate is not among the mocked timers: it runs after every queued microtask.
  await new Promise<void>((resolve) => setImmediate(resolve));
}
