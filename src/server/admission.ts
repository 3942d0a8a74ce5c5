/**
 * Admission, in one place: what decides whether a new connection is let in, with one wording
 * per refusal. Before the handshake: the path (404), the drain (503), the Origin allow-list
 * (403), node capacity (503) and the handshake admission rate (503), each 503 with
 * `Retry-After` so a reconnect storm backs off instead of piling up. After the token is checked
 * (on the open socket, because browsers hide handshake statuses): the drain again and the
 * per-user cap (1013 with a reconnect hint). Also the per-user counts the cap is judged on.
 */
import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { CloseCode, formatCloseReason } from '../protocol/index.js';
import { CloseError, HttpError } from './errors.js';
import { isOriginAllowed } from './origin.js';
import { TokenBucket } from './rate-limit.js';

export interface AdmissionConfig {
  path: string;
  allowedOrigins: readonly string[];
  maxConnections: number;
  maxConnectionsPerUser: number;
  admissionRate: number;
  admissionBurst: number;
}

/** Retry-After (s) suggested while draining: short, since the balancer already routes new connections elsewhere. */
const DRAIN_RETRY_AFTER_S = 1;

/** Retry-After seconds with jitter, so refused clients do not return in lock-step. */
export function retryAfterSeconds(baseS: number, random: () => number = Math.random): number {
  return Math.max(1, Math.ceil(baseS + random() * Math.max(1, baseS)));
}

/** The one refusal while draining (before or after the token check). */
export function drainingError(): HttpError {
  return new HttpError(503, 'DRAINING', 'server is restarting; connect again (another node will take you)', { 'retry-after': String(retryAfterSeconds(DRAIN_RETRY_AFTER_S)) });
}

export class Admission {
  private readonly rate: TokenBucket;
  private readonly perUser = new Map<string, number>();
  /** Handshakes between admission and the session (token checks in flight). */
  pending = 0;

  constructor(private readonly cfg: AdmissionConfig) {
    this.rate = new TokenBucket(cfg.admissionRate, cfg.admissionBurst);
  }

  /** Users with at least one open session. */
  get userCount(): number {
    return this.perUser.size;
  }

  /**
   * Throws the HttpError that refuses this request, or returns its parsed URL.
   * @param open sessions open on this node (handshakes in flight are added here)
   */
  admitRequest(req: IncomingMessage, draining: boolean, open: number, path = this.cfg.path): URL {
    const { cfg } = this;
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== path) throw new HttpError(404, 'NOT_FOUND', `no WebSocket endpoint at ${url.pathname} (it is at ${path})`);
    if (draining) throw drainingError();
    if (!isOriginAllowed(req.headers.origin, cfg.allowedOrigins)) throw new HttpError(403, 'ORIGIN_NOT_ALLOWED', 'Origin not allowed');
    if (open + this.pending >= cfg.maxConnections) throw new HttpError(503, 'FULL', `node is full (${cfg.maxConnections} connections)`, { 'retry-after': String(retryAfterSeconds(5)) });
    if (!this.rate.take()) {
      throw new HttpError(503, 'ADMISSION_RATE', 'too many new connections per second; retry shortly', { 'retry-after': String(retryAfterSeconds(this.rate.waitMs() / 1000)) });
    }
    return url;
  }

  /** Counts a session for `userId`, or throws the CloseError (1013) of the per-user cap. */
  claimUser(userId: string): void {
    const count = this.perUser.get(userId) ?? 0;
    const max = this.cfg.maxConnectionsPerUser;
    if (count >= max) {
      throw new CloseError(CloseCode.TRY_AGAIN_LATER, 'PER_USER_LIMIT', formatCloseReason(`too many connections for this user (max ${max})`, { reconnectDelayMs: 5000 + Math.random() * 5000 }));
    }
    this.perUser.set(userId, count + 1);
  }

  /** Releases what `claimUser` counted. */
  releaseUser(userId: string): void {
    const n = (this.perUser.get(userId) ?? 1) - 1;
    if (n <= 0) this.perUser.delete(userId);
    else this.perUser.set(userId, n);
  }
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
