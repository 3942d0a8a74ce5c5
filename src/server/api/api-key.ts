/**
 * The server API's key check (docs/backend.md): `Authorization: apikey <key>`, compared in
 * constant time. Both sides are hashed first, so neither the length nor any prefix of the key
 * shows in the time a wrong guess takes.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();

/** The key an `Authorization` header carries, or null (scheme `apikey`, any case). */
export function apiKeyOf(header: string | undefined): string | null {
  const m = /^\s*apikey\s+(\S+)\s*$/i.exec(header ?? '');
  return m ? m[1]! : null;
}

/** A checker for one configured key. */
export function keyChecker(expected: string): (given: string | null) => boolean {
  const want = digest(expected);
  return (given) => given !== null && timingSafeEqual(digest(given), want);
}
