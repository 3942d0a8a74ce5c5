/**
 * JWT tokens through `jose`: HS256 with `--jwt-secret`, and asymmetric keys (RS256, ES256, …)
 * from `--jwks-url` (fetched and cached by jose's remote key set). The user is the `sub` claim.
 */
import { createRemoteJWKSet, decodeProtectedHeader, errors, jwtVerify, type JWTPayload } from 'jose';
import { AuthError } from '../errors.js';
import { isValidUserId, type Identity } from './identity.js';

export interface JwtOptions {
  secret?: string;
  jwksUrl?: string;
  issuer?: string;
  audience?: string;
}

/** True for something shaped like a compact JWS (three base64url parts). */
export function looksLikeJwt(token: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(token);
}

export class JwtVerifier {
  private readonly secret: Uint8Array | undefined;
  private readonly jwks: ReturnType<typeof createRemoteJWKSet> | undefined;

  constructor(private readonly options: JwtOptions) {
    this.secret = options.secret ? new TextEncoder().encode(options.secret) : undefined;
    this.jwks = options.jwksUrl ? createRemoteJWKSet(new URL(options.jwksUrl), { timeoutDuration: 5000, cooldownDuration: 10_000, cacheMaxAge: 600_000 }) : undefined;
  }

  async verify(token: string): Promise<Identity> {
    let alg: string | undefined;
    try {
      alg = decodeProtectedHeader(token).alg;
    } catch (err) {
      throw new AuthError('invalid', 'token is not a valid JWT', { cause: err });
    }
    const symmetric = typeof alg === 'string' && alg.startsWith('HS');
    const verifyOpts = { issuer: this.options.issuer, audience: this.options.audience, clockTolerance: 5 };
    let payload: JWTPayload;
    let kind: Identity['kind'];
    try {
      if (symmetric) {
        if (!this.secret) throw new AuthError('invalid', `JWT signed with ${alg} but no --jwt-secret is configured`);
        ({ payload } = await jwtVerify(token, this.secret, { ...verifyOpts, algorithms: ['HS256', 'HS384', 'HS512'] }));
        kind = 'jwt';
      } else {
        if (!this.jwks) throw new AuthError('invalid', `JWT signed with ${alg ?? 'no alg'} but no --jwks-url is configured`);
        ({ payload } = await jwtVerify(token, this.jwks, verifyOpts));
        kind = 'jwks';
      }
    } catch (err) {
      if (err instanceof AuthError) throw err;
      if (err instanceof errors.JWTExpired) throw new AuthError('expired', 'token expired', { cause: err });
      // The key set could not be fetched or read (timeout, non-200, not JSON, not a JWKS): not the caller's fault.
      if (!symmetric && (err instanceof errors.JWKSTimeout || err instanceof errors.JWKSInvalid || (err instanceof errors.JOSEError && err.code === 'ERR_JOSE_GENERIC'))) {
        throw new AuthError('unavailable', `the JWKS endpoint failed: ${err.message}`, { cause: err });
      }
      if (err instanceof errors.JOSEError) throw new AuthError('invalid', `token rejected: ${err.code}`, { cause: err });
      // fetch failures (JWKS server down) are not the caller's fault.
      throw new AuthError('unavailable', 'could not fetch signing keys', { cause: err });
    }
    const userId = payload.sub ?? (payload as Record<string, unknown>).uid ?? (payload as Record<string, unknown>).id;
    if (!isValidUserId(userId)) throw new AuthError('invalid', 'token has no usable "sub" claim');
    return { userId, kind, ...(payload.exp !== undefined ? { expiresAt: payload.exp * 1000 } : {}) };
  }
}
