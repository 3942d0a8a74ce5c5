/**
 * `Client`: one logical connection to a wsgate server that survives CDNs, proxies, deploys and
 * network changes (docs/client.md). A state machine (state.ts) with one transition function, `to()`;
 * each state owns its timers; at most one socket is live at any time, and events from any
 * other socket are ignored, whatever order they arrive in. This is the WebSocket-only client;
 * the transport choice (SSE fallback, probes back to WebSocket) lives in fallback-client.ts and
 * plugs in as a `Transports` (with `_adopt` for its probe), so the
 * WebSocket-only bundle does not carry it (its size budget: docs/client.md "Size").
 */
import {
  PING_TEXT,
  isRetryableError,
  parseServerFrame,
  reconnectAction,
  type AckFrame,
  type ErrorFrame,
  type HelloFrame,
  type PresenceReplyFrame,
  type PresenceUser,
  type RefreshedFrame,
  type ResultFrame,
} from '../protocol/index.js';
import { fullJitter, parseRetryAfter, reconnectDelay } from './backoff.js';
import { Emitter } from './emitter.js';
import { isOffline, watchEnvironment, type WakeReason } from './env.js';
import { ClientErrorCode, ConnectionClosedError, ServerError, WsgateClientError } from './errors.js';
import { startHeartbeat, type Heartbeat } from './heartbeat.js';
import { Outbox } from './outbox.js';
import type { ClientEvents, ClientOptions, Source } from './options.js';
import { Pacer } from './pacer.js';
import { checkChannel, randomPrefix, tooBig, type Reply } from './requests.js';
import type { State, StateChange } from './state.js';
import { Subscription, SubscriptionRegistry, type MessageHandler } from './subscriptions.js';
import { attemptTarget, call } from './target.js';
import type { SocketLike, TransportKind, Transports } from './transport.js';

// Close codes used here (the names are in protocol/close-codes.ts; literals keep the bundle small).
const NORMAL = 1000;
const ABNORMAL = 1006;
const UNAUTHORIZED = 4401;
const FORBIDDEN = 4403;

/**
 * @example
 * const client = new Client('wss://ws.example.com/api/ws/chat', { token: () => getToken() });
 * const sub = client.subscribe('room:lobby', (data, meta) => render(data, meta.from));
 * await client.publish('room:lobby', { text: 'hi' });
 */
export class Client extends Emitter<ClientEvents> {
  /** The current state. */
  state: State = 'closed';
  /** The last hello (session, user, heartbeat, limits), once connected. */
  declare hello: HelloFrame | undefined;
  /** Why the client went to `closed`, once it did. */
  declare lastClose: { code: number; reason: string } | undefined;
  /** The transport of the last connection that reached `open`; null before the first and after `close()`. */
  transport: TransportKind | null = null;

  #ws: SocketLike | undefined;
  #gen = 0;
  #attempts = 0;
  #authRetried: boolean | undefined;
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();
  #flushTimer: ReturnType<typeof setTimeout> | undefined;
  #resendTimer: ReturnType<typeof setTimeout> | undefined;
  #heartbeat: Heartbeat | undefined;
  #pacer: Pacer | undefined;
  #queue: string[] = [];
  #seq = 0;
  readonly #prefix = randomPrefix();
  readonly #outbox: Outbox;
  readonly #subs: SubscriptionRegistry;
  readonly #now: () => number;
  #stopEnv: (() => void) | undefined;
  readonly #WS: new (url: string) => SocketLike;
  readonly #url: Source<string>;
  readonly #options: ClientOptions;

  readonly #tr: Transports | undefined;

  /** @param tr the full client's transport choice (fallback-client.ts) */
  constructor(url: Source<string>, options: ClientOptions = {}, tr?: Transports) {
    super();
    this.#url = url;
    this.#options = options;
    this.#WS = (options.WebSocket ?? globalThis.WebSocket) as new (url: string) => SocketLike;
    if (!(this.#tr = tr) && !this.#WS) throw new TypeError('wsgate/client: no WebSocket');
    this.#now = options.now ?? Date.now;
    this.#outbox = new Outbox(options.outbox);
    this.#subs = new SubscriptionRegistry((info) => this.emit('unrecovered', info));
    // Synchronously, so `state` is 'connecting' right after `new Client()` (to observe the
    // first transition too, pass autoConnect: false, add listeners, then call connect()).
    if (options.autoConnect !== false) this.connect();
  }

  /** Starts connecting (no-op unless `closed`). */
  connect(): void {
    if (this.state === 'closed') this.#to('connecting');
  }

  /** Closes the connection and stops reconnecting; pending requests reject with CLIENT_CLOSED. */
  close(): void {
    if (this.state !== 'closed') this.#to('closed', (this.lastClose = { code: NORMAL, reason: 'client closed' }));
    this.#outbox.rejectAll(new ConnectionClosedError(ClientErrorCode.CLIENT_CLOSED, NORMAL, 'client closed'));
  }

  /**
   * Something suggests the link may have changed (the page calls this itself on visibility,
   * `online` and `pageshow`): probe an open link now (and, on SSE, try WebSocket beside it);
   * on `online`, end a backoff wait.
   */
  wake(reason: WakeReason | 'retry'): void {
    if (this.state === 'open') {
      this.#heartbeat?.probe();
      this.#tr?.wake();
    }
    else if (this.state === 'reconnecting' && reason === 'online') this.#to('connecting');
  }

  /** Subscribes; works in any state (restored on every reconnect, resuming where it left off). */
  subscribe(channel: string, handler: MessageHandler): Subscription {
    checkChannel(channel);
    const sub = new Subscription(channel, handler, (s) => {
      if (this.#subs.remove(s) && this.state === 'open') this.#enqueue(JSON.stringify({ type: 'unsubscribe', id: this.#nextId(), channel }));
    });
    if (this.#subs.add(sub) && this.state === 'open') this.#enqueue(JSON.stringify(this.#subs.subscribeFrame(channel, this.#nextId())));
    return sub;
  }

  /**
   * Publishes; resolves with the offset the server acknowledged. Queued in the outbox in any
   * state and sent again with the same id after a reconnect, so it is published exactly once.
   * @param options.id your own idempotency key (default: a unique id)
   */
  async publish(channel: string, data: unknown, options: { id?: string } = {}): Promise<number> {
    checkChannel(channel); // an invalid name rejects the promise (async), like every other failure
    const ack = await this.#request<AckFrame>({ type: 'publish', channel, data }, options.id);
    return ack.offset;
  }

  /**
   * Swaps the connection's token for a fresh one from `options.token` without reconnecting
   * (before it expires: an expired token ends the connection with 4401). The user must stay
   * the same. Resolves with the user and, when known, the new expiry (Unix ms).
   */
  async refresh(): Promise<{ user: string; expiresAt?: number }> {
    const token = await call(this.#options.token);
    const reply = await this.#request<RefreshedFrame>({ type: 'refresh', token });
    return { user: reply.user.id, expiresAt: reply.expiresAt };
  }

  /** Who is subscribed to a channel, across the whole deployment. */
  async presence(channel: string): Promise<PresenceUser[]> {
    const reply = await this.#request<PresenceReplyFrame>({ type: 'presence', channel });
    return reply.users;
  }

  /**
   * Calls the server's backend (`wsgate serve --proxy-url`, docs/backend.md); resolves with the
   * backend's `data`, rejects with a ServerError carrying the backend's code when it refuses.
   * @example const history = await client.rpc('chat.history', { limit: 20 });
   */
  async rpc(method: string, data: unknown = null): Promise<unknown> {
    return (await this.#request<ResultFrame>({ type: 'rpc', method, data })).data;
  }

  /** Requests waiting for a reply (queued or sent), and their size in bytes. */
  get pending(): { count: number; bytes: number } {
    return { count: this.#outbox.count, bytes: this.#outbox.bytes };
  }

  #request<T extends Reply>(frame: Record<string, unknown>, id = this.#nextId()): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let text: string;
      try {
        if ('data' in frame && frame.data === undefined) throw new TypeError('data is undefined');
        if (this.#outbox.get(id)) throw new TypeError(`id ${id} is already pending`);
        text = JSON.stringify({ ...frame, id });
      } catch (err) {
        return reject(new WsgateClientError(ClientErrorCode.INVALID_ARGUMENT, `${err}`, { cause: err }));
      }
      const bytes = Outbox.bytesOf(text);
      const max = this.hello?.limits?.maxMessage;
      if (max && bytes > max) return reject(tooBig(max));
      this.#outbox.add({ id, text, bytes, resolve, reject }); // throws OutboxFullError → rejects
      if (this.state === 'open') this.#enqueue(text);
    });
  }

  #nextId(): string {
    return this.#prefix + ++this.#seq;
  }

  // ---- the state machine -------------------------------------------------------------------

  /** The one transition function: leaves the old state (its timers), enters the new, emits `state`. */
  #to(next: State, info: Omit<StateChange, 'oldState' | 'newState'> = {}): void {
    const old = this.state;
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
    // (The heartbeat ran on the timers just cleared.)
    this.#flushTimer = this.#resendTimer = this.#heartbeat = undefined;
    this.#gen++;
    this.state = next;
    if (next === 'reconnecting' || next === 'closed') this.#drop(next === 'closed');
    if (next === 'connecting') {
      this.#stopEnv ??= watchEnvironment((why) => this.wake(why), this.#options.environment);
      this.#timer(() => this.#fail(new WsgateClientError(ClientErrorCode.CONNECT_TIMEOUT, 'no hello in time')), this.#options.connectTimeout ?? 10_000);
      void this.#attempt(this.#gen);
    } else if (next === 'reconnecting') {
      // Offline (docs/client.md, "Offline"): no retries until `online` (see `wake`).
      if (!isOffline(this.#options.environment)) this.#timer(() => this.#to('connecting'), info.delay ?? 0);
    } else if (next === 'closed') {
      this.#stopEnv?.();
      this.#stopEnv = undefined;
      this.#setTransport();
    } else {
      this.#enterOpen();
    }
    this.emit('state', { oldState: old, newState: next, ...info });
  }

  #timer(fn: () => void, ms: number): ReturnType<typeof setTimeout> {
    const t = setTimeout(() => {
      this.#timers.delete(t);
      fn();
    }, ms);
    this.#timers.add(t);
    return t;
  }

  #setTransport(t: TransportKind | null = null): void {
    if (t !== this.transport) this.emit('transport', { transport: (this.transport = t) });
  }

  /** One attempt: a WebSocket, or the SSE transport when the full client's `Transports` say so. */
  async #attempt(gen: number): Promise<void> {
    const sse = this.#tr?.sse();
    let target: [string, string | null | undefined];
    try {
      target = await attemptTarget(this.#url, this.#options, !!sse);
    } catch (err) {
      if (gen === this.#gen) this.#fail(err);
      return;
    }
    if (gen === this.#gen) this.#ws = this.#openSocket(sse ? sse(...target) : new this.#WS(target[0]));
  }

  /**
   * @internal Moves to `ws` (the full client's probe, back on WebSocket) on its first frame, `text` (its
   * hello). Resubscribing with `since` and resending the outbox (same ids) on entering `open`
   * again is what loses and repeats nothing (docs/client.md).
   */
  protected _adopt(ws: SocketLike, text: string): void {
    this.#drop(true);
    this.#ws = this.#openSocket(ws);
    this.#onText(text);
  }

  /** Wires a new socket (no socket to drop here: entering `reconnecting` or `closed` dropped it). */
  #openSocket(ws: SocketLike): SocketLike {
    let rejected: WsgateClientError | undefined;
    ws.onerror = () => {};
    ws.onmessage = (ev) => {
      if (ws === this.#ws) this.#onText(String(ev.data));
    };
    ws.onclose = (ev) => {
      if (ws !== this.#ws) return;
      if (rejected) this.#fail(rejected);
      else this.#lost(ev.code, ev.reason);
    };
    // Node's `ws` shows the handshake's HTTP status (browsers hide it): 503 Retry-After, 401, 403.
    ws.on?.('unexpected-response', (_req, res) => {
      rejected = new WsgateClientError(ClientErrorCode.HANDSHAKE_REJECTED, `handshake: HTTP ${res.statusCode}`, {
        status: res.statusCode,
        retryAfter: parseRetryAfter(String(res.headers['retry-after'])),
      });
      ws.terminate?.();
    });
    return ws;
  }

  /** Detaches the current socket and closes it (gracefully for `close()`, at once otherwise). */
  #drop(graceful: boolean): void {
    const ws = this.#ws;
    if (!ws) return;
    this.#ws = undefined;
    ws.onmessage = ws.onclose = null;
    try {
      if (!graceful && ws.terminate) ws.terminate();
      else ws.close(NORMAL);
    } catch {
      // Already closing: nothing more to do.
    }
  }

  /** An attempt failed before `hello` (or the heartbeat gave up): report it and go on. */
  #fail(err: unknown): void {
    const e = err instanceof WsgateClientError ? err : new WsgateClientError(ClientErrorCode.INVALID_ARGUMENT, String(err), { cause: err });
    this.emit('error', e);
    const status = e.status;
    // The HTTP statuses we can see mean what their close codes mean (docs/facts.md "Close codes").
    const code = status === 401 ? UNAUTHORIZED : status === 403 ? FORBIDDEN : ABNORMAL;
    this.#lost(code, e.message, e.retryAfter);
  }

  /** The connection or attempt ended with `code`: reconnect, refresh the token once, or stop. */
  #lost(code: number, reason: string, hintMs?: number): void {
    if (this.state !== 'connecting' && this.state !== 'open') return;
    const action = reconnectAction(code);
    let delay = 0;
    if (!this.#tr?.next(this.state, code, reason, hintMs)) {
      if (action === 'stop' || (action === 'refresh-token' && this.#authRetried)) {
        this.lastClose = { code, reason };
        this.#to('closed', this.lastClose);
        this.#outbox.rejectAll(new ConnectionClosedError(ClientErrorCode.CONNECTION_CLOSED, code, reason));
        return;
      }
      if (action === 'refresh-token') this.#authRetried = true;
      else delay = reconnectDelay(code, reason, this.#attempts++, hintMs, this.#options.backoff, this.#options.random);
    }
    this.#to('reconnecting', { code, reason, delay });
  }

  #enterOpen(): void {
    const hello = this.hello!;
    this.#setTransport(this.#tr?.opened() ?? 'websocket');
    this.#attempts = 0;
    this.#authRetried = false;
    const hb = this.#options.heartbeat;
    const interval = (hb && hb.interval) || hello.heartbeat?.interval;
    if (hb !== false && interval) {
      this.#heartbeat = startHeartbeat(
        { ...hb, interval, timeout: (hb && hb.timeout) || hello.heartbeat?.timeout || interval },
        {
          ping: () => this.#send(PING_TEXT),
          dead: () => this.#fail(new WsgateClientError(ClientErrorCode.HEARTBEAT_TIMEOUT, 'heartbeat timeout')),
          now: this.#now,
          timer: (fn, ms) => this.#timer(fn, ms),
        },
      );
    }
    const limits = hello.limits;
    this.#pacer = this.#options.pace !== false && limits?.rate ? new Pacer(limits.rate, limits.burst ?? limits.rate, this.#now()) : undefined;
    this.#queue = this.#subs.channels().map((ch) => JSON.stringify(this.#subs.subscribeFrame(ch, this.#nextId())));
    this.#resend();
  }

  /** Queues every unacknowledged request again (same ids: the server's idempotency keeps each publish exactly-once). */
  #resend(): void {
    const max = this.hello?.limits?.maxMessage;
    for (const item of this.#outbox.list()) {
      // Queued before the limit was known: sending it would only earn a 1009 close, again and again.
      if (max && item.bytes > max) this.#outbox.take(item.id)!.reject(tooBig(max));
      else if (!this.#queue.includes(item.text)) this.#queue.push(item.text);
    }
    this.#flush();
  }

  // ---- frames ------------------------------------------------------------------------------

  #enqueue(text: string): void {
    this.#queue.push(text);
    this.#flush();
  }

  #flush(): void {
    while (this.#flushTimer === undefined && this.state === 'open' && this.#queue.length > 0) {
      const wait = this.#pacer?.take(this.#now()) ?? 0;
      if (wait > 0) {
        this.#flushTimer = this.#timer(() => {
          this.#flushTimer = undefined;
          this.#flush();
        }, wait);
      } else this.#send(this.#queue.shift()!);
    }
  }

  #send(text: string): void {
    try {
      this.#ws?.send(text);
    } catch {
      // The socket is going away; its close event starts the reconnect, which resends.
    }
  }

  #onText(text: string): void {
    this.#heartbeat?.seen();
    const frame = parseServerFrame(text);
    if (!frame) return;
    switch (frame.type) {
      case 'hello':
        // In `open` only from an adopted probe (`_adopt`).
        if (this.state !== 'reconnecting') {
          this.hello = frame;
          this.#to('open');
          this.emit('connected', { session: frame.session, user: frame.user?.id, node: frame.node });
        }
        break;
      case 'message':
        this.#subs.onMessage(frame);
        break;
      case 'subscribed':
        this.#subs.onSubscribed(frame);
        break;
      case 'ack':
      case 'presence':
      case 'refreshed':
      case 'result':
        this.#outbox.take(String(frame.id))?.resolve(frame);
        break;
      case 'error':
        this.#onError(frame);
        break;
    }
  }

  #onError(frame: ErrorFrame): void {
    const id = frame.id === null || frame.id === undefined ? '' : String(frame.id);
    const err = new ServerError(frame.code, frame.message);
    const item = this.#outbox.get(id);
    if (isRetryableError(frame.code) && (item || !id)) {
      // A temporary failure, or (id null) frames the server dropped over its rate limit without
      // saying which: send what is unacknowledged again, once, a little later.
      if (!id) this.emit('error', err);
      this.#resendTimer ??= this.#timer(() => {
        this.#resendTimer = undefined;
        this.#resend();
      }, 500 + fullJitter(0, { base: 1000 }, this.#options.random));
    } else if (item) {
      this.#outbox.take(id)!.reject(err);
    } else if (!this.#subs.onError(id, err)) {
      this.emit('error', err);
    }
  }
}
