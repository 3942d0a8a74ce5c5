/**
 * The full `Client`: the state machine of client.ts plus the transport choice (docs/client.md
 * "Transports"): `transports` defaults to `['websocket', 'sse']`; an attempt the path refuses
 * moves to the next transport at once; what worked is kept for reconnects; and while open on
 * SSE, a WebSocket is tried beside the connection (a probe) on every wake-up and at a random
 * point of every `probeInterval`, and adopted when its `hello` arrives. `wsgate/client/websocket`
 * exports the state machine without any of this, for apps whose every path passes WebSocket.
 */
import { Client as WebSocketClient, type ClientOptions, type SocketLike, type SseFactory, type Source, type TransportKind } from './client.js';
import { parseCloseReason } from '../protocol/index.js';
import type { WakeReason } from './env.js';
import { SseSocket } from './sse.js';

type WebSocketCtor = new (url: string) => SocketLike;

/**
 * @example
 * const client = new Client('wss://ws.example.com/api/ws/chat', { token: () => getToken() });
 * client.on('transport', ({ transport }) => console.log('now on', transport));
 */
export class Client extends WebSocketClient {
  readonly #kinds: TransportKind[];
  readonly #sseFactory: SseFactory;
  /** Index in #kinds of the transport for the next attempt, and of the last one that worked. */
  #k = 0;
  #worked = 0;
  /** A WebSocket tried beside the SSE connection; lives until its hello, its close, the next probe or the next state. */
  #probe: SocketLike | undefined;
  /** Counts state changes: a probe whose URL arrives after one is not opened. */
  #gen = 0;
  readonly #WS: WebSocketCtor | undefined;

  /** @param sse the SSE transport (default: sse.ts; tests pass a fake) */
  constructor(url: Source<string>, options: ClientOptions = {}, sse?: SseFactory) {
    // Connect only once this class's fields are set (the base's hooks read them).
    super(url, { ...options, autoConnect: false });
    const WS = (this.#WS = (options.WebSocket ?? globalThis.WebSocket) as WebSocketCtor | undefined);
    this.#sseFactory = sse ?? ((u, token) => new SseSocket(u, token, options.fetch ?? fetch));
    this.#kinds = (options.transports ?? ['websocket', 'sse']).filter((k) => k === 'sse' || WS);
    if (!this.#kinds[0]) throw new TypeError('wsgate/client: no WebSocket');
    const every = options.probeInterval ?? 60_000;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const arm = (): void => {
      clearTimeout(timer);
      if (this.state === 'open' && this.transport === 'sse') {
        timer = setTimeout(() => (this.wake('retry'), arm()), every / 2 + (options.random ?? Math.random)() * every);
      }
    };
    this.on('state', () => {
      this.#gen++;
      this.#probe?.close();
      this.#probe = undefined;
      arm();
    });
    this.on('transport', arm);
    if (options.autoConnect !== false) this.connect();
  }

  /** On a fallback, each wake-up is also a moment to try WebSocket again (beside, not instead). */
  override wake(reason: WakeReason | 'retry'): void {
    super.wake(reason);
    if (this.state === 'open' && this.#k) void this.#tryWebSocket();
  }

  async #tryWebSocket(): Promise<void> {
    const gen = this.#gen;
    let href: string;
    try {
      [href] = await this._target();
    } catch {
      return; // the next wake-up tries again
    }
    if (gen !== this.#gen) return;
    this.#probe?.close();
    const ws = (this.#probe = new this.#WS!(href));
    ws.onerror = () => {};
    ws.onmessage = (ev) => {
      if (ws !== this.#probe) return;
      this.#probe = undefined;
      this.#k = 0;
      this._adopt(ws, String(ev.data));
    };
    // (A refused upgrade just closes it: Node's `ws` closes when no one handles the response.)
    ws.onclose = () => {
      if (ws === this.#probe) this.#probe = undefined;
    };
  }

  protected override _sse(): SseFactory | undefined {
    return this.#kinds[this.#k] === 'sse' ? this.#sseFactory : undefined;
  }

  protected override _fallback(code: number, reason: string, hintMs?: number): boolean {
    // Refused before hello, not for the token (4401) nor with a server's "later": the path's
    // doing (a 403 on the upgrade often is too: a WAF, a proxy rule; the next transport meets
    // the server's own answer, which decides). The next transport, now.
    if (this.state === 'connecting' && code !== 4401 && (hintMs ?? parseCloseReason(reason).reconnectDelayMs) === undefined && this.#k + 1 < this.#kinds.length) {
      return !!++this.#k;
    }
    this.#k = this.#worked; // (already so when the loss came after hello)
    return false;
  }

  protected override _opened(): TransportKind {
    return this.#kinds[(this.#worked = this.#k)]!;
  }
}
