// Scenario 4b: reconnect storm. N real clients (wsgate/client; reconnecting-websocket,
// partysocket and wsgate/socket against bare ws; socket.io-client) connected; the server is killed (SIGKILL: a crash or a node replaced
// without drain) and a new one started on the same port at once; or, for wsgate, drained
// (SIGTERM: 1012 in paced batches with reconnect hints) and restarted when it exits. Measured:
// time from the drop until every client is open again, and the largest share of reconnects
// (and of attempts) in any 100 ms window.
import { Worker } from 'node:worker_threads';
import type { BenchContext } from '../lib/context.js';
import { ServerProcess, type ServerConfig, type Target } from '../lib/procs.js';
import { maxInWindow } from '../lib/stats.js';

export type StormMode = 'kill' | 'drain';
/** wsgate's admission settings in a storm: lifted (like every other section) or the server's defaults. */
export type StormAdmission = 'lifted' | 'defaults';

export interface StormResult {
  clients: number;
  client: string;
  mode: StormMode;
  admission: StormAdmission;
  connected: number;
  /** Drop → last client open again, ms (NaN when not all came back within the limit). */
  allBackMs: number;
  back: number;
  /** Largest share of the N reconnects in any 100 ms window (0..1). */
  maxReconnectShare100ms: number;
  /** Largest share of connection attempts in any 100 ms window, against N (can exceed 1 with retries). */
  maxAttemptShare100ms: number;
  attempts: number;
  /** Restart gap: drop → new server listening, ms. */
  restartMs: number;
  /** Exceptions the client library threw out of its own event handlers (the worker survives them), and the first one's message. */
  libraryErrors: number;
  firstLibraryError: string;
}

/**
 * The client libraries stormed against each server: what people put in front of it. For bare
 * `ws`, the reconnecting WebSockets: reconnecting-websocket, partysocket and wsgate/socket
 * (all with their defaults; wsgate/socket's heartbeat is off, as bare ws does not answer `ping`).
 */
export const STORM_CLIENTS: Record<Target, readonly string[]> = {
  ws: ['reconnecting-websocket', 'partysocket', 'wsgate/socket'],
  socketio: ['socket.io-client'],
  wsgate: ['wsgate/client'],
  'wsgate-redis': ['wsgate/client'],
};

/** The storm worker's name for each client library (bench/load/storm-worker.mjs). */
const KIND: Record<string, string> = {
  'reconnecting-websocket': 'ws',
  partysocket: 'partysocket',
  'wsgate/socket': 'socket',
  'socket.io-client': 'socketio',
  'wsgate/client': 'wsgate',
};
const PATH: Record<Target, string> = { ws: '/', socketio: '', wsgate: '/api/ws/chat', 'wsgate-redis': '/api/ws/chat' };
const nowMs = () => Number(process.hrtime.bigint()) / 1e6;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

class StormThreads {
  private seq = 0;
  private constructor(private readonly workers: Worker[]) {}

  static async start(workerData: (i: number) => Record<string, unknown>, n: number): Promise<StormThreads> {
    const url = new URL('../load/storm-worker.mjs', import.meta.url);
    const ws = Array.from({ length: n }, (_, i) => new Worker(url, { execArgv: [], workerData: workerData(i) }));
    await Promise.all(ws.map((w) => new Promise((r) => w.once('message', r))));
    return new StormThreads(ws);
  }

  all<T>(cmd: string, args: Record<string, unknown> = {}, timeoutMs = 180000): Promise<T[]> {
    return Promise.all(
      this.workers.map(
        (w) =>
          new Promise<T>((resolve, reject) => {
            const id = ++this.seq;
            const timer = setTimeout(() => reject(new Error(`storm worker: ${cmd} timed out`)), timeoutMs);
            const on = (m: { id?: number; result?: T; error?: string }) => {
              if (m.id !== id) return;
              w.off('message', on);
              clearTimeout(timer);
              if (m.error) reject(new Error(m.error));
              else resolve(m.result!);
            };
            w.on('message', on);
            w.postMessage({ id, cmd, args });
          }),
      ),
    );
  }

  async stop(): Promise<void> {
    try {
      await this.all('close', {}, 10000);
    } catch {
      /* terminating anyway */
    }
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/**
 * Runs one storm. `start(port)` starts a server of the target on `port` (0 = any); the first
 * one is passed in already started.
 */
export async function stormRun(
  ctx: BenchContext,
  target: Target,
  first: ServerProcess,
  start: (cfgPort: number) => Promise<ServerProcess>,
  mode: StormMode,
  clients: number,
  client: string = STORM_CLIENTS[target][0]!,
  admission: StormAdmission = 'lifted',
): Promise<{ result: StormResult; server: ServerProcess }> {
  const port = first.port;
  const url = `ws://${ctx.host}:${port}${PATH[target]}`;
  const httpUrl = `http://${ctx.host}:${port}`;
  const n = ctx.workers;
  const threads = await StormThreads.start(
    (i) => ({
      kind: KIND[client],
      url: target === 'socketio' ? httpUrl : url,
      first: i * Math.ceil(clients / n),
      count: Math.min(Math.ceil(clients / n), clients - i * Math.ceil(clients / n)),
      users: Math.ceil(clients / 10),
      sourceAddrs: ctx.sourceAddrs.filter((_, k) => k % n === i),
    }),
    n,
  );
  let server = first;
  const limitMs = ctx.quick ? 15000 : 90000;
  try {
    const up = await threads.all<{ open: number }>('start', { timeoutMs: ctx.quick ? 30000 : 90000 });
    const connected = up.reduce((s, u) => s + u.open, 0);
    await sleep(500);
    const [{ armedAt }] = (await threads.all<{ armedAt: number }>('arm')) as [{ armedAt: number }];
    const t0 = nowMs();
    if (mode === 'kill') {
      await first.stop('SIGKILL');
    } else {
      first.child.kill('SIGTERM');
      await first.exited; // drains over its window, then exits
    }
    server = await start(port);
    const restartMs = nowMs() - t0;
    // wait (bounded) until every client that was connected is open again
    let open = 0;
    while (nowMs() - t0 < limitMs) {
      await sleep(100);
      open = (await threads.all<{ open: number }>('status')).reduce((s, x) => s + x.open, 0);
      if (open >= connected) break;
    }
    const stamps = await threads.all<{ opens: Float64Array; attempts: Float64Array; uncaught: number; firstUncaught: string }>('stamps');
    const opens = stamps.flatMap((s) => Array.from(s.opens));
    const attempts = stamps.flatMap((s) => Array.from(s.attempts));
    const lastOpen = opens.length ? Math.max(...opens) : Number.NaN;
    void armedAt;
    return {
      server,
      result: {
        clients,
        client,
        mode,
        admission,
        connected,
        allBackMs: open >= connected ? lastOpen - t0 : Number.NaN,
        back: open,
        maxReconnectShare100ms: connected ? maxInWindow(opens, 100) / connected : Number.NaN,
        maxAttemptShare100ms: connected ? maxInWindow(attempts, 100) / connected : Number.NaN,
        attempts: attempts.length,
        restartMs,
        libraryErrors: stamps.reduce((n, s) => n + s.uncaught, 0),
        firstLibraryError: stamps.find((s) => s.firstUncaught)?.firstUncaught ?? '',
      },
    };
  } finally {
    await threads.stop();
  }
}

export type { ServerConfig };
