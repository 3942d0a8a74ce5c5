/**
 * Plugs the backend hooks (hooks.ts) into the session's seams (session/hooks.ts) and says what
 * each failure becomes for the client (docs/backend.md): a refusal is an `error` frame with the
 * backend's code (a connect refusal: close 4403 with the backend's message); a backend that
 * is down is BACKEND_UNAVAILABLE (a connect: close 1013 with a reconnect hint).
 */
import { CloseCode, ErrorCode, FrameError, formatCloseReason, type RequestId } from '../../protocol/index.js';
import { MemoryLedger } from '../broker/memory-ledger.js';
import type { PublishLedger } from '../broker/types.js';
import { idempotencyKey } from '../channels/channel-service.js';
import type { ServerConfig } from '../config.js';
import { CloseError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { HookCaller, SessionHooks } from '../session/hooks.js';
import { BackendRefusedError, BackendUnavailableError } from './errors.js';
import { HookClient } from './hook-client.js';
import { BackendHooks } from './hooks.js';

/** A hook failure as the `error` frame that answers request `id`. */
function asFrameError(err: unknown, id: RequestId | null): unknown {
  if (err instanceof BackendRefusedError) return new FrameError(err.code, err.message, id);
  if (err instanceof BackendUnavailableError) return new FrameError(ErrorCode.BACKEND_UNAVAILABLE, err.message, id);
  return err;
}

/** Logs a backend that could not answer, at most once a second per reason (a dead backend under load must not flood the log). */
function unavailableLog(logger: Logger | undefined, proxyUrl: string): (err: unknown) => void {
  const last = new Map<string, number>();
  const target = (() => {
    const u = new URL(proxyUrl);
    return `${u.origin}${u.pathname}`; // no credentials from the URL in a log
  })();
  return (err) => {
    if (!logger || !(err instanceof BackendUnavailableError)) return;
    const now = Date.now();
    if (now - (last.get(err.reason) ?? 0) < 1000) return;
    last.set(err.reason, now);
    logger.warn({ event: 'backend', reason: err.reason, backend: target, err: err.message }, 'backend unavailable');
  };
}

const who = (caller: HookCaller) => ({ user: caller.userId, session: caller.session });

export interface BackendSetup {
  hooks: SessionHooks;
  /** Closes the hook client's keep-alive sockets (server stop). */
  close(): void;
}

/**
 * The session hooks `--proxy-*` ask for; empty without `--proxy-url`.
 * @param ledger the broker's publish ledger (a node-local one for a custom broker without).
 */
export function backendSessionHooks(
  cfg: Pick<ServerConfig, 'proxyUrl' | 'proxyPublish' | 'proxySubscribe' | 'proxyConnect' | 'proxyTimeout' | 'proxySecret' | 'proxyConcurrency' | 'historyTtl' | 'maxMessage'>,
  nodeId: string,
  ledger: PublishLedger | undefined,
  observe?: (event: 'publish' | 'rpc' | 'connect' | 'subscribe', result: string, seconds: number) => void,
  logger?: Logger,
): BackendSetup {
  if (!cfg.proxyUrl) return { hooks: {}, close: () => undefined };
  const client = new HookClient({ baseUrl: cfg.proxyUrl, timeoutMs: cfg.proxyTimeout, secret: cfg.proxySecret, maxConcurrent: cfg.proxyConcurrency, maxAnswerBytes: Math.max(cfg.maxMessage * 2, 65_536), observe });
  const backend = new BackendHooks({
    client,
    nodeId,
    publish: cfg.proxyPublish,
    subscribe: cfg.proxySubscribe,
    connect: cfg.proxyConnect,
    timeoutMs: cfg.proxyTimeout,
    historyTtlMs: cfg.historyTtl,
    ledger: ledger ?? new MemoryLedger(() => undefined, Date.now),
  });
  const report = unavailableLog(logger, cfg.proxyUrl);
  const answering = async <T>(id: RequestId | null, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (err) {
      report(err);
      throw asFrameError(err, id);
    }
  };
  const hooks: SessionHooks = {
    rpc: (caller, r) => answering(r.id, () => backend.rpc(who(caller), r.id, r.method, r.data)),
  };
  if (cfg.proxyPublish.length) {
    hooks.publish = {
      applies: (channel) => backend.proxiesPublish(channel),
      decide: (caller, r) => answering(r.id, () => backend.publish(who(caller), r.channel, r.id, idempotencyKey(r.id), r.data)),
    };
  }
  if (cfg.proxySubscribe.length) {
    hooks.subscribe = {
      applies: (channel) => backend.proxiesSubscribe(channel),
      // This seam has no request id: the session names the frame in the error it sends.
      decide: (caller, r) => answering(null, () => backend.subscribe(who(caller), r.channel)),
    };
  }
  if (cfg.proxyConnect) {
    hooks.connect = async (caller) => {
      try {
        return await backend.connect(who(caller), caller.transport);
      } catch (err) {
        if (err instanceof BackendRefusedError) throw new CloseError(CloseCode.FORBIDDEN, err.code, formatCloseReason(err.message));
        if (err instanceof BackendUnavailableError) {
          report(err);
          throw new CloseError(CloseCode.TRY_AGAIN_LATER, 'BACKEND_UNAVAILABLE', formatCloseReason('backend unavailable', { reconnectDelayMs: 2000 + Math.random() * 3000 }), { cause: err });
        }
        throw err;
      }
    };
  }
  return { hooks, close: () => client.close() };
}
