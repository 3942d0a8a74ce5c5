/**
 * One authenticated WebSocket connection: hello, the text ping/pong, frame dispatch, limits
 * (rate, slow consumer), heartbeat, token expiry and the close bookkeeping (metrics, one log
 * line). Channel work (subscribe with recovery, publish, presence) lives in session-channels.ts.
 */
import { randomBytes } from 'node:crypto';
import type { Duplex } from 'node:stream';
import type { WebSocket, RawData } from 'ws';
import {
  CloseCode,
  ErrorCode,
  FrameError,
  PING_TEXT,
  PONG_TEXT,
  PROTOCOL_VERSION,
  formatCloseReason,
  parseClientFrame,
  type ClientFrame,
  type ErrorCodeValue,
  type RequestId,
  type ServerFrame,
} from '../protocol/index.js';
import type { BrokerMessage } from './broker/types.js';
import { BrokerUnavailableError } from './broker/types.js';
import type { Identity } from './auth/identity.js';
import { AuthError, CloseError } from './errors.js';
import { Heartbeat, type HeartbeatTarget } from './heartbeat.js';
import { FrameRateLimiter } from './limits.js';
import { flushAtTurnEnd, type Flushable } from './write-batch.js';
import type { ServerContext } from './context.js';
import { handlePresence, handlePublish, handleSubscribe, handleUnsubscribe, messageText, type Subscription } from './session-channels.js';

export interface ConnectionInfo {
  /** Client address as forwarded (X-Forwarded-For's first hop, else the socket's). */
  client: string;
  /** The TCP peer (the proxy, behind one). */
  remote: string;
  origin?: string;
  userAgent?: string;
}

/** Bytes a connection holds corked within one event-loop turn before it writes anyway. */
const CORK_LIMIT = 64 * 1024;

/** Short random session id, also the connection's id in presence. */
export function newSessionId(): string {
  return randomBytes(9).toString('base64url');
}

/** The request id of a client frame, or null when it has none or is not a frame at all. */
function requestIdOf(text: string): RequestId | null {
  try {
    return parseClientFrame(text).id;
  } catch (err) {
    return err instanceof FrameError ? err.requestId : null;
  }
}

/*
 * Per-connection memory matters (tens of thousands of idle connections per node), so a
 * Connection allocates little up front: the socket listeners are shared module-level functions
 * that find their Connection on the WebSocket, the Connection itself is the heartbeat's target,
 * and the subscription map, the rate limiter and the `closed` promise are created on first use.
 */
const CONNECTION = Symbol('wsgate.connection');
type Owned = WebSocket & { [CONNECTION]?: Connection };

function onSocketMessage(this: Owned, data: RawData, isBinary: boolean): void {
  this[CONNECTION]?.handleMessage(data, isBinary);
}
function onSocketPong(this: Owned): void {
  this[CONNECTION]?.heartbeatPong();
}
function onSocketError(this: Owned, err: Error): void {
  this[CONNECTION]?.socketError(err);
}
function onSocketClose(this: Owned, code: number, reason: Buffer): void {
  this[CONNECTION]?.socketClosed(code, reason);
}

export class Connection implements Flushable, HeartbeatTarget {
  readonly session = newSessionId();
  readonly openedAt = Date.now();
  private subs: Map<string, Subscription> | undefined;
  private readonly heartbeat: Heartbeat;
  /** Created with the first frame: a new bucket is full, so this is the same as creating it at open. */
  private limiter: FrameRateLimiter | undefined;
  private expiryTimer: NodeJS.Timeout | undefined;
  private closing = false;
  private closedCode: number | undefined;
  private closedDone = false;
  /** True while the socket is corked until the end of this event-loop turn (write-batch.ts). */
  private writesCorked = false;
  private closedPromise: Promise<void> | undefined;
  private resolveClosed: (() => void) | undefined;

  constructor(
    readonly ws: WebSocket,
    public identity: Identity,
    readonly info: ConnectionInfo,
    readonly ctx: ServerContext,
    /** The TCP socket under `ws` (corked per turn so a turn's frames leave in one write). */
    private readonly socket?: Duplex,
  ) {
    this.heartbeat = new Heartbeat(this, ctx.heartbeat);
    (ws as Owned)[CONNECTION] = this;
    ws.on('message', onSocketMessage);
    ws.on('pong', onSocketPong);
    ws.on('error', onSocketError);
    ws.on('close', onSocketClose);
  }

  /** Channel → subscription (created on first use). */
  get subscriptions(): Map<string, Subscription> {
    return (this.subs ??= new Map());
  }

  /** Resolves once the socket is closed and every bookkeeping step ran. */
  get closed(): Promise<void> {
    if (!this.closedPromise) {
      this.closedPromise = this.closedDone ? Promise.resolve() : new Promise<void>((r) => (this.resolveClosed = r));
    }
    return this.closedPromise;
  }

  /** Heartbeat target: sends a protocol ping. */
  ping(): void {
    this.ws.ping();
  }

  /** Heartbeat target: a pong came back after `ms`. */
  onRtt(ms: number): void {
    this.ctx.metrics.heartbeatRtt.observe(ms / 1000);
  }

  /** Heartbeat target: no pong in time; the peer is gone. */
  onTimeout(): void {
    const { ctx } = this;
    ctx.metrics.heartbeatTimeouts.inc();
    ctx.logger.info({ user: this.userId, session: this.session, timeoutMs: ctx.cfg.heartbeatTimeout }, 'heartbeat timeout: terminating');
    this.ws.terminate();
  }

  /** @internal The socket's 'pong'. */
  heartbeatPong(): void {
    this.heartbeat.pong();
  }

  /** @internal The socket's 'message'. */
  handleMessage(data: RawData, isBinary: boolean): void {
    try {
      this.onMessage(data, isBinary);
    } catch (err) {
      // A bug in frame handling must cost one frame, never the process (issue 2).
      this.ctx.logger.error({ user: this.userId, session: this.session, err: err instanceof Error ? err.message : String(err) }, 'frame handling failed');
      this.sendError(null, ErrorCode.INTERNAL, 'the server failed to handle the frame');
    }
  }

  /** @internal The socket's 'error': ws reports protocol violations (bad UTF-8 → 1007, too big → 1009) here and closes itself. */
  socketError(err: Error): void {
    this.ctx.logger.debug({ user: this.userId, session: this.session, err: err.message }, 'socket error');
  }

  /** @internal The socket's 'close'. */
  socketClosed(code: number, reason: Buffer): void {
    this.onClose(code, reason.toString()).catch((err: unknown) => {
      this.ctx.logger.error({ user: this.userId, session: this.session, err: err instanceof Error ? err.message : String(err) }, 'close bookkeeping failed');
    });
  }

  get userId(): string {
    return this.identity.userId;
  }

  /** Sends hello and starts the heartbeat and the token-expiry watch. */
  start(): void {
    const { cfg } = this.ctx;
    this.send({
      type: 'hello',
      protocol: PROTOCOL_VERSION,
      session: this.session,
      user: { id: this.userId },
      heartbeat: { interval: cfg.pingInterval, timeout: cfg.heartbeatTimeout },
      limits: { maxMessage: cfg.maxMessage, rate: cfg.rateLimit, burst: cfg.rateBurst },
      node: this.ctx.nodeId,
    });
    this.heartbeat.start();
    this.watchExpiry();
  }

  private watchExpiry(): void {
    if (this.expiryTimer) clearTimeout(this.expiryTimer);
    this.expiryTimer = undefined;
    const at = this.identity.expiresAt;
    if (at === undefined) return;
    // setTimeout caps at ~24.8 days; a token living longer than that needs no timer.
    const delay = at - Date.now();
    if (delay > 2 ** 31 - 1) return;
    this.expiryTimer = setTimeout(() => this.close(CloseCode.UNAUTHORIZED, 'token expired'), Math.max(0, delay));
    this.expiryTimer.unref();
  }

  /** Sends a frame unless the socket is closing; closes a slow consumer with 1013. */
  send(frame: ServerFrame | string): boolean {
    if (this.closing || this.ws.readyState !== this.ws.OPEN) return false;
    if (this.ws.bufferedAmount > this.ctx.cfg.maxBuffered) {
      this.ctx.metrics.slowConsumers.inc();
      this.ctx.logger.warn({ user: this.userId, session: this.session, bufferedBytes: this.ws.bufferedAmount }, 'slow consumer: closing');
      this.close(CloseCode.TRY_AGAIN_LATER, formatCloseReason('slow consumer', { reconnectDelayMs: 1000 + Math.random() * 4000 }));
      return false;
    }
    if (!this.writesCorked && this.socket) {
      this.writesCorked = true;
      this.socket.cork();
      flushAtTurnEnd(this);
    }
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
    this.ctx.metrics.hot.messagesOut.inc();
    // Past CORK_LIMIT bytes, write now: a large replay or fan-out in one turn must reach the
    // kernel as it did without corking, not pile up in bufferedAmount (the slow-consumer check).
    if (this.writesCorked && (this.socket as Duplex).writableLength >= CORK_LIMIT) this.flushWrites();
    return true;
  }

  /** Sends what this turn corked (called once per turn by write-batch.ts). */
  flushWrites(): void {
    if (!this.writesCorked) return;
    this.writesCorked = false;
    this.socket?.uncork();
  }

  sendError(id: RequestId | null, code: ErrorCodeValue, message: string): void {
    this.send({ type: 'error', id, code, message });
  }

  /** A message from a channel this connection subscribes to. */
  deliver(subscription: Subscription, message: BrokerMessage): void {
    if (subscription.state === 'recovering') {
      subscription.buffer.push(message);
      return;
    }
    if (message.epoch === subscription.epoch && message.offset <= subscription.offset) return;
    subscription.epoch = message.epoch;
    subscription.offset = message.offset;
    this.send(messageText(message));
  }

  /** Starts a close handshake (at most once). */
  close(code: number, reason: string): void {
    if (this.closing) return;
    this.closing = true;
    this.closedCode = code;
    this.heartbeat.stop();
    try {
      this.ws.close(code, reason);
    } catch {
      this.ws.terminate();
    }
  }

  get isClosing(): boolean {
    return this.closing;
  }

  /** True once the close bookkeeping ran. */
  get isClosed(): boolean {
    return this.closedDone;
  }

  /** Drops the socket without a close handshake (drain timeout). */
  terminate(): void {
    this.closing = true;
    this.ws.terminate();
  }

  private onMessage(data: RawData, isBinary: boolean): void {
    this.ctx.metrics.hot.messagesIn.inc();
    if (this.closing) return;
    const verdict = (this.limiter ??= new FrameRateLimiter(this.ctx.cfg.rateLimit, this.ctx.cfg.rateBurst)).check();
    if (verdict === 'close') {
      this.ctx.metrics.rateLimited.inc();
      this.ctx.logger.warn({ user: this.userId, session: this.session }, 'rate limit exceeded: closing');
      this.close(CloseCode.POLICY_VIOLATION, 'rate limit exceeded');
      return;
    }
    if (isBinary) {
      if (verdict !== 'ok') this.ctx.metrics.rateLimited.inc();
      this.sendError(null, ErrorCode.BINARY_NOT_SUPPORTED, 'binary frames are not part of the protocol; send JSON text frames');
      return;
    }
    const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8');
    if (verdict !== 'ok') {
      this.ctx.metrics.rateLimited.inc();
      // A refused request is named by its id, so the client knows exactly what was not done
      // and can send it again (same id: publishes stay exactly-once). Refusals are bounded by
      // the burst before the close, so reading the id costs at most `burst` parses.
      const id = text === PING_TEXT ? null : requestIdOf(text);
      if (verdict === 'warn' || id !== null) {
        this.sendError(id, ErrorCode.RATE_LIMITED, `more than ${this.ctx.cfg.rateLimit} frames/s (burst ${this.ctx.cfg.rateBurst}); this frame was dropped; keep going and the connection closes with 1008`);
      }
      return;
    }
    if (text === PING_TEXT) {
      this.send(PONG_TEXT);
      return;
    }
    let frame: ClientFrame;
    try {
      frame = parseClientFrame(text);
    } catch (err) {
      if (err instanceof FrameError) this.sendError(err.requestId, err.code, err.message);
      else this.sendError(null, ErrorCode.INTERNAL, 'could not read the frame');
      return;
    }
    this.dispatch(frame).catch((err: unknown) => this.onHandlerError(frame, err));
  }

  private async dispatch(frame: ClientFrame): Promise<void> {
    switch (frame.type) {
      case 'subscribe':
        return handleSubscribe(this, frame);
      case 'unsubscribe':
        return handleUnsubscribe(this, frame);
      case 'publish':
        return handlePublish(this, frame);
      case 'presence':
        return handlePresence(this, frame);
      case 'refresh':
        return this.refresh(frame.id, frame.token);
    }
  }

  private onHandlerError(frame: ClientFrame, err: unknown): void {
    if (err instanceof BrokerUnavailableError) {
      this.sendError(frame.id, ErrorCode.BROKER_UNAVAILABLE, err.message);
      return;
    }
    if (err instanceof FrameError) {
      this.sendError(frame.id, err.code, err.message);
      return;
    }
    if (err instanceof CloseError) {
      this.close(err.closeCode, err.message);
      return;
    }
    this.ctx.logger.error({ user: this.userId, session: this.session, type: frame.type, err: err instanceof Error ? err.message : String(err) }, 'frame handler failed');
    this.sendError(frame.id, ErrorCode.INTERNAL, 'the server failed to handle the frame');
  }

  /** `refresh`: swap the token without reconnecting; the user must stay the same. */
  private async refresh(id: RequestId, token: string): Promise<void> {
    let identity: Identity;
    try {
      identity = await this.ctx.auth.verifyToken(token);
    } catch (err) {
      const reason = err instanceof AuthError ? err.reason : 'invalid';
      this.ctx.metrics.authFailures.inc({ reason });
      this.sendError(id, ErrorCode.UNAUTHORIZED, err instanceof AuthError ? err.message : 'token invalid');
      return;
    }
    if (identity.userId !== this.userId) {
      this.ctx.metrics.authFailures.inc({ reason: 'invalid' });
      this.sendError(id, ErrorCode.UNAUTHORIZED, 'the new token is for another user; reconnect to switch users');
      return;
    }
    this.identity = identity;
    this.watchExpiry();
    this.send({ type: 'refreshed', id, user: { id: identity.userId }, ...(identity.expiresAt !== undefined ? { expiresAt: identity.expiresAt } : {}) });
  }

  private async onClose(code: number, reason: string): Promise<void> {
    this.closing = true;
    this.heartbeat.stop();
    if (this.expiryTimer) clearTimeout(this.expiryTimer);
    const { ctx } = this;
    const durationMs = Date.now() - this.openedAt;
    ctx.metrics.connections.dec();
    ctx.metrics.closed.inc({ code: String(code) });
    ctx.metrics.duration.observe(durationMs / 1000);
    ctx.logger.info(
      {
        event: 'close',
        user: this.userId,
        session: this.session,
        code,
        ...(this.closedCode !== undefined && this.closedCode !== code ? { sentCode: this.closedCode } : {}),
        reason: reason || undefined,
        durationMs,
        client: this.info.client,
      },
      'connection closed',
    );
    const subs = this.subs ? [...this.subs.values()] : [];
    this.subs?.clear();
    ctx.metrics.subscriptions.dec(subs.length);
    ctx.unregister(this);
    await Promise.allSettled(
      subs.flatMap((s) => [ctx.hub.leave(s.channel, s.memberId), ctx.broker.presenceRemove(s.channel, this.userId, this.session)]),
    );
    this.closedDone = true;
    this.resolveClosed?.();
  }
}
