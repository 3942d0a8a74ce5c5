/**
 * The web console served at `/` by `wsgate serve` (docs/console.md): wires the chat, the live
 * connection panel and the browser test to one wsgate/client, whose socket is instrumented
 * so the panel sees the heartbeat and the recovery. Every URL comes from the page's own
 * address (`endpoints.ts`), so the console works under any path prefix a proxy adds.
 */
import './styles.css';
import { Client } from '../client/index.js';
import { ConnectionMonitor } from './connection-monitor.js';
import { deriveEndpoints } from './endpoints.js';
import { instrumentedFetch } from './instrumented-fetch.js';
import { instrumentedWebSocket } from './instrumented-socket.js';
import { devToken, type Identity } from './session.js';
import { ChatView } from './views/chat-view.js';
import { ConnectionView } from './views/connection-view.js';
import { TestView } from './views/test-view.js';
import { DiagnosesView } from './views/diagnoses-view.js';
import { byId } from './dom.js';
import { startLang, words } from './words/index.js';

function storage(): Storage | undefined {
  try {
    return window.sessionStorage;
  } catch {
    return undefined;
  }
}

function boot(): void {
  byId('boot').hidden = true;
  startLang(document.getElementById('lang') as HTMLSelectElement | null);
  const params = new URLSearchParams(location.search);
  const override = params.get('ws') ?? document.querySelector<HTMLMetaElement>('meta[name="wsgate-ws"]')?.content ?? null;
  let endpoints;
  try {
    endpoints = deriveEndpoints(location.href, override);
  } catch (err) {
    byId('fatal').hidden = false;
    byId('fatal').textContent = words().cannotDerive(err instanceof Error ? err.message : String(err));
    return;
  }
  byId('endpoint').textContent = endpoints.ws;

  const now = () => performance.now();
  const wallClock = (at: number) => new Date(performance.timeOrigin + at);
  // One monitor for the page's lifetime: reconnects stay listed across sign-ins.
  const monitor = new ConnectionMonitor();
  let client: Client | null = null;
  let closingOnPurpose = false;

  const panel = new ConnectionView({ monitor, now, wallClock, probe: () => client?.wake('visible') });

  const start = (identity: Identity, renewed: (next: Identity) => void): Client => {
    stop();
    const WS = instrumentedWebSocket(WebSocket, monitor, now);
    let current = identity;
    let stale = false;
    // The client asks for the token on every attempt. After a 4401 it asks once more: a dev
    // token (which a restarted server has forgotten) is then traded in again for the same name.
    const token = async (): Promise<string> => {
      if (stale && current.kind === 'dev') {
        stale = false;
        try {
          current = await devToken(endpoints.devToken, current.name);
          renewed(current);
        } catch {
          // Keep the old token: the attempt fails with 4401 again and the client says so.
        }
      }
      return current.token;
    };
    // Tickets keep the long-lived token out of the WebSocket URL (and so out of proxy and CDN
    // logs): each attempt trades it for a one-use ?ticket= at the prefix-aware ticket URL.
    // Where the path blocks WebSocket the client falls back to SSE + POST (docs/client.md
    // "Transports"); the instrumented fetch shows those frames to the panel as the socket does.
    const fetchFn = instrumentedFetch(window.fetch.bind(window), monitor, now);
    const c = new Client(endpoints.ws, { WebSocket: WS, fetch: fetchFn, token, auth: 'ticket', ticketUrl: endpoints.ticket });
    client = c;
    c.on('transport', ({ transport }) => c === client && panel.setTransport(transport));
    c.on('state', ({ oldState, newState, code, reason, delay }) => {
      if (c !== client) return;
      if (code === 4401) stale = true;
      panel.setState(newState, code !== undefined ? `${code} ${reason ?? ''}` : '');
      if (newState === 'open') monitor.opened(now());
      else if ((newState === 'reconnecting' || newState === 'closed') && !closingOnPurpose && code !== undefined) {
        monitor.closed(now(), code, reason ?? '', oldState === 'open', delay);
      }
      if (newState === 'closed') monitor.ended();
    });
    panel.setTransport(null);
    panel.setState(c.state);
    return c;
  };

  function stop(): void {
    if (!client) return;
    closingOnPurpose = true;
    client.close();
    closingOnPurpose = false;
    client = null;
    panel.setState('signed-out');
  }

  const chat = new ChatView({ devTokenUrl: endpoints.devToken, storage: storage(), start, stop });

  new TestView({
    endpoints,
    token: async () => {
      if (chat.token) return chat.token;
      try {
        return (await devToken(endpoints.devToken, 'browser-test')).token;
      } catch {
        return null; // no dev tokens here: the test shows what the server says to no token
      }
    },
  });

  new DiagnosesView({ list: new URL('api/diagnoses', endpoints.base).href, page: new URL('diagnose', endpoints.base).href });

  // Exposed for the browser tests and for curious users in the devtools console.
  Object.assign(window, { wsgateConsole: { endpoints, monitor, get client() { return client; } } });
}

boot();
