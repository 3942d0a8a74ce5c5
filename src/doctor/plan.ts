/**
 * From options to the paths to diagnose: the main path (the URL as clients use it; a --resolve
 * pin for the URL's host:port replaces DNS there, as curl does) and, with --origin, the origin
 * path (the guide's hosts-file bypass: same Host and SNI, another address). docs/doctor.md.
 */
import type { DoctorOptions, PathPlan } from './types.js';

/** Query parameters that carry credentials. */
export const TOKEN_PARAMS = ['token', 'access_token', 'accessToken', 'auth', 'jwt', 'apikey', 'api_key', 'key'] as const;

export class DoctorUrlError extends Error {
  override readonly name = 'DoctorUrlError';
  readonly code = 'BAD_URL';
}

/**
 * Parses the URL under test; throws `DoctorUrlError` for anything but ws:// or wss://.
 * @example parseTargetUrl('wss://ws.example.com/api/ws/chat').port // 443
 */
export function parseTargetUrl(text: string): { url: URL; secure: boolean; host: string; port: number } {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new DoctorUrlError(`"${text}" is not a URL (expected ws://host/path or wss://host/path)`);
  }
  if (url.protocol === 'http:' || url.protocol === 'https:') {
    throw new DoctorUrlError(`"${text}" is an ${url.protocol.slice(0, -1)} URL; use ${url.protocol === 'https:' ? 'wss' : 'ws'}://${url.host}${url.pathname}${url.search}`);
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') throw new DoctorUrlError(`"${text}": the scheme must be ws:// or wss://`);
  if (!url.hostname) throw new DoctorUrlError(`"${text}" has no host`);
  const secure = url.protocol === 'wss:';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return { url, secure, host, port: url.port ? Number(url.port) : secure ? 443 : 80 };
}

/**
 * The URL with the values of token parameters (TOKEN_PARAMS) masked, other parameters kept:
 * doctor reports get pasted into tickets and chats. (The server's logger, which knows no
 * parameter names, masks every query value instead: `redactUrl` in src/server/logger.ts.)
 *
 * @example maskTokenParams(new URL('wss://h/ws?token=abc&room=1')) // 'wss://h/ws?token=REDACTED&room=1'
 */
export function maskTokenParams(url: URL): string {
  const copy = new URL(url.href);
  for (const p of TOKEN_PARAMS) if (copy.searchParams.has(p)) copy.searchParams.set(p, 'REDACTED');
  return copy.href;
}

/** The query parameter holding a token in the URL, if any. */
export function tokenParam(url: URL): string | undefined {
  return TOKEN_PARAMS.find((p) => url.searchParams.has(p) && url.searchParams.get(p) !== '');
}

/** The paths to diagnose: main always (pinned by --resolve when given), origin with --origin. */
export function planPaths(options: DoctorOptions): { main: PathPlan; origin?: PathPlan } {
  const { url, secure, host, port } = parseTargetUrl(options.url);
  const request = new URL(url.href);
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  const param = tokenParam(url);
  let tokenSource: PathPlan['tokenSource'] = param ? 'url' : 'none';
  if (options.token !== undefined) {
    tokenSource = 'option';
    // Replace the URL's token where the URL has one; otherwise send it as a bearer token,
    // which keeps it out of logs (wsgate serve accepts both).
    if (param) request.searchParams.set(param, options.token);
    else headers.authorization = `Bearer ${options.token}`;
  }
  if (tokenSource === 'none' && Object.keys(headers).some((h) => /^(authorization|cookie|sec-websocket-protocol)$/i.test(h))) tokenSource = 'header';
  const requestPath = `${request.pathname || '/'}${request.search}`;
  const main: PathPlan = { name: 'main', url, secure, host, port, headers, requestPath, tokenSource };
  // curl's --resolve: the pinned addresses replace DNS for this host:port (pins for other
  // host:ports do not apply to this URL; the CLI refuses them as typos).
  const pins = (options.resolve ?? []).filter((r) => r.host.toLowerCase() === host.toLowerCase() && r.port === port).map((r) => r.address);
  if (pins.length > 0) Object.assign(main, { pinned: [...new Set(pins)], pinnedBy: '--resolve' });
  if (!options.origin) return { main };
  const origin: PathPlan = { ...main, name: 'origin', pinned: [options.origin.host], pinnedBy: '--origin', port: options.origin.port ?? port, headers: { ...headers, ...(options.originHeaders ?? {}) } };
  return { main, origin };
}

/** The Host header for a plan: the URL's host, with the port when it is not the default. */
export function hostHeader(plan: Pick<PathPlan, 'url'>): string {
  return plan.url.host;
}
