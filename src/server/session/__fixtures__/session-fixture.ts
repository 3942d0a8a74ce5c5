/**
 * A Session over a FakeTransport with real services around it: a MemoryBroker behind a
 * ChannelService, a prom-client registry, a pino logger writing into an array, and a token
 * table for refresh. No socket anywhere.
 */
import { Writable } from 'node:stream';
import type { Identity } from '../../auth/identity.js';
import { MemoryBroker } from '../../broker/memory.js';
import { ChannelService } from '../../channels/channel-service.js';
import { AuthError } from '../../errors.js';
import { createLogger } from '../../logger.js';
import { createMetrics } from '../../metrics.js';
import { WriteBatcher } from '../../write-batch.js';
import type { SessionHooks } from '../hooks.js';
import type { SessionLimits, SessionServices } from '../services.js';
import { Session } from '../session.js';
import { FakeTransport } from './fake-transport.js';

export interface Fixture {
  services: SessionServices;
  broker: MemoryBroker;
  /** Every log line, parsed. */
  logs: Array<Record<string, unknown>>;
  closed: string[];
  /** Opens a session for `user` (hello is sent). */
  open(user?: string, options?: { expiresAt?: number; pings?: boolean }): { session: Session; t: FakeTransport };
  metric(name: string): Promise<number>;
}

export function sessionFixture(options: { limits?: Partial<SessionLimits>; hooks?: SessionHooks; tokens?: Record<string, Identity> } = {}): Fixture {
  const logs: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const metrics = createMetrics({ defaultMetrics: false });
  const broker = new MemoryBroker({ historySize: 100, historyTtlMs: 60_000, nodeId: 'n1', sweepIntervalMs: 3_600_000 });
  const closed: string[] = [];
  const limits: SessionLimits = { maxMessage: 65_536, rateLimit: 1000, rateBurst: 1000, maxBuffered: 1_048_576, maxSubscriptions: 10, pingInterval: 1000, heartbeatTimeout: 500, ...options.limits };
  const tokens = options.tokens ?? {};
  const services: SessionServices = {
    nodeId: 'n1',
    limits,
    heartbeat: { intervalMs: limits.pingInterval, timeoutMs: limits.heartbeatTimeout, random: () => 0 },
    logger: createLogger({ level: 'debug', stream }),
    metrics,
    auth: {
      verifyToken: async (token) => {
        const id = tokens[token];
        if (!id) throw new AuthError('unknown', 'token not recognised');
        return id;
      },
    },
    channels: new ChannelService(broker, metrics),
    batcher: new WriteBatcher(),
    hooks: options.hooks ?? {},
    onClosed: (s) => closed.push(s.id),
  };
  return {
    services,
    broker,
    logs,
    closed,
    open(user = 'alice', o = {}) {
      const t = new FakeTransport({ pings: o.pings });
      const session = new Session(t, { userId: user, kind: 'static', ...(o.expiresAt !== undefined ? { expiresAt: o.expiresAt } : {}) }, { client: '127.0.0.1', remote: '127.0.0.1' }, services);
      t.attach(session);
      session.start();
      return { session, t };
    },
    async metric(name) {
      const all = await metrics.registry.getMetricsAsJSON();
      const m = all.find((x) => x.name === name);
      return (m?.values ?? []).reduce((sum, v) => sum + v.value, 0);
    },
  };
}

/** Resolves after pending promises and the end of the current turn. */
export function settle(): Promise<void> {
  return new Promise((r) => setImmediate(r));
}
