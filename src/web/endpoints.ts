/**
 * Where the console finds the server, derived from the page's own address so that it works
 * at `/` and under any path prefix a proxy adds (`https://example.com/chat/` → WebSocket at
 * `wss://example.com/chat/api/ws/chat`). Pure: takes the href, returns URLs.
 */
import { DEFAULT_TICKET_PATH, DEFAULT_WS_PATH as SERVER_WS_PATH } from '../protocol/index.js';

/** The server's default WebSocket path (`--path`, docs/protocol.md), relative to where the page is served. */
export const DEFAULT_WS_PATH = SERVER_WS_PATH.slice(1);

export interface Endpoints {
  /** The directory the page is served from, always ending in `/`. */
  base: string;
  /** The WebSocket URL without a token (ws: for http pages, wss: for https pages). */
  ws: string;
  /** The same path over HTTP(S), for a plain request that shows which HTTP status the path answers. */
  wsHttp: string;
  /** `POST` here with `{"name"}` for a dev token (only when the server has no auth configured). */
  devToken: string;
  /** `POST` here with `Authorization: Bearer <token>` for a one-use `?ticket=` (keeps tokens out of URLs). */
  ticket: string;
  /** True when the WebSocket lives on the page's origin (so a fetch can read its status). */
  sameOrigin: boolean;
}

/**
 * The directory of the page. A last segment with no dot is taken as a directory the proxy
 * served without its trailing slash (`/chat` → `/chat/`); `index.html` and the like are files.
 */
export function pageBase(href: string): URL {
  const url = new URL(href);
  url.search = '';
  url.hash = '';
  const last = url.pathname.slice(url.pathname.lastIndexOf('/') + 1);
  if (last !== '' && !last.includes('.')) url.pathname += '/';
  return new URL('.', url);
}

/** http→ws, https→wss; ws/wss stay. Anything else is refused. */
export function toWebSocketUrl(url: URL): URL {
  const out = new URL(url.href);
  if (out.protocol === 'http:') out.protocol = 'ws:';
  else if (out.protocol === 'https:') out.protocol = 'wss:';
  else if (out.protocol !== 'ws:' && out.protocol !== 'wss:') throw new TypeError(`not a WebSocket URL: ${url.href}`);
  return out;
}

function toHttpUrl(url: URL): URL {
  const out = new URL(url.href);
  out.protocol = out.protocol === 'wss:' ? 'https:' : 'http:';
  return out;
}

/**
 * The console's endpoints for a page at `href`.
 *
 * `override` (from `?ws=` in the page's URL, or a `<meta name="wsgate-ws">`) may be a full
 * ws(s)/http(s) URL, an absolute path (`/other/ws`) or a path relative to the page's directory.
 * A `token` in it is dropped: tokens are passed separately and never shown.
 *
 * @example
 * deriveEndpoints('https://example.com/chat/').ws // 'wss://example.com/chat/api/ws/chat'
 */
export function deriveEndpoints(href: string, override?: string | null): Endpoints {
  const base = pageBase(href);
  const target = override && override.trim() !== '' ? override.trim() : DEFAULT_WS_PATH;
  const ws = toWebSocketUrl(new URL(target, base));
  ws.hash = '';
  ws.searchParams.delete('token');
  const wsHttp = toHttpUrl(ws);
  return {
    base: base.href,
    ws: ws.href,
    wsHttp: wsHttp.href,
    devToken: new URL('api/dev/token', base).href,
    ticket: new URL(DEFAULT_TICKET_PATH.slice(1), base).href,
    sameOrigin: wsHttp.origin === base.origin,
  };
}

/** The WebSocket URL with `?token=` added, as the guide's browser test connects. */
export function withToken(wsUrl: string, token: string | null | undefined): string {
  if (!token) return wsUrl;
  const url = new URL(wsUrl);
  url.searchParams.set('token', token);
  return url.href;
}

/** The URL with the token's value hidden, for showing on screen. */
export function redactToken(url: string): string {
  return url.replace(/([?&](?:token|ticket)=)[^&#]*/g, '$1…');
}
