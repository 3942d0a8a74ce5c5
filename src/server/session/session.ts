/**
 * One client's session, whatever carries it: hello, the text ping/pong, rate limits, the
 * protocol heartbeat, token expiry and refresh, requests (requests.ts) in order, the slow-
 * consumer check, write batching, and the close bookkeeping (metrics, one log line). It talks
 * to its transport only through the port in transport.ts; subscriptions.ts owns subscriptions.
 *
 * Per-session memory matters (tens of thousands of idle sessions per node), so a Session
 * allocates little up front: it is its own heartbeat target, and the subscription set, the rate
 * limiter and the `closed` promise are created on first use.
 */
import { randomBytes } from 'node:crypto';
import { CloseCode, ErrorCode, FrameError, PING_TEXT, PONG_TEXT, PROTOCOL_VERSION, formatCloseReason, parseClientFrame, type ClientFrame, type ErrorFrame, type RequestId, type ServerFrame } from '../../protocol/index.js';
import type { Identity } from '../auth/identity.js';
import { Heartbeat, type HeartbeatTarget } from '../heartbeat.js';
import { FrameRateLimiter } from '../rate-limit.js';
import { CORK_LIMIT, type Flushable } from '../write-batch.js';
import { dispatchRequest, requestIdOf, type PublishRequest, type RequestHost } from './requests.js';
import { publishDataText } from './payload-text.js';
import type { ConnectionInfo, SessionServices } from './services.js';
import { SubscriptionSet } from './subscriptions.js';
import type { SessionTransport, TransportListener } from './transport.js';

/** Short random session id, also the session's id in presence. */
export function newSessionId(): string {
  return randomBytes(9).toString('base64url');
}

function fireExpiry(s: Session): void {
  s.close(CloseCode.UNAUTHORIZED, 'token expired');
}

/**
 * @example
 * const session = new Session(transport, identity, info, services);
 * session.start();               // sends hello, starts heartbeat and expiry watch
 * session.handleText('{"type":"publish",…}'); // from the adapter, per text frame
 */
export class Session implements Flushable, HeartbeatTarget, RequestHost, TransportListener {
  readonly id = newSessionId();
  readonly openedAt = Date.now();
  private subs: SubscriptionSet | undefined;
  private readonly heartbeat: Heartbeat | undefined;
  private limiter: FrameRateLimiter | undefined;
  private expiryTimer: NodeJS.Timeout | undefined;
  private closing = false;
  private closedCode: number | undefined;
  private closedDone = false;
  private writesCorked = false;
  private closedPromise: Promise<void> | undefined;
  private resolveClosed: (() => void) | undefined;
  /** @internal Set while a hooked request (and whatever came after it) is in flight (requests.ts). */
  requestGate: Promise<void> | undefined;

  constructor(
    readonly transport: SessionTransport,
    public identity: Identity,
    readonly info: ConnectionInfo,
    readonly services: SessionServices,
    /** The id the connect hook was told (session-registry.ts). */
    id: string = newSessionId(),
  ) {
    this.id = id;
    if (transport.ping) this.heartbeat = new Heartbeat(this, services.heartbeat);
  }

  get session(): string {
    return this.id;
  }
  get userId(): string {
    return this.identity.userId;
  }
  get nodeId(): string {
    return this.services.nodeId;
  }
  get subscriptions(): SubscriptionSet {
    const { services } = this;
    return (this.subs ??= new SubscriptionSet(this, services.channels, services.metrics.subscriptions, services.limits.maxSubscriptions));
  }
  /** True once the close bookkeeping ran. */
  get isClosed(): boolean {
    return this.closedDone;
  }
  /** Resolves once the transport is closed and every bookkeeping step ran. */
  get closed(): Promise<void> {
    this.closedPromise ??= this.closedDone ? Promise.resolve() : new Promise<void>((r) => (this.resolveClosed = r));
    return this.closedPromise;
  }

  /** Sends hello and starts the heartbeat and the token-expiry watch. */
  start(): void {
    const { limits, nodeId } = this.services;
    this.send({
      type: 'hello',
      protocol: PROTOCOL_VERSION,
      session: this.id,
      user: { id: this.userId },
      heartbeat: { interval: limits.pingInterval, timeout: limits.heartbeatTimeout },
      limits: { maxMessage: limits.maxMessage, rate: limits.rateLimit, burst: limits.rateBurst },
      node: nodeId,
    });
    this.heartbeat?.start();
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
    this.expiryTimer = setTimeout(fireExpiry, Math.max(0, delay), this);
    this.expiryTimer.unref?.();
  }

  replaceIdentity(identity: Identity): void {
    this.identity = identity;
    this.watchExpiry();
  }

  /** Sends a frame unless the session is closing; closes a slow consumer with 1013. */
  send(frame: ServerFrame | string | Buffer): boolean {
    const t = this.transport;
    if (this.closing || !t.isOpen) return false;
    const { limits, metrics, logger, batcher } = this.services;
    if (t.bufferedAmount > limits.maxBuffered) {
      metrics.slowConsumers.inc();
      logger.warn({ user: this.userId, session: this.id, bufferedBytes: t.bufferedAmount }, 'slow consumer: closing');
      this.close(CloseCode.TRY_AGAIN_LATER, formatCloseReason('slow consumer', { reconnectDelayMs: 1000 + Math.random() * 4000 }));
      return false;
    }
    if (!this.writesCorked) {
      this.writesCorked = true;
      t.cork();
      batcher.flushAtTurnEnd(this);
    }
    t.send(typeof frame === 'string' || frame instanceof Uint8Array ? frame : JSON.stringify(frame));
    metrics.hot.messagesOut.inc();
    // Past CORK_LIMIT bytes, write now: a large replay or fan-out in one turn must reach the
    // network as it would without corking, not pile up in bufferedAmount (the slow-consumer check).
    if (this.writesCorked && t.corkedBytes >= CORK_LIMIT) this.flushWrites();
    return true;
  }

  /** Sends what this turn corked (called once per turn by the server's WriteBatcher). */
  flushWrites(): void {
    if (!this.writesCorked) return;
    this.writesCorked = false;
    this.transport.flush();
  }

  sendError(id: RequestId | null, code: ErrorFrame['code'], message: string): void {
    this.send({ type: 'error', id, code, message });
  }

  /** Starts a close (at most once). */
  close(code: number, reason: string): void {
    if (this.closing) return;
    this.closing = true;
    this.closedCode = code;
    this.heartbeat?.stop();
    try {
      this.transport.close(code, reason);
    } catch {
      this.transport.terminate();
    }
  }

  /** Drops the transport without a close handshake (drain timeout). */
  terminate(): void {
    this.closing = true;
    this.transport.terminate();
  }

  // ---- the transport's events (called by its adapter) ----------------------------------------

  /** A text frame from the client. */
  handleText(text: string): void {
    this.guard(() => this.onText(text));
  }

  /** A binary frame from the client (not part of the protocol). */
  handleBinary(): void {
    this.guard(() => {
      const verdict = this.admitFrame();
      if (verdict === null) return;
      if (verdict !== 'ok') this.services.metrics.rateLimited.inc();
      this.sendError(null, ErrorCode.BINARY_NOT_SUPPORTED, 'binary frames are not part of the protocol; send JSON text frames');
    });
  }

  /** The answer to `transport.ping()`. */
  handlePong(): void {
    this.heartbeat?.pong();
  }

  /** The transport closed (`code` as received; 1006 when it dropped without one). */
  transportClosed(code: number, reason: string): void {
    this.onClose(code, reason).catch((err: unknown) => {
      this.services.logger.error({ user: this.userId, session: this.id, err: err instanceof Error ? err.message : String(err) }, 'close bookkeeping failed');
    });
  }

  transportError(message: string): void {
    this.services.logger.debug({ user: this.userId, session: this.id, err: message }, 'socket error');
  }

  // ---- heartbeat target ---------------------------------------------------------------------

  ping(): void {
    this.transport.ping?.();
  }
  onRtt(ms: number): void {
    this.services.metrics.heartbeatRtt.observe(ms / 1000);
  }
  onTimeout(): void {
    const { metrics, logger, limits } = this.services;
    metrics.heartbeatTimeouts.inc();
    logger.info({ user: this.userId, session: this.id, timeoutMs: limits.heartbeatTimeout }, 'heartbeat timeout: terminating');
    this.transport.terminate();
  }

  // ---- frames in ----------------------------------------------------------------------------

  /** A bug in frame handling costs one frame, never the process (docs/server.md, bad input). */
  private guard(handle: () => void): void {
    try {
      handle();
    } catch (err) {
      this.services.logger.error({ user: this.userId, session: this.id, err: err instanceof Error ? err.message : String(err) }, 'frame handling failed');
      this.sendError(null, ErrorCode.INTERNAL, 'the server failed to handle the frame');
    }
  }

  /** Counts the frame and applies the rate limit; null when the frame is to be ignored. */
  private admitFrame(): 'ok' | 'warn' | 'refuse' | null {
    const { metrics, limits, logger } = this.services;
    metrics.hot.messagesIn.inc();
    if (this.closing) return null;
    const verdict = (this.limiter ??= new FrameRateLimiter(limits.rateLimit, limits.rateBurst)).check();
    if (verdict !== 'close') return verdict;
    metrics.rateLimited.inc();
    logger.warn({ user: this.userId, session: this.id }, 'rate limit exceeded: closing');
    this.close(CloseCode.POLICY_VIOLATION, 'rate limit exceeded');
    return null;
  }

  private onText(text: string): void {
    const verdict = this.admitFrame();
    if (verdict === null) return;
    if (verdict !== 'ok') {
      const { metrics, limits } = this.services;
      metrics.rateLimited.inc();
      // A refused request is named by its id, so the client knows exactly what was not done
      // and can send it again (same id: publishes stay exactly-once). Refusals are bounded by
      // the burst before the close, so reading the id costs at most `burst` parses.
      const id = text === PING_TEXT ? null : requestIdOf(text);
      if (verdict === 'warn' || id !== null) {
        this.sendError(id, ErrorCode.RATE_LIMITED, `more than ${limits.rateLimit} frames/s (burst ${limits.rateBurst}); this frame was dropped; keep going and the connection closes with 1008`);
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
    // A publish keeps its payload's text: validated once above, forwarded as is (payload-text.ts).
    if (frame.type === 'publish') (frame as PublishRequest).json = publishDataText(text);
    dispatchRequest(this, frame);
  }

  private async onClose(code: number, reason: string): Promise<void> {
    this.closing = true;
    this.heartbeat?.stop();
    if (this.expiryTimer) clearTimeout(this.expiryTimer);
    const { metrics, logger } = this.services;
    const durationMs = Date.now() - this.openedAt;
    metrics.connections.dec({ transport: this.transport.kind });
    metrics.closed.inc({ code: String(code), transport: this.transport.kind });
    metrics.duration.observe(durationMs / 1000);
    const sentCode = this.closedCode !== undefined && this.closedCode !== code ? { sentCode: this.closedCode } : {};
    logger.info({ event: 'close', user: this.userId, session: this.id, code, ...sentCode, reason: reason || undefined, durationMs, client: this.info.client }, 'connection closed');
    const subs = this.subs;
    this.services.onClosed(this);
    if (subs) await subs.closeAll();
    this.closedDone = true;
    this.resolveClosed?.();
  }
}
