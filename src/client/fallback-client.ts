/**
 * The full `Client`: the state machine of client.ts with the SSE + POST transport (sse.ts)
 * plugged in, so `transports` defaults to `['websocket', 'sse']`, and a timer that, while the
 * client is open on SSE, tries WebSocket again at a random point of every `probeInterval`
 * (`wake('retry')`; the page's `online` does the same). `wsgate/client/websocket` exports the
 * state machine without either, for apps whose every path passes WebSocket.
 */
import { Client as WebSocketClient, type ClientOptions, type Source } from './client.js';
import { SseSocket } from './sse.js';

/**
 * @example
 * const client = new Client('wss://ws.example.com/api/ws/chat', { token: () => getToken() });
 * client.on('transport', ({ transport }) => console.log('now on', transport));
 */
export class Client extends WebSocketClient {
  constructor(url: Source<string>, options: ClientOptions = {}) {
    super(url, options, (u, token) => new SseSocket(u, token, options.fetch ?? fetch));
    const every = options.probeInterval ?? 60_000;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const arm = (): void => {
      clearTimeout(timer);
      if (this.state === 'open' && this.transport === 'sse') {
        timer = setTimeout(() => (this.wake('retry'), arm()), every / 2 + (options.random ?? Math.random)() * every);
      }
    };
    this.on('state', arm);
    this.on('transport', arm);
  }
}
