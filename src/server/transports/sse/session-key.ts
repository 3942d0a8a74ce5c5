/**
 * The send key of an SSE session (docs/protocol.md "SSE fallback"): `<node>.<session>.<secret>`,
 * given to the client on its stream only. The node part lets any node route a send to the
 * owner without a lookup (docs/scaling.md "Sessions across nodes"); the secret is what proves a
 * POST belongs to the stream's owner, so a send needs no token (the token was checked once, on
 * the stream).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';

export interface SessionKey {
  node: string;
  session: string;
  secret: string;
}

/** A fresh secret: 144 random bits, base64url. */
export function newSecret(): string {
  return randomBytes(18).toString('base64url');
}

export function formatSessionKey(k: SessionKey): string {
  return `${Buffer.from(k.node).toString('base64url')}.${k.session}.${k.secret}`;
}

/** Parses a key; undefined when it is not one (wrong shape, empty parts). */
export function parseSessionKey(text: string): SessionKey | undefined {
  const m = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/.exec(text.trim());
  if (!m) return undefined;
  return { node: Buffer.from(m[1]!, 'base64url').toString(), session: m[2]!, secret: m[3]! };
}

/** Compares secrets in constant time. */
export function secretMatches(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
