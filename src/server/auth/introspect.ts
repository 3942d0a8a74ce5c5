/**
 * Opaque tokens checked against `--introspect-url`: `GET` with `Authorization: Bearer <token>`,
 * 200 = valid and the JSON body's `id` is the user. Answers are cached briefly (valid ones for
 * `--introspect-cache-ttl`, refusals for a few seconds) so a reconnect storm does not become an
 * introspection storm. Tokens are cached by their SHA-256, never in clear.
 */
import { createHash } from 'node:crypto';
import { AuthError } from '../errors.js';
import { isValidUserId, type Identity } from './identity.js';

export interface IntrospectOptions {
  url: string;
  cacheTtlMs: number;
  negativeTtlMs?: number;
  timeoutMs?: number;
  maxEntries?: number;
  now?: () => number;
  fetch?: typeof fetch;
}

type Cached = { identity: Identity; expires: number } | { error: AuthError; expires: number };

export class Introspector {
  private readonly cache = new Map<string, Cached>();
  private readonly inflight = new Map<string, Promise<Identity>>();
  private readonly now: () => number;
  /** Number of requests sent to the introspection endpoint (tests and metrics). */
  requests = 0;

  constructor(private readonly options: IntrospectOptions) {
    this.now = options.now ?? Date.now;
  }

  async verify(token: string): Promise<Identity> {
    const key = createHash('sha256').update(token).digest('base64url');
    const hit = this.cache.get(key);
    if (hit && hit.expires > this.now()) {
      if ('error' in hit) throw hit.error;
      return hit.identity;
    }
    const pending = this.inflight.get(key);
    if (pending) return pending;
    const p = this.lookup(token, key).finally(() => this.inflight.delete(key));
    this.inflight.set(key, p);
    return p;
  }

  private remember(key: string, value: Cached): void {
    if (this.cache.size >= (this.options.maxEntries ?? 10_000)) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    this.cache.set(key, value);
  }

  private async lookup(token: string, key: string): Promise<Identity> {
    this.requests++;
    const doFetch = this.options.fetch ?? fetch;
    let res: Response;
    try {
      res = await doFetch(this.options.url, {
        method: 'GET',
        headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 5000),
      });
    } catch (err) {
      throw new AuthError('unavailable', 'the introspection endpoint did not answer', { cause: err });
    }
    const negativeTtl = this.options.negativeTtlMs ?? 5000;
    if (res.status === 401 || res.status === 403 || res.status === 404) {
      await res.body?.cancel();
      const error = new AuthError('invalid', `token refused by the introspection endpoint (${res.status})`);
      this.remember(key, { error, expires: this.now() + negativeTtl });
      throw error;
    }
    if (res.status !== 200) {
      await res.body?.cancel();
      throw new AuthError('unavailable', `the introspection endpoint answered ${res.status}`);
    }
    let body: Record<string, unknown>;
    try {
      body = (await res.json()) as Record<string, unknown>;
    } catch (err) {
      throw new AuthError('unavailable', 'the introspection endpoint answered with invalid JSON', { cause: err });
    }
    if (body.active === false) {
      const error = new AuthError('invalid', 'token is not active');
      this.remember(key, { error, expires: this.now() + negativeTtl });
      throw error;
    }
    const user = body.user as Record<string, unknown> | undefined;
    const raw = body.id ?? body.sub ?? user?.id;
    const userId = typeof raw === 'number' ? String(raw) : raw;
    if (!isValidUserId(userId)) throw new AuthError('unavailable', 'the introspection answer has no usable "id"');
    const exp = typeof body.exp === 'number' ? body.exp * 1000 : undefined;
    const identity: Identity = { userId, kind: 'introspect', ...(exp !== undefined ? { expiresAt: exp } : {}) };
    this.remember(key, { identity, expires: Math.min(this.now() + this.options.cacheTtlMs, exp ?? Infinity) });
    return identity;
  }
}
