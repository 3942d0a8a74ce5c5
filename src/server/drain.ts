/**
 * Graceful drain (SIGTERM): the caller has already failed readiness and refuses upgrades; this
 * closes open connections with 1012 in paced batches spread over the drain window, each reason
 * carrying a reconnect-delay hint (`server restart;reconnect=<ms>`), so clients do not all come
 * back at once (docs/facts.md: every anchor closes all clients at once). Whatever is still open at
 * the drain timeout is terminated.
 */
import { CloseCode, formatCloseReason } from '../protocol/index.js';

export interface Drainable {
  close(code: number, reason: string): void;
  terminate(): void;
  readonly closed: Promise<void>;
  readonly isClosed: boolean;
}

export interface DrainPlan {
  batches: number;
  batchSize: number;
  intervalMs: number;
}

/** Batches no closer than `minIntervalMs` apart, spread evenly over `windowMs`. */
export function planDrain(count: number, windowMs: number, minIntervalMs = 100): DrainPlan {
  if (count === 0) return { batches: 0, batchSize: 0, intervalMs: 0 };
  const batches = Math.max(1, Math.min(count, Math.floor(windowMs / minIntervalMs)));
  return { batches, batchSize: Math.ceil(count / batches), intervalMs: batches > 1 ? windowMs / batches : 0 };
}

/** The reconnect hint for one closed connection: a random spread over one batch interval (≥ 1 s). */
export function reconnectHintMs(plan: DrainPlan, random: () => number = Math.random): number {
  return Math.round(random() * Math.max(1000, plan.intervalMs));
}

export interface DrainOptions {
  windowMs: number;
  timeoutMs: number;
  random?: () => number;
  onBatch?: (info: { batch: number; closed: number; remaining: number }) => void;
}

/**
 * Closes `connections` in paced batches; resolves when all are closed (or terminated at the
 * timeout). Returns how many had to be terminated.
 */
export async function drainConnections(connections: readonly Drainable[], options: DrainOptions): Promise<{ terminated: number }> {
  const plan = planDrain(connections.length, options.windowMs);
  const queue = [...connections];
  const started = Date.now();
  let batch = 0;
  let timer: NodeJS.Timeout | undefined;
  const pacing = new Promise<void>((done) => {
    const next = (): void => {
      const slice = queue.splice(0, plan.batchSize);
      for (const c of slice) {
        c.close(CloseCode.SERVICE_RESTART, formatCloseReason('server restart', { reconnectDelayMs: reconnectHintMs(plan, options.random) }));
      }
      batch++;
      options.onBatch?.({ batch, closed: slice.length, remaining: queue.length });
      if (queue.length === 0) return done();
      timer = setTimeout(next, plan.intervalMs);
    };
    next();
  });
  let timedOut = false;
  let deadline: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((done) => {
    deadline = setTimeout(() => {
      timedOut = true;
      done();
    }, Math.max(0, options.timeoutMs - (Date.now() - started)));
  });
  await Promise.race([pacing.then(() => Promise.all(connections.map((c) => c.closed))), timeout]);
  if (timer) clearTimeout(timer);
  if (deadline) clearTimeout(deadline);
  let terminated = 0;
  if (timedOut) {
    for (const c of connections) {
      if (!c.isClosed) {
        terminated++;
        c.terminate();
      }
    }
    await Promise.all(connections.map((c) => c.closed));
  }
  return { terminated };
}
