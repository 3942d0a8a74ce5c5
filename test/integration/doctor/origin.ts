// The origin for the doctor's lab: the real `wsgate serve` (createServer) on a loopback
// address, with one static token for user alice and a chosen heartbeat (ping) interval.
import { createServer } from '../../../src/server/index.js';

export interface LabOrigin {
  host: string;
  port: number;
  /** The token that authenticates (as user alice). */
  token: string;
  heartbeatMs: number;
  stop(): Promise<void>;
}

export async function startOrigin(opts: { host: string; heartbeatMs?: number; token?: string }): Promise<LabOrigin> {
  const token = opts.token ?? 'tok';
  const heartbeatMs = opts.heartbeatMs ?? 20_000;
  const server = await createServer({
    host: opts.host,
    port: 0,
    tokens: `${token}:alice`,
    pingInterval: heartbeatMs,
    logLevel: 'silent',
    defaultMetrics: false,
    statsInterval: 0,
  });
  return { host: opts.host, port: server.port, token, heartbeatMs, stop: () => server.close() };
}
