/**
 * Where an attempt goes: the URL from `url` (a value or a function, asked on every attempt),
 * made `ws:`/`wss:`, with the token from `options.token` as a query parameter or traded for a
 * one-use ticket first (docs/client.md, options `auth` and `ticketUrl`). SSE carries the token
 * in a header. Shared by the state machine's attempts and the full client's probe.
 */
import { DEFAULT_TICKET_PATH } from '../protocol/index.js';
import { parseRetryAfter } from './backoff.js';
import { ClientErrorCode, WsgateClientError } from './errors.js';
import type { ClientOptions, Source } from './options.js';

/** A `Source`'s value: the value itself, or what its function returns (awaited). */
export const call = async <T>(s: Source<T>): Promise<T> => (typeof s === 'function' ? (s as () => T | Promise<T>)() : s);

/** The URL of an attempt (with the token or a ticket, unless `sse`) and the token. */
export async function attemptTarget(wsUrl: Source<string>, o: ClientOptions, sse?: boolean): Promise<[string, string | null | undefined]> {
  let token: string | null | undefined;
  try {
    token = await call(o.token);
  } catch (err) {
    throw new WsgateClientError(ClientErrorCode.TOKEN_FAILED, `token: ${err}`, { cause: err });
  }
  const loc = (globalThis as { location?: { href: string } }).location;
  const url = new URL(await call(wsUrl), loc?.href);
  url.protocol = url.protocol.replace(/^http/, 'ws');
  // SSE sends the token in a header (sse.ts), never in the URL.
  if (token && !sse) {
    if (o.auth === 'ticket') url.searchParams.set('ticket', await ticket(url, token, o));
    else url.searchParams.set(o.tokenParam ?? 'token', token);
  }
  return [url.href, token];
}

/** A one-use ticket for `token` (`auth: 'ticket'`), POSTed for at `ticketUrl`. */
async function ticket(wsUrl: URL, token: string, o: ClientOptions): Promise<string> {
  const opt = o.ticketUrl;
  let target: string;
  if (typeof opt === 'function') target = opt(wsUrl);
  else if (opt) target = opt;
  else target = new URL(DEFAULT_TICKET_PATH, wsUrl.href.replace(/^ws/, 'http')).href;
  const res = await (o.fetch ?? fetch)(target, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
  const body = res.ok ? ((await res.json()) as { ticket?: unknown }) : {};
  if (typeof body.ticket !== 'string') {
    throw new WsgateClientError(ClientErrorCode.TICKET_FAILED, `ticket: HTTP ${res.status}`, {
      status: res.status,
      retryAfter: parseRetryAfter(res.headers.get('retry-after')),
    });
  }
  return body.ticket;
}
