/**
 * The node's open sessions, whatever their transport: the one path from a credential to a
 * running Session (token check, the backend's connect hook, the per-user cap, counting,
 * metrics and the open log line) and back out when it closes. A transport endpoint (the
 * WebSocket upgrade in server.ts; the SSE stream in transports/sse/) only admits the request, hands over the
 * credential, and then a transport to `open()`.
 */
import { formatCloseReason } from '../protocol/index.js';
import type { Admission } from './admission.js';
import type { Authenticator, Credential, Identity } from './auth/index.js';
import { AuthError, CloseError } from './errors.js';
import type { Logger } from './logger.js';
import type { ServerMetrics } from './metrics.js';
import type { SessionHooks } from './session/hooks.js';
import type { ClosedSession, SessionServices } from './session/services.js';
import { reportRequestError } from './session/requests.js';
import { Session, newSessionId } from './session/session.js';
import type { ConnectionInfo, SessionTransport, TransportKind } from './session/transport.js';

export interface RegistryDeps {
  admission: Admission;
  auth: Pick<Authenticator, 'verify'>;
  hooks: SessionHooks;
  logger: Logger;
  metrics: ServerMetrics;
  nodeId: string;
}

/** A credential that passed: who, the session id the connect hook was told, and the channels it asked for. */
export interface Admitted {
  identity: Identity;
  session: string;
  channels: readonly string[];
}

/** A refused connection: the close code and reason the client is told. */
export interface Refusal {
  code: number;
  reason: string;
}

export class SessionRegistry {
  private readonly sessions = new Set<Session>();
  readonly services: SessionServices;

  constructor(
    private readonly deps: RegistryDeps,
    services: Omit<SessionServices, 'onClosed'>,
  ) {
    this.services = { ...services, onClosed: (s) => this.closed(s) };
  }

  get size(): number {
    return this.sessions.size;
  }
  /** A snapshot of the open sessions. */
  list(): Session[] {
    return [...this.sessions];
  }

  /**
   * Checks the credential, then asks the connect hook. Resolves to the identity, or to the
   * CloseError that refuses the connection (4401, 4403, 1013…); never rejects for bad input.
   */
  async authenticate(credential: Credential, info: ConnectionInfo, transport: TransportKind = 'websocket'): Promise<Admitted | CloseError> {
    const { admission, auth, hooks, nodeId } = this.deps;
    admission.pending++;
    try {
      const identity = await auth.verify(credential);
      const session = newSessionId();
      const decision = await hooks.connect?.({ session, userId: identity.userId, nodeId, transport }, identity, info);
      return { identity, session, channels: decision?.channels ?? [] };
    } catch (err) {
      if (err instanceof CloseError) return err;
      return new AuthError('invalid', 'token invalid', { cause: err });
    } finally {
      admission.pending--;
    }
  }

  /**
   * Opens a session over `transport` (attached, started: hello is sent), or returns the refusal
   * to close the transport with: the earlier auth failure, or the per-user cap.
   */
  open(transport: SessionTransport, verdict: Admitted | CloseError, info: ConnectionInfo, path?: string): Session | Refusal {
    const { admission, logger, metrics } = this.deps;
    let refusal = verdict instanceof CloseError ? verdict : undefined;
    if (!refusal) {
      try {
        admission.claimUser((verdict as Admitted).identity.userId);
      } catch (err) {
        if (!(err instanceof CloseError)) throw err;
        refusal = err;
      }
    }
    if (refusal) {
      if (refusal instanceof AuthError) metrics.authFailures.inc({ reason: refusal.reason });
      const reason = refusal instanceof AuthError ? refusal.reason : refusal.code === 'PER_USER_LIMIT' ? 'per-user limit' : refusal.code;
      const user = verdict instanceof CloseError ? undefined : verdict.identity.userId;
      logger.info({ event: 'refuse', code: refusal.closeCode, reason, message: refusal.message, user, transport: transport.kind, path, client: info.client, remote: info.remote }, 'connection refused');
      const text = refusal instanceof AuthError && refusal.reason === 'unavailable' ? formatCloseReason(refusal.message, { reconnectDelayMs: 2000 + Math.random() * 3000 }) : refusal.message;
      return { code: refusal.closeCode, reason: text };
    }
    const { identity, session: id, channels } = verdict as Admitted;
    const session = new Session(transport, identity, info, this.services, id);
    transport.attach(session);
    this.sessions.add(session);
    metrics.opened.inc({ transport: transport.kind });
    metrics.connections.inc({ transport: transport.kind });
    logger.info({ event: 'open', user: identity.userId, session: session.id, auth: identity.kind, transport: transport.kind, path, client: info.client, remote: info.remote, origin: info.origin }, 'connection open');
    session.start();
    // The connect hook's channels (docs/backend.md): subscribed without a client frame (the
    // client sees `subscribed` with the id `server:<channel>`); no subscribe hook is asked.
    for (const channel of channels) {
      const frame = { type: 'subscribe' as const, id: `server:${channel}`, channel };
      session.subscriptions.subscribe(frame).catch((err: unknown) => reportRequestError(session, frame, err));
    }
    return session;
  }

  /** Closes `user`'s open sessions on this node (the server API's disconnect); returns how many. */
  closeUser(user: string, code: number, reason: string): number {
    const mine = [...this.sessions].filter((s) => s.userId === user && s.transport.isOpen);
    for (const s of mine) s.close(code, reason);
    if (mine.length) this.deps.logger.info({ event: 'disconnect', user, code, closed: mine.length }, 'user disconnected by the server API');
    return mine.length;
  }

  private closed(session: ClosedSession): void {
    if (!this.sessions.delete(session as Session)) return;
    this.deps.admission.releaseUser(session.userId);
  }
}
