/**
 * `Socket`: a drop-in `WebSocket` for servers that are not wsgate (docs/socket.md). One
 * logical connection over many real ones: full-jitter reconnects (protocol/backoff.ts), an
 * optional application heartbeat that finds dead links (protocol/heartbeat.ts), page wake-ups
 * and offline awareness (protocol/wake-ups.ts), a bounded send queue, terminal close codes
 * with one credentials refresh (`foreignReconnectAction`). At most one real socket is live;
 * events from any other are ignored. `readyState` is the state: CONNECTING (also while waiting
 * to reconnect), OPEN, CLOSING (after `close()`), CLOSED (for good).
 */
import { foreignReconnectAction } from '../protocol/close-codes.js';
import { parseRetryAfter, reconnectDelay } from '../protocol/backoff.js';
import { startHeartbeat, type Heartbeat } from '../protocol/heartbeat.js';
import { isOffline, watchEnvironment, type WakeReason } from '../protocol/wake-ups.js';
import { SocketError } from './errors.js';
import type { SendData, SocketCloseEvent, SocketEventMap, SocketOptions, Source } from './types.js';

/** The part of `WebSocket` used (browsers' and `ws` both fit). */
interface Real {
  readyState: number;
  protocol: string;
  extensions: string;
  bufferedAmount: number;
  binaryType: string;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number; reason: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  send(data: SendData): void;
  close(code?: number, reason?: string): void;
  terminate?(): void;
  on?(event: 'unexpected-response', fn: (req: unknown, res: { statusCode?: number; headers: Record<string, unknown> }) => void): unknown;
}

const call = async <T>(s: Source<T>): Promise<T> => (typeof s === 'function' ? (s as () => T | Promise<T>)() : s);
const event = <T extends object>(type: string, props?: T): Event & T => Object.assign(new Event(type), props);

/**
 * @example
 * const ws = new Socket('wss://chat.example.com/ws', [], { token: () => getToken(), heartbeat: { send: 'ping', expect: 'pong', interval: 30_000 } });
 * ws.onmessage = (e) => render(e.data);
 * ws.send('hello'); // queued until open
 */
export class Socket extends EventTarget {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSING = 2;
  static readonly CLOSED = 3;
  readonly CONNECTING = 0;
  readonly OPEN = 1;
  readonly CLOSING = 2;
  readonly CLOSED = 3;
  onopen: ((ev: Event) => void) | null = null;
  onmessage: ((ev: MessageEvent) => void) | null = null;
  onclose: ((ev: SocketCloseEvent) => void) | null = null;
  onerror: ((ev: SocketEventMap['error']) => void) | null = null;
  readyState = 0;
  /** The URL of the last attempt (without the token). */
  url = '';
  #binaryType = 'blob';
  #ws: Real | undefined;
  #attempt = 0;
  #opened = 0;
  #refreshed = false;
  #waiting = false;
  #wasOpen = false;
  #hb: Heartbeat | undefined;
  #queue: SendData[] = [];
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();
  readonly #stopEnv: () => void;
  readonly #source: Source<string>;
  readonly #protocols: string | string[];
  readonly #o: SocketOptions;

  constructor(url: Source<string>, protocols: string | string[] = [], options: SocketOptions = {}) {
    super();
    this.#source = url;
    this.#protocols = protocols;
    this.#o = options;
    for (const type of ['open', 'message', 'close', 'error'])
      this.addEventListener(type, (ev) => (this as unknown as Record<string, ((ev: Event) => void) | null>)[`on${type}`]?.call(this, ev));
    if (typeof url === 'string') this.url = url;
    this.#stopEnv = watchEnvironment((why) => this.#wake(why), options.environment);
    void this.#connect();
  }

  get protocol(): string {
    return this.#ws?.protocol ?? '';
  }
  get extensions(): string {
    return this.#ws?.extensions ?? '';
  }
  /** Bytes the live socket has not sent yet (sends queued for a reconnect are not counted). */
  get bufferedAmount(): number {
    return this.#ws?.bufferedAmount ?? 0;
  }
  get binaryType(): string {
    return this.#binaryType;
  }
  set binaryType(v: string) {
    this.#binaryType = v;
    if (this.#ws) this.#ws.binaryType = v;
  }
  /** Sends waiting for the connection to come back. */
  get queued(): number {
    return this.#queue.length;
  }

  /** Sends now when open; queues while (re)connecting; throws `SocketError` when the queue is full or the socket is closed. */
  send(data: SendData): void {
    if (this.readyState === 1 && this.#ws!.readyState === 1) return this.#ws!.send(data);
    const max = this.#o.maxQueue ?? 1000;
    if (this.readyState > 1) throw new SocketError('CLOSED', 'send after close');
    if (this.#queue.length >= max) throw new SocketError('QUEUE_FULL', `send queue full (maxQueue ${max}) while reconnecting`);
    this.#queue.push(data);
  }

  /** Closes for good: no more reconnects. `close` fires once the connection is closed. */
  close(code = 1000, reason = ''): void {
    if (this.readyState > 1) return;
    this.readyState = 2;
    this.#clear();
    const ws = this.#ws;
    if (ws?.readyState === 1) ws.close(code, reason);
    else this.#end(code, reason);
  }

  #timer(fn: () => void, ms: number): void {
    const t = setTimeout(() => {
      this.#timers.delete(t);
      fn();
    }, ms);
    this.#timers.add(t);
  }

  #clear(): void {
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
    this.#hb = undefined; // it ran on the timers just cleared
    this.#waiting = false;
  }

  /** Detaches the live socket (its later events are ignored) and drops it. */
  #drop(): void {
    const ws = this.#ws;
    this.#ws = undefined;
    if (!ws) return;
    ws.onopen = ws.onmessage = ws.onclose = null;
    try {
      if (ws.terminate) ws.terminate();
      else ws.close();
    } catch {
      // already closing
    }
  }

  async #connect(): Promise<void> {
    this.#clear();
    this.#drop();
    this.readyState = 0;
    const o = this.#o;
    let ws: Real;
    try {
      const url = new URL(await call(this.#source), (globalThis as { location?: { href: string } }).location?.href);
      url.protocol = url.protocol.replace(/^http/, 'ws');
      this.url = url.href;
      const token = await call(o.token);
      if (token) url.searchParams.set(o.tokenParam ?? 'token', token);
      if (this.readyState) return; // closed while asking
      ws = this.#ws = new ((o.WebSocket ?? globalThis.WebSocket) as new (url: string, p: string | string[]) => Real)(url.href, this.#protocols);
    } catch (err) {
      // A url or token function that threw, or a URL the WebSocket constructor rejects.
      this.dispatchEvent(event('error', { error: err }));
      return this.#lost(1006, String(err));
    }
    ws.binaryType = this.#binaryType;
    let hint: number | undefined;
    let status = 0;
    this.#timer(() => this.#lost(1006, 'no open in time'), o.connectTimeout ?? 10_000);
    ws.onopen = () => this.#open();
    ws.onerror = (ev) => ws === this.#ws && this.dispatchEvent(event('error', { error: ev }));
    ws.onmessage = (ev) => {
      this.#hb?.seen();
      const data = ev.data;
      const hb = o.heartbeat;
      const expect = hb?.expect ?? 'pong';
      if (!(hb && (typeof expect === 'function' ? expect(data) : data === expect))) this.dispatchEvent(new MessageEvent('message', { data }));
    };
    ws.onclose = (ev) => (this.readyState === 2 ? this.#end(ev.code, ev.reason) : this.#lost(status === 401 ? 4401 : status === 403 ? 4403 : ev.code, ev.reason, hint));
    // Node's `ws` shows the handshake's HTTP response (browsers hide it): 401, 403, 503 + Retry-After.
    ws.on?.('unexpected-response', (_req, res) => {
      status = res.statusCode ?? 0;
      hint = parseRetryAfter(res.headers['retry-after'] as string | undefined);
      ws.terminate?.();
    });
  }

  #open(): void {
    this.#clear();
    this.readyState = 1;
    this.#opened = Date.now();
    const hb = this.#o.heartbeat;
    if (hb) {
      const interval = hb.interval ?? 30_000;
      this.#hb = startHeartbeat(
        { interval, timeout: hb.timeout ?? 10_000 },
        { ping: () => this.#ws?.send(hb.send ?? 'ping'), dead: () => this.#lost(1006, 'heartbeat timeout'), now: Date.now, timer: (fn, ms) => this.#timer(fn, ms) },
      );
    }
    const queued = this.#queue;
    this.#queue = [];
    for (const data of queued) this.#ws!.send(data);
    this.dispatchEvent(event('open'));
    if (this.#wasOpen) this.dispatchEvent(event('reconnected', { attempts: this.#attempt }));
    this.#wasOpen = true;
    this.#attempt = 0;
  }

  /** The live connection or attempt ended with `code`: reconnect, refresh credentials once, or stop. */
  #lost(code: number, reason: string, hintMs?: number): void {
    if (this.readyState > 1) return;
    this.#clear();
    this.#drop();
    this.readyState = 0;
    // A connection that stayed up a while starts the backoff over and earns a new credentials
    // refresh (a server that accepts and closes at once earns neither: no tight loop).
    if (this.#opened && Date.now() - this.#opened > 5000) {
      this.#attempt = 0;
      this.#refreshed = false;
    }
    this.#opened = 0;
    const action = foreignReconnectAction(code);
    const canRefresh = typeof this.#source === 'function' || typeof this.#o.token === 'function';
    if (action === 'stop' || (action === 'refresh-token' && (this.#refreshed || !canRefresh))) return this.#end(code, reason);
    let delay = 0;
    if (action === 'refresh-token') this.#refreshed = true;
    else delay = reconnectDelay(code, reason, this.#attempt++, hintMs, this.#o.backoff, this.#o.random);
    this.dispatchEvent(event('reconnecting', { code, reason, delay, attempt: this.#attempt }));
    this.#waiting = true;
    // Offline (docs/socket.md): no retries until `online`.
    if (!isOffline(this.#o.environment)) this.#timer(() => void this.#connect(), delay);
  }

  #end(code: number, reason: string): void {
    this.#clear();
    this.#drop();
    this.#stopEnv();
    this.readyState = 3;
    const unsent = this.#queue;
    this.#queue = [];
    this.dispatchEvent(event('close', { code, reason, wasClean: code !== 1006, unsent }));
  }

  #wake(why: WakeReason): void {
    if (this.readyState === 1) this.#hb?.probe();
    else if (this.#waiting && why === 'online') void this.#connect();
  }
}

// Typed listeners for the events above (types only: the class is an ordinary EventTarget).
export interface Socket {
  addEventListener<K extends keyof SocketEventMap>(type: K, listener: (ev: SocketEventMap[K]) => void, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof SocketEventMap>(type: K, listener: (ev: SocketEventMap[K]) => void, options?: boolean | EventListenerOptions): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | EventListenerOptions): void;
}
