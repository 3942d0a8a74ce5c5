/** What the HTTP side of a running server shares: config, logger, metrics, broker, channels, auth. */
import type { Authenticator } from './auth/index.js';
import type { Broker } from './broker/types.js';
import type { ChannelService } from './channels/channel-service.js';
import type { ServerConfig } from './config.js';
import type { Logger } from './logger.js';
import type { ServerMetrics } from './metrics.js';

export interface ServerContext {
  cfg: ServerConfig;
  nodeId: string;
  logger: Logger;
  metrics: ServerMetrics;
  broker: Broker;
  /** Publish, presence and history for anything with or without a session (a server API). */
  channels: ChannelService;
  auth: Authenticator;
}
