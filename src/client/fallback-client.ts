/**
 * The full `Client`: the state machine of client.ts plus the transport choice (docs/client.md
 * "Transports"): `transports` defaults to `['websocket', 'sse']`; an attempt the path refuses
 * moves to the next transport at once; what worked is kept for reconnects; and while open on
 * SSE, a WebSocket is tried beside the connection (a probe) on every wake-up and at a random
 * point of every `probeInterval`, and adopted when its `hello` arrives. `wsgate/client/websocket`
 * exports the state machine without any of this, for apps whose every path passes WebSocket.
 * (Its state lives in the constructor's closure: short names in the bundle, docs/client.md "Size".)
 */
import { parseCloseReason } from '../protocol/index.js';
import { Client as WebSocketClient } from './client.js';
import type { ClientOptions, Source } from './options.js';
import type { SocketLike, SseFactory, TransportKind } from './transport.js';
import { SseSocket } from './sse.js';
import { attemptTarget } from './target.js';

/**
 * @example
 * const client = new Client('wss://ws.example.com/api/ws/chat', { token: () => getToken() });
 * client.on('transport', ({ transport }) => console.log('now on', transport));
 */
export class Client extends WebSocketClient {
  /** @param sse the SSE transport (default: sse.ts; tests pass a fake) */
  constructor(url: Source<string>, options: ClientOptions = {}, sse: SseFactory = (u, token) => new SseSocket(u, token, options.fetch ?? fetch)) {
    const WS = (options.WebSocket ?? globalThis.WebSocket) as (new (url: string) => SocketLike) | undefined;
    const kinds = (options.transports ?? ['websocket', 'sse']).filter((kind) => kind === 'sse' || WS);
    if (!kinds[0]) throw new TypeError('wsgate/client: no WebSocket');
    /** Index in `kinds` of the transport for the next attempt, and of the last one that worked. */
    let k = 0;
    let worked = 0;
    /** A WebSocket tried beside the SSE connection; lives until its hello, the next probe or the next state. */
    let probe: SocketLike | undefined;
    /** Counts state changes and tries: a probe whose URL arrives after one is not opened. */
    let gen = 0;
    super(url, options, {
      sse: () => (kinds[k] === 'sse' ? sse : undefined),
      // Refused before hello, not for the token (4401) nor with a server's "later": the path's
      // doing (a 403 on the upgrade often is too: a WAF, a proxy rule; the next transport meets
      // the server's own answer, which decides). The next transport, now.
      next: (state, code, reason, hintMs) => {
        if (state === 'connecting' && code !== 4401 && (hintMs ?? parseCloseReason(reason).reconnectDelayMs) === undefined && kinds[k + 1]) return !!++k;
        k = worked; // (already so when the loss came after hello)
        return false;
      },
      opened: () => kinds[(worked = k)]!,
      // On a fallback, each wake-up is also a moment to try WebSocket again (beside, not instead).
      wake: () => k && void tryWebSocket(),
    });
    const tryWebSocket = async (): Promise<void> => {
      const g = gen;
      let href: string;
      try {
        [href] = await attemptTarget(url, options);
      } catch {
        return; // the next wake-up tries again
      }
      if (g !== gen) return;
      probe?.close();
      const ws = (probe = new WS!(href));
      ws.onerror = () => {};
      ws.onmessage = (ev) => {
        if (ws !== probe) return;
        probe = undefined;
        k = 0;
        this._adopt(ws, String(ev.data));
      };
      // A probe that closes before its hello (a refused upgrade too: Node's `ws` closes when no
      // one handles the response) stays in `probe` until the next one or the next state, which
      // close it again: a no-op on a closed socket.
    };
    const every = options.probeInterval ?? 60_000;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // On every state or transport change: a new generation (the probe in hand is closed), and
    // while open on SSE, the next try at a random point of the coming `probeInterval`.
    const arm = (): void => {
      gen++;
      probe?.close();
      probe = undefined;
      clearTimeout(timer);
      if (this.state === 'open' && this.transport === 'sse') {
        timer = setTimeout(() => (arm(), this.wake('retry')), every / 2 + (options.random ?? Math.random)() * every);
      }
    };
    this.on('state', arm);
    this.on('transport', arm);
  }
}
