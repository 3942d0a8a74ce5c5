/**
 * Handshake admission: what is checked before a WebSocket is accepted — the path (404), the
 * drain (503), the Origin allow-list (403), node capacity (503) and the handshake admission
 * rate (503), each 503 with `Retry-After` so a reconnect storm backs off instead of piling up.
 * Tokens are checked after, on the open socket (4401), because browsers hide handshake statuses.
 */
import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { HttpError } from './errors.js';
import { isOriginAllowed } from './origin.js';
import type { TokenBucket } from './limits.js';

export interface AdmissionState {
  path: string;
  allowedOrigins: readonly string[];
  draining: boolean;
  /** Connections open plus handshakes in progress. */
  load: number;
  maxConnections: number;
  admission: TokenBucket;
  /** Retry-After (s) to suggest while draining. */
  drainRetryAfterS: number;
}

/** Retry-After seconds with jitter, so refused clients do not return in lock-step. */
export function retryAfterSeconds(baseS: number, random: () => number = Math.random): number {
  return Math.max(1, Math.ceil(baseS + random() * Math.max(1, baseS)));
}

/** Throws the HttpError that refuses this upgrade, or returns the parsed URL. */
export function admit(req: IncomingMessage, s: AdmissionState): URL {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname !== s.path) throw new HttpError(404, 'NOT_FOUND', `no WebSocket endpoint at ${url.pathname} (it is at ${s.path})`);
  if (s.draining) throw new HttpError(503, 'DRAINING', 'server is restarting; connect again (another node will take you)', { 'retry-after': String(retryAfterSeconds(s.drainRetryAfterS)) });
  if (!isOriginAllowed(req.headers.origin, s.allowedOrigins)) throw new HttpError(403, 'ORIGIN_NOT_ALLOWED', 'Origin not allowed');
  if (s.load >= s.maxConnections) throw new HttpError(503, 'FULL', `node is full (${s.maxConnections} connections)`, { 'retry-after': String(retryAfterSeconds(5)) });
  if (!s.admission.take()) {
    throw new HttpError(503, 'ADMISSION_RATE', 'too many new connections per second; retry shortly', { 'retry-after': String(retryAfterSeconds(s.admission.waitMs() / 1000)) });
  }
  return url;
}

/** Answers an upgrade request with a plain HTTP error and closes the socket. */
export function rejectHandshake(socket: Duplex, err: HttpError): void {
  if (socket.destroyed) return;
  const body = JSON.stringify({ error: err.code, message: err.message });
  const headers = { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(body)), connection: 'close', ...err.headers };
  const head = [`HTTP/1.1 ${err.status} ${STATUS_CODES[err.status] ?? ''}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)].join('\r\n');
  socket.end(`${head}\r\n\r\n${body}`);
}

/** The client's address as forwarded: X-Forwarded-For's first hop, X-Real-IP, or the socket's. */
export function clientAddressOf(req: IncomingMessage, trustProxy: boolean): { client: string; remote: string } {
  const remote = req.socket.remoteAddress ?? 'unknown';
  if (!trustProxy) return { client: remote, remote };
  const xff = req.headers['x-forwarded-for'];
  const first = (Array.isArray(xff) ? xff[0] : xff)?.split(',')[0]?.trim();
  const real = req.headers['x-real-ip'];
  const client = first || (Array.isArray(real) ? real[0] : real)?.trim() || remote;
  return { client: client.slice(0, 100), remote };
}
