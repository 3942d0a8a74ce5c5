/**
 * Plain HTTP routes next to the WebSocket path: health (the guide's /actuator/health, plus
 * /healthz and /readyz for Kubernetes), /metrics, the guide's token check /api/user/info,
 * tickets, the dev-mode token endpoint, a 426 on the WebSocket path, and the console.
 * `HttpError`s become JSON `{error, message}` responses in one place (`handle`).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DEFAULT_TICKET_PATH } from '../protocol/index.js';
import { AuthError, HttpError } from './errors.js';
import { readJson } from './http-body.js';
import { bearerOf, isValidUserId } from './auth/index.js';
import type { ServerContext } from './context.js';
import { redactUrl } from './logger.js';
import { serveStatic } from './static.js';
import { handleDiagnoseRoutes } from './diagnose-routes.js';
import { isOriginAllowed } from './origin.js';

export interface HttpState {
  ctx: ServerContext;
  webRoot: string;
  isDraining(): boolean;
  /** The server API (api/server-api.ts): answers its routes, false for any other path. */
  api?: (req: IncomingMessage, url: URL, send: (status: number, body: unknown) => void) => Promise<boolean>;
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}, head = false): void {
  const text = Buffer.from(JSON.stringify(body));
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': text.length, 'cache-control': 'no-store', ...headers });
  res.end(head ? undefined : text);
}

function allow(method: string | undefined, ...methods: string[]): void {
  if (!methods.includes(method ?? '')) throw new HttpError(405, 'METHOD_NOT_ALLOWED', `use ${methods.join(' or ')}`, { allow: methods.join(', ') });
}

async function authenticate(state: HttpState, req: IncomingMessage) {
  const token = bearerOf(req.headers.authorization);
  try {
    if (!token) throw new AuthError('missing', 'send Authorization: Bearer <token>');
    return await state.ctx.auth.verifyToken(token);
  } catch (err) {
    if (err instanceof AuthError) {
      state.ctx.metrics.authFailures.inc({ reason: err.reason });
      throw new HttpError(err.status, err.code as 'UNAUTHORIZED' | 'AUTH_UNAVAILABLE', err.message, err.status === 401 ? { 'www-authenticate': 'Bearer' } : { 'retry-after': '5' }, { cause: err });
    }
    throw err;
  }
}

/** CORS for the /api/ routes: only origins the allow-list admits (all, without a list). */
function cors(state: HttpState, req: IncomingMessage): Record<string, string> {
  const origin = req.headers.origin;
  if (!origin || !isOriginAllowed(origin, state.ctx.cfg.allowedOrigins)) return {};
  return { 'access-control-allow-origin': origin, vary: 'Origin', 'access-control-allow-headers': 'authorization, content-type', 'access-control-allow-methods': 'GET, POST, OPTIONS', 'access-control-max-age': '600' };
}

export function createHttpHandler(state: HttpState): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    handle(state, req, res).catch((err: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (err instanceof HttpError) {
        sendJson(res, err.status, { error: err.code, message: err.message }, { ...err.headers, ...cors(state, req) });
        return;
      }
      state.ctx.logger.error({ url: redactUrl(req.url), err: err instanceof Error ? err.message : String(err) }, 'http handler failed');
      sendJson(res, 500, { error: 'INTERNAL', message: 'internal error' });
    });
  };
}

async function handle(state: HttpState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { ctx } = state;
  const url = new URL(req.url ?? '/', 'http://localhost');
  const path = url.pathname;
  const head = req.method === 'HEAD';
  if (req.method === 'OPTIONS' && path.startsWith('/api/')) {
    res.writeHead(204, cors(state, req));
    res.end();
    return;
  }
  if (state.api && (await state.api(req, url, (status, body) => sendJson(res, status, body)))) return;
  if (await handleDiagnoseRoutes(state, req, res, path)) return;
  switch (path) {
    case '/actuator/health': {
      allow(req.method, 'GET', 'HEAD');
      if (state.isDraining()) return sendJson(res, 503, { status: 'OUT_OF_SERVICE' }, {}, head);
      return sendJson(res, 200, { status: 'UP' }, {}, head);
    }
    case '/healthz':
      allow(req.method, 'GET', 'HEAD');
      return sendJson(res, 200, { status: 'ok' }, {}, head);
    case '/readyz': {
      allow(req.method, 'GET', 'HEAD');
      const broker = ctx.broker.health();
      const body = { status: 'ready', broker: { kind: ctx.broker.kind, up: broker.up, ...(broker.reason ? { reason: broker.reason } : {}) } };
      if (state.isDraining()) return sendJson(res, 503, { ...body, status: 'draining' }, {}, head);
      if (!broker.up) return sendJson(res, 503, { ...body, status: 'broker unavailable' }, {}, head);
      return sendJson(res, 200, body, {}, head);
    }
    case '/metrics': {
      allow(req.method, 'GET', 'HEAD');
      const text = await ctx.metrics.registry.metrics();
      res.writeHead(200, { 'content-type': ctx.metrics.registry.contentType, 'cache-control': 'no-store' });
      res.end(head ? undefined : text);
      return;
    }
    case '/api/user/info': {
      allow(req.method, 'GET', 'HEAD');
      const identity = await authenticate(state, req);
      return sendJson(res, 200, { id: identity.userId, auth: identity.kind, ...(identity.expiresAt !== undefined ? { expiresAt: identity.expiresAt } : {}) }, cors(state, req), head);
    }
    case DEFAULT_TICKET_PATH: {
      allow(req.method, 'POST');
      const identity = await authenticate(state, req);
      const { ticket, expiresAt } = ctx.auth.tickets.issue(identity);
      return sendJson(res, 200, { ticket, expiresIn: Math.max(0, Math.floor((expiresAt - Date.now()) / 1000)), expiresAt, user: { id: identity.userId } }, cors(state, req));
    }
    case '/api/dev/token': {
      const dev = ctx.auth.devTokens;
      if (!dev) throw new HttpError(404, 'NOT_FOUND', 'not found');
      allow(req.method, 'POST');
      const body = await readJson(req);
      const name = (body as { name?: unknown } | null)?.name;
      if (!isValidUserId(name)) throw new HttpError(400, 'BAD_NAME', '"name" must be 1–64 characters of A–Z a–z 0–9 _ . @ -');
      const token = dev.issue(name);
      return sendJson(res, 200, { token, user: { id: name } }, cors(state, req));
    }
  }
  if (path === ctx.cfg.path) {
    // A plain request on the WebSocket path (no Upgrade header): RFC 7231 §6.5.15.
    throw new HttpError(426, 'UPGRADE_REQUIRED', 'this path speaks WebSocket: connect with a WebSocket client (e.g. npx wscat -c ws://…)', { upgrade: 'websocket', connection: 'Upgrade' });
  }
  if ((req.method === 'GET' || head) && !path.startsWith('/api/')) {
    if (await serveStatic(state.webRoot, req, res, path, ctx.cfg.path)) return;
  }
  throw new HttpError(404, 'NOT_FOUND', `no route for ${req.method ?? 'GET'} ${path}`);
}
