/** What every part of a running server shares: config, logger, metrics, broker, hub, auth. */
import type { Authenticator } from './auth/index.js';
import type { Broker } from './broker/types.js';
import type { ChannelHub } from './channels.js';
import type { ServerConfig } from './config.js';
import type { Connection } from './connection.js';
import type { HeartbeatOptions } from './heartbeat.js';
import type { Logger } from './logger.js';
import type { ServerMetrics } from './metrics.js';

export interface ServerContext {
  cfg: ServerConfig;
  nodeId: string;
  logger: Logger;
  metrics: ServerMetrics;
  broker: Broker;
  hub: ChannelHub;
  auth: Authenticator;
  /** Heartbeat timing from cfg, one object shared by every connection. */
  heartbeat: HeartbeatOptions;
  /** Called by a connection once it is closed. */
  unregister(connection: Connection): void;
}
