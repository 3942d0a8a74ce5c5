/**
 * The node's open sessions, whatever their transport: the one path from a credential to a
 * running Session (token check, the backend's connect hook, the per-user cap, counting,
 * metrics and the open log line) and back out when it closes. A transport endpoint (the
 * WebSocket upgrade in server.ts; an SSE stream next) only admits the request, hands over the
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
import { Session } from './session/session.js';
import type { ConnectionInfo, SessionTransport } from './session/transport.js';

export interface RegistryDeps {
  admission: Admission;
  auth: Pick<Authenticator, 'verify'>;
  hooks: SessionHooks;
  logger: Logger;
  metrics: ServerMetrics;
  nodeId: string;
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
  async authenticate(credential: Credential, info: ConnectionInfo): Promise<Identity | CloseError> {
    const { admission, auth, hooks, nodeId } = this.deps;
    admission.pending++;
    try {
      const identity = await auth.verify(credential);
      await hooks.connect?.(identity, info, nodeId);
      return identity;
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
  open(transport: SessionTransport, verdict: Identity | CloseError, info: ConnectionInfo, path?: string): Session | Refusal {
    const { admission, logger, metrics } = this.deps;
    let refusal = verdict instanceof CloseError ? verdict : undefined;
    if (!refusal) {
      try {
        admission.claimUser((verdict as Identity).userId);
      } catch (err) {
        if (!(err instanceof CloseError)) throw err;
        refusal = err;
      }
    }
    if (refusal) {
      if (refusal instanceof AuthError) metrics.authFailures.inc({ reason: refusal.reason });
      const reason = refusal instanceof AuthError ? refusal.reason : refusal.code === 'PER_USER_LIMIT' ? 'per-user limit' : refusal.code;
      const user = verdict instanceof CloseError ? undefined : verdict.userId;
      logger.info({ event: 'refuse', code: refusal.closeCode, reason, message: refusal.message, user, transport: transport.kind, path, client: info.client, remote: info.remote }, 'connection refused');
      const text = refusal instanceof AuthError && refusal.reason === 'unavailable' ? formatCloseReason(refusal.message, { reconnectDelayMs: 2000 + Math.random() * 3000 }) : refusal.message;
      return { code: refusal.closeCode, reason: text };
    }
    const identity = verdict as Identity;
    const session = new Session(transport, identity, info, this.services);
    transport.attach(session);
    this.sessions.add(session);
    metrics.opened.inc();
    metrics.connections.inc();
    logger.info({ event: 'open', user: identity.userId, session: session.id, auth: identity.kind, transport: transport.kind, path, client: info.client, remote: info.remote, origin: info.origin }, 'connection open');
    session.start();
    return session;
  }

  private closed(session: ClosedSession): void {
    if (!this.sessions.delete(session as Session)) return;
    this.deps.admission.releaseUser(session.userId);
  }
}
