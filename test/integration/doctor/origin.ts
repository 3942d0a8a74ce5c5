// The origin for the doctor's lab: the real `wsgate serve` (createServer) on a loopback
// address, with one static token for user alice and a chosen heartbeat (ping) interval. Each
// connection's first ping comes at the end of its interval unless `firstPingMs` places it: the
// doctor's probes are shorter than an interval, so only a test about pings sees one (a ping
// at a random moment, wsgate's default, moved the idle probe's reading one run in ten).
import { createServer } from '../../../src/server/index.js';

export interface LabOrigin {
  host: string;
  port: number;
  /** The token that authenticates (as user alice). */
  token: string;
  heartbeatMs: number;
  stop(): Promise<void>;
}

export async function startOrigin(opts: { host: string; heartbeatMs?: number; token?: string; firstPingMs?: number }): Promise<LabOrigin> {
  const token = opts.token ?? 'tok';
  const heartbeatMs = opts.heartbeatMs ?? 20_000;
  const firstPingMs = Math.min(opts.firstPingMs ?? heartbeatMs, heartbeatMs - 1);
  const server = await createServer({
    host: opts.host,
    port: 0,
    tokens: `${token}:alice`,
    pingInterval: heartbeatMs,
    logLevel: 'silent',
    defaultMetrics: false,
    statsInterval: 0,
    firstPingAt: () => firstPingMs / heartbeatMs,
  });
  return { host: opts.host, port: server.port, token, heartbeatMs, stop: () => server.close() };
}
