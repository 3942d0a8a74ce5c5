/**
 * Server configuration: one zod schema for every option, shared by `createServer()` (camelCase
 * options, durations in ms) and `wsgate serve` (kebab-case flags and `WSGATE_<NAME>` env, which
 * arrive as strings). A bad value becomes a `ConfigError` that names the flag.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { DEFAULT_WS_PATH } from '../protocol/index.js';
import type { Broker } from './broker/types.js';
import { isRedisSpec } from './broker/redis-url.js';
import { parseDuration } from './duration.js';
import { ConfigError } from './errors.js';

/** `250`, `250ms`, `10s`, `1.5m`, `2h` → ms. Bare numbers are ms (the grammar is duration.ts). */
export function parseDurationMs(value: string): number | null {
  return parseDuration(value, 'ms');
}

/** `65536`, `64kb`, `64KiB`, `1mb` → bytes. */
export function parseBytes(value: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|kib|k|mb|mib|m)?\s*$/i.exec(value);
  if (!m) return null;
  const unit = (m[2] ?? 'b').toLowerCase();
  const mult = unit === 'b' ? 1 : unit.startsWith('k') ? 1024 : 1024 * 1024;
  return Math.round(Number(m[1]) * mult);
}

const duration = (min: number, max: number) =>
  z.preprocess(
    (v) => (typeof v === 'string' ? (parseDurationMs(v) ?? v) : v),
    z.number({ error: 'must be a duration in ms (e.g. 10000, 10s, 2m)' }).int().min(min, `must be at least ${min} ms`).max(max, `must be at most ${max} ms`),
  );
const count = (min: number, max: number) =>
  z.preprocess(
    (v) => (typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : v),
    z.number({ error: 'must be a whole number' }).int('must be a whole number').min(min, `must be at least ${min}`).max(max, `must be at most ${max}`),
  );
const bytes = (min: number, max: number) =>
  z.preprocess(
    (v) => (typeof v === 'string' ? (parseBytes(v) ?? v) : v),
    z.number({ error: 'must be a size in bytes (e.g. 65536, 64kb)' }).int().min(min, `must be at least ${min} bytes`).max(max, `must be at most ${max} bytes`),
  );
const rate = z.preprocess(
  (v) => (typeof v === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(v) ? Number(v) : v),
  z.number({ error: 'must be a number per second' }).positive('must be above 0').max(1_000_000),
);
const list = z.preprocess(
  (v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : v),
  z.array(z.string().min(1)),
);

/** `tok:alice,tok2:bob` → Map; also accepts an object or array of pairs programmatically. */
const tokens = z.preprocess(
  (v) => {
    if (v === undefined || v === '') return undefined;
    if (typeof v === 'string') return v.split(',').map((s) => s.trim()).filter(Boolean);
    if (v instanceof Map) return [...v.entries()].map(([t, u]) => `${String(t)}:${String(u)}`);
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) return Object.entries(v).map(([t, u]) => `${t}:${String(u)}`);
    return v;
  },
  z
    .array(
      z.string().regex(/^[^:\s]+:[^\s]+$/, 'each entry must be <token>:<userId>'),
      { error: 'must be <token>:<userId>[,…]' },
    )
    .optional(),
);

const urlString = z.string().url('must be a URL (http:// or https://)').refine((s) => /^https?:\/\//.test(s), 'must be an http:// or https:// URL');
const flag = z.preprocess((v) => (v === 'true' || v === '1' || v === '' ? true : v === 'false' || v === '0' ? false : v), z.boolean({ error: 'must be true or false' }));
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** The schema for every option. Keys are the flags in camelCase. */
export const serverOptionsSchema = z.object({
  /** Default: 0.0.0.0 with auth configured, 127.0.0.1 in dev mode (its token endpoint is open: docs/server.md). */
  host: z.string().min(1).optional(),
  port: count(0, 65535).default(8080),
  path: z.string().regex(/^\/[^?#\s]*$/, 'must start with / and have no query').default(DEFAULT_WS_PATH),
  tokens,
  jwtSecret: z.string().min(16, 'must be at least 16 characters (HS256 needs a real secret)').optional(),
  jwksUrl: urlString.optional(),
  jwtIssuer: z.string().min(1).optional(),
  jwtAudience: z.string().min(1).optional(),
  introspectUrl: urlString.optional(),
  introspectCacheTtl: duration(0, 3_600_000).default(30_000),
  ticketTtl: duration(1000, 600_000).default(30_000),
  pingInterval: duration(100, 600_000).default(10_000),
  heartbeatTimeout: duration(100, 600_000).default(10_000),
  /** SSE fallback: a comment line on every stream this often (≤ 10 s: CDNs cut silent responses after 10–30 s; docs/sse-through-proxies.md). */
  sseHeartbeat: duration(100, 10_000).default(8000),
  maxMessage: bytes(64, 64 * 1024 * 1024).default(65_536),
  maxConnections: count(1, 10_000_000).default(10_000),
  maxConnectionsPerUser: count(1, 1_000_000).default(20),
  maxSubscriptions: count(1, 100_000).default(100),
  maxBuffered: bytes(1024, 1024 * 1024 * 1024).default(1_048_576),
  rateLimit: rate.default(20),
  rateBurst: count(1, 1_000_000).default(40),
  // A full node (10,000, the --max-connections default) back within 30 s after a restart, with
  // the client's jittered retries (docs/server.md "Limits"; the bench's storm at the defaults).
  admissionRate: rate.default(500),
  admissionBurst: count(1, 10_000_000).default(1000),
  allowedOrigins: list.default([]),
  drainWindow: duration(0, 3_600_000).default(10_000),
  drainTimeout: duration(0, 3_600_000).default(30_000),
  historySize: count(0, 1_000_000).default(100),
  historyTtl: duration(1000, 7 * 24 * 3_600_000).default(300_000),
  statsInterval: duration(0, 86_400_000).default(60_000),
  logLevel: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  broker: z
    .union([
      z.string().refine((s) => s === 'memory' || isRedisSpec(s), 'must be "memory" or a redis:// URL (rediss://, redis[s]+sentinel://, redis[s]+cluster://)'),
      z.custom<Broker>((v) => typeof v === 'object' && v !== null && typeof (v as Broker).publish === 'function', 'must be "memory", a redis:// URL or a Broker'),
    ])
    .default('memory'),
  brokerPrefix: z.string().min(1).max(100).optional(),
  brokerPresenceTtl: duration(1000, 3_600_000).optional(),
  nodeId: z.string().min(1).max(100).optional(),
  webRoot: z.string().min(1).optional(),
  trustProxy: z.preprocess((v) => (v === 'true' || v === '1' ? true : v === 'false' || v === '0' ? false : v), z.boolean()).default(true),
  // The server API and the backend hooks (docs/backend.md).
  apiKey: z.string().min(16, 'must be at least 16 characters').regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces').optional(),
  apiKeyFile: z.string().min(1).optional(),
  proxyUrl: urlString.optional(),
  proxyPublish: list.default([]),
  proxyConnect: flag.default(false),
  proxySubscribe: list.default([]),
  proxyTimeout: duration(10, 600_000).default(5000),
  proxySecret: z.string().min(16, 'must be at least 16 characters').optional(),
  proxyConcurrency: count(1, 100_000).default(256),
});

/** Options whose values are secrets: never echoed in an error, a log or a banner. */
export const SECRET_OPTIONS: readonly string[] = Object.freeze(['apiKey', 'proxySecret', 'jwtSecret', 'tokens']);

/** Options as `createServer()` takes them (durations in ms, sizes in bytes; strings allowed as on the CLI). */
export type ServerOptions = z.input<typeof serverOptionsSchema>;
/** Options after validation and defaults. */
export type ServerConfig = Omit<z.output<typeof serverOptionsSchema>, 'host'> & { host: string; devMode: boolean };

/** camelCase option → `--kebab-case` flag. */
export function flagOf(key: string): string {
  return `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}
/** camelCase option → `WSGATE_SNAKE_CASE` env name. */
export function envOf(key: string): string {
  return `WSGATE_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
}

/** Every option key, in schema order (for the CLI and the docs). */
export const OPTION_KEYS = Object.keys(serverOptionsSchema.shape) as Array<keyof typeof serverOptionsSchema.shape>;

/**
 * Validates options and fills in defaults.
 * @param sources optional: where each key came from (e.g. `WSGATE_PORT`) so errors can say so.
 * @throws ConfigError naming the flag
 * @example resolveConfig({ port: '0', tokens: 'tok-a:alice' })
 */
export function resolveConfig(options: ServerOptions | Record<string, unknown>, sources: Record<string, string> = {}): ServerConfig {
  const result = serverOptionsSchema.safeParse(options);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const key = String(issue.path[0] ?? '');
    const flag = key ? flagOf(key) : 'options';
    const from = sources[key] && sources[key] !== flag ? ` (from ${sources[key]})` : '';
    const raw = key ? (options as Record<string, unknown>)[key] : undefined;
    const shown = !SECRET_OPTIONS.includes(key) && (typeof raw === 'string' || typeof raw === 'number') ? ` "${String(raw)}"` : '';
    const message = issue.code === 'unrecognized_keys' ? `unknown option(s): ${issue.keys.join(', ')}` : issue.message;
    throw new ConfigError(flag, `${flag}${from}:${shown} ${message}`);
  }
  const cfg = result.data;
  if (cfg.heartbeatTimeout > 600_000) throw new ConfigError('--heartbeat-timeout', '--heartbeat-timeout: too long');
  const devMode = !cfg.tokens?.length && !cfg.jwtSecret && !cfg.jwksUrl && !cfg.introspectUrl;
  // Dev mode mints tokens for anyone who asks (POST /api/dev/token): only this machine may, unless --host says otherwise.
  const host = cfg.host ?? (devMode ? '127.0.0.1' : '0.0.0.0');
  return { ...cfg, host, apiKey: apiKeyOf(cfg, sources), devMode };
}

/** `--api-key` (or `WSGATE_API_KEY`), or the first line of `--api-key-file`; one of them at most. */
function apiKeyOf(cfg: z.output<typeof serverOptionsSchema>, sources: Record<string, string>): string | undefined {
  if (cfg.apiKeyFile === undefined) return cfg.apiKey;
  if (cfg.apiKey !== undefined) throw new ConfigError('--api-key-file', `--api-key-file: give the key once: ${sources.apiKey ?? '--api-key'} is set too`);
  let text: string;
  try {
    text = readFileSync(cfg.apiKeyFile, 'utf8');
  } catch (err) {
    throw new ConfigError('--api-key-file', `--api-key-file: cannot read "${cfg.apiKeyFile}": ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { cause: err });
  }
  const key = text.split(/\r?\n/)[0]!.trim();
  const checked = serverOptionsSchema.shape.apiKey.safeParse(key);
  if (!checked.success) throw new ConfigError('--api-key-file', `--api-key-file: the key in "${cfg.apiKeyFile}" ${checked.error.issues[0]!.message}`);
  return key;
}

/** Static tokens as a map token → user id. */
export function staticTokenMap(cfg: Pick<ServerConfig, 'tokens'>): Map<string, string> {
  const map = new Map<string, string>();
  for (const entry of cfg.tokens ?? []) {
    const i = entry.indexOf(':');
    map.set(entry.slice(0, i), entry.slice(i + 1));
  }
  return map;
}
