/**
 * Static tokens (`--tokens tok:alice,…`) and, in dev mode, tokens the server mints itself
 * (the banner's token and `POST /api/dev/token`). Both are exact lookups in a map.
 */
import { randomBytes } from 'node:crypto';
import type { Identity } from './identity.js';

export class StaticTokens {
  private readonly tokens = new Map<string, string>();

  constructor(
    entries: Iterable<[string, string]> = [],
    readonly kind: 'static' | 'dev' = 'static',
  ) {
    for (const [token, userId] of entries) this.tokens.set(token, userId);
  }

  get size(): number {
    return this.tokens.size;
  }

  verify(token: string): Identity | null {
    const userId = this.tokens.get(token);
    if (userId === undefined) return null;
    return { userId, kind: this.kind };
  }

  /** Mints a random token for `userId` (dev mode). Reuses nothing; a user may hold several. */
  issue(userId: string): string {
    const token = `dev_${randomBytes(18).toString('base64url')}`;
    this.tokens.set(token, userId);
    return token;
  }
}
