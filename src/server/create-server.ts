/**
 * `createServer()`: resolves the config, builds the logger, metrics and broker, and starts a
 * listening `Server` (server.ts). What `wsgate serve` runs.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { backendMetrics } from './backend/metrics.js';
import { backendSessionHooks } from './backend/session-hooks.js';
import { createBroker } from './broker/index.js';
import { resolveConfig } from './config.js';
import { createLogger } from './logger.js';
import { createMetrics } from './metrics.js';
import { Server, type CreateServerOptions, type WsgateServer } from './server.js';

/**
 * Creates a server and resolves once it listens.
 * @example
 * const server = await createServer({ host: '127.0.0.1', port: 0, tokens: 'tok-a:alice' });
 * console.log(server.url); // ws://127.0.0.1:54321/api/ws/chat
 * await server.drain();
 */
export async function createServer(options: CreateServerOptions = {}): Promise<WsgateServer> {
  const { logger: givenLogger, logStream, defaultMetrics, optionSources, hooks, firstPingAt, ...rest } = options;
  const config = resolveConfig(rest, optionSources);
  const nodeId = config.nodeId ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const logger = givenLogger ?? createLogger({ level: config.logLevel, stream: logStream, base: { node: nodeId } });
  const metrics = createMetrics({ defaultMetrics });
  const ownsBroker = typeof config.broker === 'string';
  const broker = await createBroker(
    config.broker,
    { historySize: config.historySize, historyTtlMs: config.historyTtl, nodeId },
    { registry: metrics.registry, logger: logger.child({ component: 'broker' }), ...(config.brokerPrefix ? { prefix: config.brokerPrefix } : {}), ...(config.brokerPresenceTtl ? { presenceTtlMs: config.brokerPresenceTtl } : {}) },
  );
  await broker.start();
  const backend = backendSessionHooks(config, nodeId, broker.ledger, config.proxyUrl ? backendMetrics(metrics.registry) : undefined, logger);
  const server = new Server(config, broker, ownsBroker, logger, metrics, nodeId, hooks ?? backend.hooks, () => backend.close(), firstPingAt);
  broker.onHealth((h) => logger[h.up ? 'info' : 'warn']({ event: 'broker', kind: broker.kind, up: h.up, reason: h.reason }, h.up ? 'broker up' : 'broker down'));
  try {
    await server.listen();
  } catch (err) {
    if (ownsBroker) await broker.close();
    throw err;
  }
  return server;
}
