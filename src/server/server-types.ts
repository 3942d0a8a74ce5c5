/**
 * The public shape of a running server (`WsgateServer`) and the options `createServer` takes
 * (`CreateServerOptions`): the contract of `wsgate/server`, apart from the class that keeps it.
 */
import type { Server as HttpServer } from 'node:http';
import type { Broker } from './broker/types.js';
import type { ChannelService } from './channels/channel-service.js';
import type { ServerConfig, ServerOptions } from './config.js';
import type { Logger } from './logger.js';
import type { ServerMetrics } from './metrics.js';
import type { SessionHooks } from './session/hooks.js';

/** Options for `createServer`: every flag in camelCase, plus things only code can pass. */
export interface CreateServerOptions extends ServerOptions {
  /** A pino logger to use instead of a new one on stdout. */
  logger?: Logger;
  /** Where a new logger writes (default stdout). */
  logStream?: NodeJS.WritableStream;
  /** Include prom-client's process metrics in /metrics (default true). */
  defaultMetrics?: boolean;
  /** Where `source` labels option errors came from (the CLI passes flag/env names). */
  optionSources?: Record<string, string>;
  /** Backend hooks: async decisions before a client's publish, subscribe or connect (session/hooks.ts). */
  hooks?: SessionHooks;
  /**
   * Where in its interval each connection's first ping falls, as a share in [0, 1) (default
   * Math.random: spread so a reconnect wave does not ping in lock-step). A lab that must keep a
   * probed window free of pings, or put one in it, fixes it.
   */
  firstPingAt?: () => number;
}

export interface WsgateServer {
  readonly config: ServerConfig;
  readonly port: number;
  /** `ws://host:port/api/ws/chat` */
  readonly url: string;
  /** `http://host:port` */
  readonly httpUrl: string;
  readonly httpServer: HttpServer;
  readonly broker: Broker;
  readonly metrics: ServerMetrics;
  readonly logger: Logger;
  readonly nodeId: string;
  /** In dev mode (no auth configured): a token for user "dev", printed in the banner. */
  readonly devToken: string | undefined;
  /** Open connections on this node. */
  readonly connectionCount: number;
  readonly draining: boolean;
  /** Publish, presence and history without a session (a server-side publish passes `from: "server"`). */
  readonly channels: ChannelService;
  /** Mints a dev-mode token (throws outside dev mode). */
  issueDevToken(userId: string): string;
  /** The SIGTERM path: readiness fails, upgrades get 503, 1012 in paced batches; resolves when all closed and stopped. */
  drain(): Promise<void>;
  /** Immediate stop: 1001 to everyone, then stop. */
  close(): Promise<void>;
}
