/**
 * `wsgate serve`: the chat WebSocket service. Flags (each also `WSGATE_<NAME>`; a flag wins
 * over the env) are validated by the server's schema; a bad value exits 2 naming the flag.
 * Logs are pino JSON on stdout; the dev-mode banner goes to stderr. SIGTERM/SIGINT drain.
 */
import type { Command, CommandIO } from '../command.js';
import type { Lang } from '../../i18n/index.js';
import { cliError, usageError } from '../errors.js';
import { cliMessage } from '../messages.js';
import { ConfigError, OPTION_KEYS, createServer, envOf, flagOf, type WsgateServer } from '../../server/index.js';

/** Each option's --help line (help.zh-CN.ts has them in Chinese). */
export const SERVE_OPTION_HELP: Readonly<Record<string, string>> = {
  host: 'address to listen on (default 0.0.0.0; 127.0.0.1 in dev mode, when no auth is configured)',
  port: 'port (default 8080; 0 = any free port)',
  path: 'WebSocket path (default /api/ws/chat)',
  tokens: 'static tokens <token>:<userId>[,…]',
  jwtSecret: 'HS256 secret for JWT tokens (user = sub)',
  jwksUrl: 'JWKS URL for RS256/ES256 JWT tokens',
  jwtIssuer: 'required JWT iss',
  jwtAudience: 'required JWT aud',
  introspectUrl: 'opaque tokens: GET with Authorization: Bearer, 200 = valid, body.id = user',
  introspectCacheTtl: 'how long introspection answers are cached (default 30s)',
  ticketTtl: 'lifetime of single-use tickets from POST /api/ws/ticket (default 30s)',
  pingInterval: 'protocol ping interval, ms (default 10000: under Tencent CDN\'s 15 s idle limit)',
  sseHeartbeat: 'SSE fallback: a heartbeat line on each stream this often, ms (default 8000; at most 10000)',
  heartbeatTimeout: 'close peers whose pong is this late, ms (default 10000)',
  maxMessage: 'max frame size in bytes (default 65536); larger → close 1009',
  maxConnections: 'max connections on this node (default 10000); more → 503',
  maxConnectionsPerUser: 'max connections per user on this node (default 20); more → 1013',
  maxSubscriptions: 'max channels per connection (default 100)',
  maxBuffered: 'slow-consumer bound: buffered bytes before close 1013 (default 1mb)',
  rateLimit: 'frames per second per connection (default 20)',
  rateBurst: 'burst of frames per connection (default 40)',
  admissionRate: 'new connections per second per node (default 500); more → 503 + Retry-After',
  admissionBurst: 'burst of new connections (default 1000)',
  allowedOrigins: 'Origin allow-list, comma-separated (https://a.com,https://*.b.com); empty = any',
  drainWindow: 'spread 1012 closes over this many ms on SIGTERM (default 10000)',
  drainTimeout: 'exit after this many ms of draining even if clients linger (default 30000)',
  historySize: 'messages kept per channel for recovery (default 100)',
  historyTtl: 'how long messages and idempotency keys are kept, ms (default 300000)',
  statsInterval: 'connection-count log line every this many ms (default 60000; 0 = off)',
  logLevel: 'fatal|error|warn|info|debug|trace|silent (default info)',
  broker: 'memory (default) or redis://host:port (also rediss://, redis+sentinel://, redis+cluster://)',
  brokerPrefix: 'Redis key and pub/sub prefix (default wsgate:)',
  brokerPresenceTtl: 'Redis: a node silent this long is dead and leaves presence, ms (default 15000)',
  nodeId: 'this node\'s id in logs and presence (default hostname-pid-random)',
  webRoot: 'directory of the built web console served at / (default dist/web of this package)',
  trustProxy: 'take the client address from X-Forwarded-For (default true)',
  apiKey: 'enables the server API (/api/publish, …); callers send Authorization: apikey <key>',
  apiKeyFile: 'read the API key from the first line of this file instead',
  proxyUrl: 'the backend\'s base URL: hooks POST to <url>/publish, /rpc, /connect, /subscribe',
  proxyPublish: 'channels whose client publishes go to the backend first (globs: ai:*,support:*)',
  proxyConnect: 'also ask the backend on every connection, after token auth (a flag)',
  proxySubscribe: 'channels whose subscriptions the backend must allow first (globs)',
  proxyTimeout: 'how long a hook may take (default 5s); later → BACKEND_UNAVAILABLE',
  proxySecret: 'sign hook bodies: X-Wsgate-Signature: sha256=<HMAC-SHA256 hex>',
  proxyConcurrency: 'hook requests in flight per node at most (default 256); more → BACKEND_UNAVAILABLE at once',
};

/** Options that are flags: `--proxy-connect` alone means true (a value may still follow with `=`). */
const BOOLEAN_OPTIONS: ReadonlySet<string> = new Set(['proxyConnect']);

const USAGE = [
  'Usage: wsgate serve [options]',
  '',
  'Runs the chat WebSocket service. Every option is also an env var WSGATE_<NAME> (e.g.',
  'WSGATE_PORT=9000); a flag wins over the env. Durations take ms or 10s/2m; sizes bytes or 64kb.',
  'With no auth option, dev mode: a dev token is generated and printed.',
  '',
  'Options:',
  ...OPTION_KEYS.map((k) => `  ${flagOf(k).padEnd(28)} ${SERVE_OPTION_HELP[k] ?? ''}`),
  '',
  'Signals: SIGTERM/SIGINT drain (1012 in paced batches) and exit 0; a second one stops at once.',
  'Docs: docs/server.md, docs/protocol.md, docs/scaling.md (--broker redis://…), docs/backend.md (API, hooks)',
  '',
].join('\n');

/** Reads `--flag value` / `--flag=value` pairs and the WSGATE_* env into option values. */
export function parseServeArgs(argv: string[], env: NodeJS.ProcessEnv): { options: Record<string, string>; sources: Record<string, string> } {
  const byFlag = new Map(OPTION_KEYS.map((k) => [flagOf(k), k as string]));
  const options: Record<string, string> = {};
  const sources: Record<string, string> = {};
  for (const key of OPTION_KEYS) {
    const value = env[envOf(key)];
    if (value !== undefined && value !== '') {
      options[key] = value;
      sources[key] = envOf(key);
    }
  }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) throw usageError('SERVE_UNEXPECTED_ARGUMENT', { arg });
    const eq = arg.indexOf('=');
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const key = byFlag.get(flag);
    if (!key) throw usageError('SERVE_UNKNOWN_OPTION', { flag });
    let value: string | undefined;
    if (eq > 0) value = arg.slice(eq + 1);
    else if (BOOLEAN_OPTIONS.has(key)) value = 'true';
    else {
      value = argv[i + 1];
      if (value === undefined || (value.startsWith('--') && value.length > 2)) throw usageError('NEEDS_VALUE', { flag });
      i++;
    }
    options[key] = value;
    sources[key] = flag;
  }
  return { options, sources };
}

function banner(server: WsgateServer, lang: Lang): string {
  return cliMessage(lang, 'DEV_BANNER', { url: `${server.url}?token=${server.devToken ?? ''}`, console: `${server.httpUrl}/`, loopback: server.config.host === '127.0.0.1' ? 'yes' : '' });
}

export const command: Command = {
  name: 'serve',
  summary: 'run the chat WebSocket service (heartbeat, recovery, drain, metrics)',
  usage: USAGE,
  async run(argv: string[], io: CommandIO): Promise<number> {
    const { options, sources } = parseServeArgs(argv, io.env);
    let server: WsgateServer;
    try {
      server = await createServer({
        ...options,
        optionSources: sources,
        ...(io.stdout === process.stdout ? {} : { logStream: io.stdout }),
      });
    } catch (err) {
      if (err instanceof ConfigError) throw usageError('BAD_OPTION', { detail: err.message }, { cause: err });
      const e = err as NodeJS.ErrnoException;
      if (e.code === 'EADDRINUSE') throw cliError('EADDRINUSE', { port: options.port ?? 8080 }, 'EADDRINUSE', 1, { cause: err });
      if (e.code === 'EACCES') throw cliError('EACCES', { port: options.port ?? 8080 }, 'EACCES', 1, { cause: err });
      if (e.code === 'EADDRNOTAVAIL' || e.code === 'ENOTFOUND') throw cliError('CANNOT_LISTEN', { host: options.host ?? '' }, e.code, 1, { cause: err });
      throw err;
    }
    if (server.devToken) io.stderr.write(banner(server, io.lang ?? 'en'));
    return new Promise<number>((resolve) => {
      let signals = 0;
      const onSignal = (signal: NodeJS.Signals): void => {
        signals++;
        if (signals === 1) {
          server.logger.info({ event: 'signal', signal }, 'signal received: draining');
          // The drain ends by itself at --drain-timeout; this is the guard should closing hang.
          setTimeout(() => {
            server.logger.error({ event: 'drain-overrun', timeoutMs: server.config.drainTimeout }, 'drain overran its timeout: exiting');
            process.exit(1);
          }, server.config.drainTimeout + 10_000).unref();
          server.drain().then(
            () => finish(0),
            () => finish(1),
          );
        } else {
          server.logger.warn({ event: 'signal', signal }, 'second signal: stopping now');
          server.close().then(
            () => finish(0),
            () => finish(1),
          );
        }
      };
      const finish = (code: number): void => {
        process.off('SIGTERM', onSignal);
        process.off('SIGINT', onSignal);
        // Everything is closed; should a stray handle (a library's reconnect timer) still hold
        // the event loop, do not let it turn a finished drain into a hung pod.
        setTimeout(() => process.exit(code), 2000).unref();
        resolve(code);
      };
      process.on('SIGTERM', onSignal);
      process.on('SIGINT', onSignal);
    });
  },
};
