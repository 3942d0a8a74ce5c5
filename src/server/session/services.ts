/**
 * What a session gets from its server: one object per server, shared by every session (so a
 * session costs one pointer for all of it). Narrow on purpose: the session sees limits, not the
 * whole config, and the channel service, not the broker.
 */
import type { Identity } from '../auth/identity.js';
import type { ChannelService } from '../channels/channel-service.js';
import type { HeartbeatOptions } from '../heartbeat.js';
import type { Logger } from '../logger.js';
import type { ServerMetrics } from '../metrics.js';
import type { WriteBatcher } from '../write-batch.js';
import type { SessionHooks } from './hooks.js';

export type { ConnectionInfo } from './transport.js';

/** The limits announced in `hello` and enforced per session. */
export interface SessionLimits {
  maxMessage: number;
  rateLimit: number;
  rateBurst: number;
  /** Bytes a transport may hold unsent before the session closes it as a slow consumer (1013). */
  maxBuffered: number;
  maxSubscriptions: number;
  pingInterval: number;
  heartbeatTimeout: number;
}

/** A closed session, as the server's bookkeeping sees it. */
export interface ClosedSession {
  readonly id: string;
  readonly userId: string;
}

export interface SessionServices {
  nodeId: string;
  limits: SessionLimits;
  heartbeat: HeartbeatOptions;
  logger: Logger;
  metrics: ServerMetrics;
  auth: { verifyToken(token: string): Promise<Identity> };
  channels: ChannelService;
  batcher: WriteBatcher;
  hooks: SessionHooks;
  /** Called once per session, after its close bookkeeping ran. */
  onClosed(session: ClosedSession): void;
}
