/**
 * The authenticator: tries each configured kind in turn — static and dev tokens (exact match),
 * JWT (HS256 secret or JWKS) for JWT-shaped tokens, then introspection — and turns every
 * failure into an `AuthError` whose `reason` labels `wsgate_auth_failures_total`.
 */
import { AuthError } from '../errors.js';
import type { Identity } from './identity.js';
import { Introspector } from './introspect.js';
import { JwtVerifier, looksLikeJwt } from './jwt.js';
import { StaticTokens } from './static.js';
import { TicketStore } from './tickets.js';

export interface AuthenticatorOptions {
  tokens?: Map<string, string>;
  jwtSecret?: string;
  jwksUrl?: string;
  jwtIssuer?: string;
  jwtAudience?: string;
  introspectUrl?: string;
  introspectCacheTtlMs: number;
  ticketTtlMs: number;
  /** No auth configured: tokens are minted by the server (banner, POST /api/dev/token). */
  devMode: boolean;
  now?: () => number;
}

/** Where a credential came from on the upgrade request. */
export type Credential = { kind: 'token'; value: string } | { kind: 'ticket'; value: string } | { kind: 'none' };

export class Authenticator {
  readonly staticTokens: StaticTokens;
  readonly devTokens: StaticTokens | undefined;
  readonly tickets: TicketStore;
  readonly jwt: JwtVerifier | undefined;
  readonly introspector: Introspector | undefined;
  readonly devMode: boolean;

  constructor(options: AuthenticatorOptions) {
    this.devMode = options.devMode;
    this.staticTokens = new StaticTokens(options.tokens ?? []);
    this.devTokens = options.devMode ? new StaticTokens([], 'dev') : undefined;
    this.tickets = new TicketStore(options.ticketTtlMs, options.now);
    this.jwt =
      options.jwtSecret || options.jwksUrl
        ? new JwtVerifier({ secret: options.jwtSecret, jwksUrl: options.jwksUrl, issuer: options.jwtIssuer, audience: options.jwtAudience })
        : undefined;
    this.introspector = options.introspectUrl ? new Introspector({ url: options.introspectUrl, cacheTtlMs: options.introspectCacheTtlMs, now: options.now }) : undefined;
  }

  /** Verifies a bearer token (not a ticket). */
  async verifyToken(token: string): Promise<Identity> {
    if (token.length === 0) throw new AuthError('missing', 'token missing');
    if (token.length > 8192) throw new AuthError('invalid', 'token too long');
    const fixed = this.staticTokens.verify(token) ?? this.devTokens?.verify(token);
    if (fixed) return fixed;
    if (this.jwt && looksLikeJwt(token)) {
      try {
        return await this.jwt.verify(token);
      } catch (err) {
        // A JWT-shaped opaque token may still be the introspection endpoint's to judge.
        if (!this.introspector || (err instanceof AuthError && err.reason === 'expired')) throw err;
      }
    }
    if (this.introspector) return this.introspector.verify(token);
    throw new AuthError('invalid', 'token invalid');
  }

  /** Verifies what the upgrade request carried. */
  async verify(credential: Credential): Promise<Identity> {
    if (credential.kind === 'none') throw new AuthError('missing', 'token missing');
    if (credential.kind === 'ticket') {
      const identity = this.tickets.consume(credential.value);
      if (!identity) throw new AuthError('ticket', 'ticket invalid, expired or already used');
      return identity;
    }
    return this.verifyToken(credential.value);
  }
}

/** Reads `?token=`, `?ticket=` or `Authorization: Bearer` from an upgrade request. */
export function credentialOf(url: URL, authorization: string | undefined): Credential {
  const ticket = url.searchParams.get('ticket');
  if (ticket) return { kind: 'ticket', value: ticket };
  const token = url.searchParams.get('token');
  if (token) return { kind: 'token', value: token };
  const bearer = bearerOf(authorization);
  if (bearer) return { kind: 'token', value: bearer };
  return { kind: 'none' };
}

/** The token in `Authorization: Bearer <token>`, or undefined. */
export function bearerOf(authorization: string | undefined): string | undefined {
  const m = /^\s*Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  return m?.[1];
}

export type { Identity, AuthKind } from './identity.js';
export { isValidUserId, USER_ID_PATTERN } from './identity.js';
export { StaticTokens } from './static.js';
export { TicketStore } from './tickets.js';
export { JwtVerifier, looksLikeJwt } from './jwt.js';
export { Introspector } from './introspect.js';
