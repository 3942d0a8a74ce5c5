/**
 * A running server: wires auth, the channel service, sessions, admission, HTTP routes (health,
 * metrics, the server API, diagnoses, the SSE stream and send endpoints) and the WebSocket upgrade
 * into one listener, with `drain()` (the SIGTERM path) and `close()`.
 * `createServer()` (create-server.ts) builds one.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { CloseCode } from '../protocol/index.js';
import { Admission, clientAddressOf, drainingError, rejectHandshake } from './admission.js';
import { DisconnectBus } from './api/disconnect-bus.js';
import { createApi } from './api/server-api.js';
import { Authenticator, credentialOf } from './auth/index.js';
import type { Broker } from './broker/types.js';
import { ChannelService } from './channels/channel-service.js';
import { staticTokenMap, type ServerConfig, type ServerOptions } from './config.js';
import type { ServerContext } from './context.js';
import { drainConnections } from './drain.js';
import { HttpError } from './errors.js';
import { createHttpHandler } from './http-routes.js';
import { redactUrl, type Logger } from './logger.js';
import type { ServerMetrics } from './metrics.js';
import type { SessionHooks } from './session/hooks.js';
import { Session } from './session/session.js';
import { SessionRegistry } from './session-registry.js';
import { defaultWebRoot } from './static.js';
import { SseEndpoints } from './transports/sse/sse-endpoints.js';
import { WebSocketTransport } from './transports/websocket.js';
import { WriteBatcher } from './write-batch.js';
import type { CreateServerOptions, WsgateServer } from './server-types.js';

export type { CreateServerOptions, WsgateServer } from './server-types.js';

/**
 * The no-op 'error' listener for sockets, module-level on purpose: an arrow inside onUpgrade
 * would share (and keep alive for the connection's lifetime) that call's closure context, and
 * with it the upgrade request, its headers and the parsed URL (~1 KB per idle connection).
 */
function ignoreError(): void {}

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

/** A running server; made by `createServer()` (create-server.ts). */
export class Server implements WsgateServer {
  readonly httpServer: HttpServer;
  readonly nodeId: string;
  readonly devToken: string | undefined;
  port = 0;
  private readonly wss: WebSocketServer;
  readonly channels: ChannelService;
  private readonly ctx: ServerContext;
  private readonly sessions: SessionRegistry;
  private readonly admission: Admission;
  private readonly disconnects: DisconnectBus | undefined;
  private statsTimer: NodeJS.Timeout | undefined;
  private drainPromise: Promise<void> | undefined;
  private closePromise: Promise<void> | undefined;
  private isDraining = false;

  constructor(
    readonly config: ServerConfig,
    readonly broker: Broker,
    private readonly ownsBroker: boolean,
    readonly logger: Logger,
    readonly metrics: ServerMetrics,
    nodeId: string,
    hooks: SessionHooks = {},
    /** Releases what the hooks hold (the hook client's sockets), at stop. */
    private readonly closeHooks: () => void = () => undefined,
    firstPingAt?: () => number,
  ) {
    this.nodeId = nodeId;
    const cfg = config;
    const auth = new Authenticator({
      tokens: staticTokenMap(cfg),
      jwtSecret: cfg.jwtSecret,
      jwksUrl: cfg.jwksUrl,
      jwtIssuer: cfg.jwtIssuer,
      jwtAudience: cfg.jwtAudience,
      introspectUrl: cfg.introspectUrl,
      introspectCacheTtlMs: cfg.introspectCacheTtl,
      ticketTtlMs: cfg.ticketTtl,
      devMode: cfg.devMode,
    });
    this.devToken = auth.devTokens?.issue('dev');
    this.channels = new ChannelService(broker, metrics);
    this.ctx = { cfg, nodeId, logger, metrics, broker, channels: this.channels, auth };
    this.admission = new Admission(cfg);
    this.sessions = new SessionRegistry({ admission: this.admission, auth, hooks, logger, metrics, nodeId }, {
      nodeId,
      limits: cfg,
      heartbeat: { intervalMs: cfg.pingInterval, timeoutMs: cfg.heartbeatTimeout, ...(firstPingAt ? { random: firstPingAt } : {}) },
      logger,
      metrics,
      auth,
      channels: this.channels,
      batcher: new WriteBatcher(),
      hooks,
    });
    this.wss = new WebSocketServer({ noServer: true, maxPayload: cfg.maxMessage, perMessageDeflate: false, clientTracking: false });
    // The server API (docs/backend.md): /api/disconnect reaches every node through the broker.
    this.disconnects = cfg.apiKey ? new DisconnectBus({ broker, nodeId, closeLocal: (user, code, reason) => this.sessions.closeUser(user, code, reason), onError: (err) => logger.warn({ err: String(err) }, 'disconnect reply failed') }) : undefined;
    const api = createApi({ apiKey: cfg.apiKey, maxBody: cfg.maxMessage, historySize: cfg.historySize, channels: this.channels, disconnect: (user, code, reason) => this.disconnects!.disconnect(user, code, reason) });
    const routes = createHttpHandler({ ctx: this.ctx, webRoot: cfg.webRoot ?? defaultWebRoot(), isDraining: () => this.isDraining, api });
    const sse = this.sseEndpoints(cfg);
    this.httpServer = createHttpServer((req, res) => {
      if (!sse.handles(new URL(req.url ?? '/', 'http://localhost').pathname)) return routes(req, res);
      sse.handle(req, res).catch((err: unknown) => {
        logger.error({ err: err instanceof Error ? err.message : String(err) }, 'sse endpoint failed');
        if (!res.headersSent) res.writeHead(500).end();
        else res.destroy();
      });
    });
    this.httpServer.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      this.onUpgrade(req, socket, head).catch((err: unknown) => {
        logger.error({ err: err instanceof Error ? err.message : String(err) }, 'upgrade failed');
        if (!socket.destroyed) socket.destroy();
      });
    });
    // Longer than the usual load-balancer idle timeouts (ALB 60 s), so the balancer, not us,
    // closes idle keep-alive connections to the health and metrics routes (no spurious 502s).
    this.httpServer.keepAliveTimeout = 65_000;
    this.httpServer.headersTimeout = 66_000;
    this.httpServer.on('clientError', (_err, socket) => {
      if (!socket.destroyed) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    });
  }

  /** The SSE fallback beside the WebSocket path (docs/protocol.md "SSE fallback"). */
  private sseEndpoints(cfg: ServerConfig): SseEndpoints {
    return new SseEndpoints({
      path: cfg.path,
      nodeId: this.nodeId,
      admission: this.admission,
      sessions: this.sessions,
      broker: this.broker,
      logger: this.logger,
      metrics: this.metrics,
      isDraining: () => this.isDraining || this.closePromise !== undefined,
      trustProxy: cfg.trustProxy,
      allowedOrigins: cfg.allowedOrigins,
      heartbeatMs: cfg.sseHeartbeat,
      // The client pings through a send every ping interval (hello's heartbeat.interval).
      peerTimeoutMs: 2 * cfg.pingInterval + cfg.heartbeatTimeout,
      maxSendBytes: Math.max(1_048_576, cfg.maxMessage * 100),
    });
  }

  get url(): string {
    return `ws://${urlHost(this.config.host)}:${this.port}${this.config.path}`;
  }
  get httpUrl(): string {
    return `http://${urlHost(this.config.host)}:${this.port}`;
  }
  get connectionCount(): number {
    return this.sessions.size;
  }
  get draining(): boolean {
    return this.isDraining;
  }

  issueDevToken(userId: string): string {
    if (!this.ctx.auth.devTokens) throw new HttpError(404, 'NOT_FOUND', 'dev tokens exist only when no auth is configured');
    return this.ctx.auth.devTokens.issue(userId);
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      const onError = (err: Error): void => reject(err);
      this.httpServer.once('error', onError);
      this.httpServer.listen(this.config.port, this.config.host, () => {
        this.httpServer.off('error', onError);
        resolve();
      });
    });
    const addr = this.httpServer.address();
    this.port = typeof addr === 'object' && addr ? addr.port : this.config.port;
    await this.disconnects?.start();
    if (this.config.statsInterval > 0) {
      this.statsTimer = setInterval(() => this.logStats(), this.config.statsInterval);
      this.statsTimer.unref();
    }
    this.logger.info(
      { event: 'listening', port: this.port, url: this.url, host: this.config.host, path: this.config.path, broker: this.broker.kind, devMode: this.config.devMode },
      'listening',
    );
  }

  /** The guide's `logConnectionStats`: one line with the counts, every --stats-interval. */
  logStats(): void {
    this.logger.info(
      { event: 'stats', connections: this.sessions.size, users: this.admission.userCount, channels: this.channels.hub.channelCount, pendingHandshakes: this.admission.pending, draining: this.isDraining },
      'connection stats',
    );
  }

  private reject(socket: Duplex, err: HttpError, req: IncomingMessage): void {
    this.metrics.handshakeRejections.inc({ status: String(err.status) });
    this.logger.info({ event: 'reject', status: err.status, code: err.code, path: redactUrl(req.url), ...clientAddressOf(req, this.config.trustProxy) }, 'handshake rejected');
    rejectHandshake(socket, err);
  }

  private async onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    // An abrupt disconnect during the handshake must not become an unhandled 'error'.
    socket.on('error', ignoreError);
    let url: URL;
    try {
      url = this.admission.admitRequest(req, this.isDraining, this.sessions.size);
    } catch (err) {
      if (err instanceof HttpError) return this.reject(socket, err, req);
      throw err;
    }
    const info = { ...clientAddressOf(req, this.config.trustProxy), origin: req.headers.origin, userAgent: req.headers['user-agent']?.slice(0, 200) };
    const verdict = await this.sessions.authenticate(credentialOf(url, req.headers.authorization), info);
    if (socket.destroyed) return;
    if (this.isDraining || this.closePromise) return this.reject(socket, drainingError(), req);
    // Corked across the upgrade: the 101 response and the session's hello (corked by the session
    // until the end of the turn) leave in one write, and the client wakes up once for both.
    socket.cork();
    try {
      this.wss.handleUpgrade(req, socket, head, (ws) => {
        ws.on('error', ignoreError);
        const opened = this.sessions.open(new WebSocketTransport(ws, socket), verdict, info, redactUrl(req.url));
        if (!(opened instanceof Session)) this.closeRefused(ws, opened.code, opened.reason);
      });
    } finally {
      socket.uncork();
    }
  }

  /** Accept-then-close: the close frame's code and reason are what a browser can see. */
  private closeRefused(ws: WebSocket, code: number, reason: string): void {
    ws.close(code, reason);
    const t = setTimeout(() => ws.terminate(), 5000);
    t.unref();
    ws.once('close', () => clearTimeout(t));
  }

  drain(): Promise<void> {
    this.drainPromise ??= this.runDrain();
    return this.drainPromise;
  }

  private async runDrain(): Promise<void> {
    this.isDraining = true;
    this.metrics.draining.set(1);
    const open = this.sessions.list();
    const started = Date.now();
    this.logger.info({ event: 'drain', connections: open.length, windowMs: this.config.drainWindow, timeoutMs: this.config.drainTimeout }, 'draining');
    const { terminated } = await drainConnections(open, {
      windowMs: this.config.drainWindow,
      timeoutMs: this.config.drainTimeout,
      onBatch: (b) => this.logger.debug({ event: 'drain-batch', ...b }, 'drain batch'),
    });
    this.logger.info({ event: 'drained', closed: open.length - terminated, terminated, durationMs: Date.now() - started }, 'drained');
    await this.shutdown();
  }

  close(): Promise<void> {
    this.closePromise ??= (async () => {
      this.isDraining = true;
      for (const c of this.sessions.list()) c.close(CloseCode.GOING_AWAY, 'server closing');
      const all = this.sessions.list().map((c) => c.closed);
      let t: NodeJS.Timeout | undefined;
      await Promise.race([Promise.all(all), new Promise((r) => (t = setTimeout(r, 1000)))]);
      clearTimeout(t);
      for (const c of this.sessions.list()) c.terminate();
      await Promise.all(all);
      await this.shutdown();
    })();
    return this.closePromise;
  }

  private shuttingDown: Promise<void> | undefined;
  private shutdown(): Promise<void> {
    this.shuttingDown ??= (async () => {
      if (this.statsTimer) clearInterval(this.statsTimer);
      await new Promise<void>((resolve) => {
        this.httpServer.close(() => resolve());
        this.httpServer.closeAllConnections();
      });
      this.wss.close();
      this.closeHooks();
      await this.disconnects?.stop();
      await this.channels.closeAll();
      if (this.ownsBroker) await this.broker.close();
      this.logger.info({ event: 'stopped' }, 'stopped');
    })();
    return this.shuttingDown;
  }
}
