/**
 * Parsing `--broker` specs for the Redis engine into connection settings for ioredis.
 *
 *   redis://[user:pass@]host[:6379][/db]             one Redis (also rediss:// for TLS)
 *   redis+sentinel://[user:pass@]h1:26379,h2:26379/<master>[/db][?sentinelPassword=…]
 *   redis+cluster://[user:pass@]h1:7000,h2:7001      Redis Cluster (keys share a hash tag per channel)
 *
 * Pure: no I/O, so bad specs are caught before anything connects.
 */

export type RedisTopology =
  | { mode: 'standalone'; host: string; port: number; db: number; username?: string; password?: string; tls: boolean }
  | {
      mode: 'sentinel';
      sentinels: Array<{ host: string; port: number }>;
      name: string;
      db: number;
      username?: string;
      password?: string;
      sentinelPassword?: string;
      tls: boolean;
    }
  | { mode: 'cluster'; nodes: Array<{ host: string; port: number }>; username?: string; password?: string; tls: boolean };

/** A `--broker` value the Redis engine cannot use. The message says what is wrong and shows the forms. */
export class RedisUrlError extends Error {
  override readonly name = 'RedisUrlError';
  readonly code = 'BAD_BROKER_URL';
  constructor(spec: string, why: string) {
    super(
      `invalid --broker "${redact(spec)}": ${why} (use redis://host:6379[/db], rediss://…, ` +
        'redis+sentinel://host:26379[,host:port…]/<master>[/db] or redis+cluster://host:7000[,host:port…])',
    );
  }
}

/** A Redis broker setting other than the URL is unusable; the message names the flag. */
export class RedisSettingError extends Error {
  override readonly name = 'RedisSettingError';
  readonly code = 'BAD_BROKER_SETTING';
  constructor(flag: string, why: string) {
    super(`${flag}: ${why}`);
  }
}

/** Every scheme the Redis engine takes; `rediss…` is the same over TLS. The one list (config.ts and broker/index.ts ask `isRedisSpec`). */
export const REDIS_SCHEMES = ['redis', 'rediss', 'redis+sentinel', 'rediss+sentinel', 'redis+cluster', 'rediss+cluster'] as const;

/** True when `spec` names the Redis engine (any of REDIS_SCHEMES). */
export function isRedisSpec(spec: string): boolean {
  const m = /^([a-z+]+):\/\//i.exec(spec.trim());
  return m !== null && (REDIS_SCHEMES as readonly string[]).includes(m[1]!.toLowerCase());
}

/** Hides the password of a spec for messages and logs. */
export function redact(spec: string): string {
  return spec.replace(/^([a-z+]+:\/\/)([^@/]*)@/i, (_m, scheme: string, auth: string) => {
    const colon = auth.indexOf(':');
    return colon >= 0 ? `${scheme}${auth.slice(0, colon)}:***@` : `${scheme}***@`;
  });
}

function hostPort(spec: string, text: string, defaultPort: number): { host: string; port: number } {
  const m = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d+))?$/i.exec(text);
  if (!m || !m[1]) throw new RedisUrlError(spec, `"${text}" is not host[:port]`);
  const port = m[2] === undefined ? defaultPort : Number(m[2]);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new RedisUrlError(spec, `port "${m[2] ?? ''}" is out of range`);
  return { host: m[1].replace(/^\[|\]$/g, ''), port };
}

function parseDb(spec: string, text: string | undefined): number {
  if (text === undefined || text === '') return 0;
  if (!/^\d+$/.test(text)) throw new RedisUrlError(spec, `database "${text}" is not a number`);
  return Number(text);
}

/**
 * Parses a Redis broker spec.
 *
 * @example parseRedisUrl('redis://127.0.0.1:6379/2') // { mode: 'standalone', host: '127.0.0.1', port: 6379, db: 2, tls: false }
 */
export function parseRedisUrl(spec: string): RedisTopology {
  const m = /^([a-z+]+):\/\/(?:([^@/]*)@)?([^/?#]*)(\/[^?#]*)?(?:\?([^#]*))?$/i.exec(spec.trim());
  if (!m) throw new RedisUrlError(spec, 'not a URL');
  const scheme = (m[1] ?? '').toLowerCase();
  const auth = m[2];
  const hosts = m[3] ?? '';
  const path = (m[4] ?? '').replace(/^\//, '');
  const query = new URLSearchParams(m[5] ?? '');
  let username: string | undefined;
  let password: string | undefined;
  if (auth !== undefined && auth !== '') {
    const colon = auth.indexOf(':');
    if (colon >= 0) {
      username = decodeURIComponent(auth.slice(0, colon)) || undefined;
      password = decodeURIComponent(auth.slice(colon + 1));
    } else {
      password = decodeURIComponent(auth);
    }
  }
  const creds = { ...(username !== undefined ? { username } : {}), ...(password !== undefined ? { password } : {}) };
  const tls = scheme.startsWith('rediss');
  if (hosts === '') throw new RedisUrlError(spec, 'no host');

  switch (scheme) {
    case 'redis':
    case 'rediss': {
      if (hosts.includes(',')) throw new RedisUrlError(spec, 'several hosts need redis+sentinel:// or redis+cluster://');
      if (path.includes('/')) throw new RedisUrlError(spec, `path "/${path}" is not a database number`);
      return { mode: 'standalone', ...hostPort(spec, hosts, 6379), db: parseDb(spec, path), ...creds, tls };
    }
    case 'redis+sentinel':
    case 'rediss+sentinel': {
      const [name, db, ...rest] = path.split('/');
      if (!name) throw new RedisUrlError(spec, 'the sentinel master name is missing (…/<master>)');
      if (rest.length) throw new RedisUrlError(spec, 'too many path segments');
      const sentinelPassword = query.get('sentinelPassword') ?? undefined;
      return {
        mode: 'sentinel',
        sentinels: hosts.split(',').map((h) => hostPort(spec, h, 26379)),
        name: decodeURIComponent(name),
        db: parseDb(spec, db),
        ...creds,
        ...(sentinelPassword !== undefined ? { sentinelPassword } : {}),
        tls,
      };
    }
    case 'redis+cluster':
    case 'rediss+cluster': {
      if (path !== '') throw new RedisUrlError(spec, 'Redis Cluster has no databases; drop the path');
      return { mode: 'cluster', nodes: hosts.split(',').map((h) => hostPort(spec, h, 6379)), ...creds, tls };
    }
    default:
      throw new RedisUrlError(spec, `unknown scheme "${scheme}:"`);
  }
}
