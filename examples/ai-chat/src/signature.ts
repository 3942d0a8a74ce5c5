/**
 * Verifying wsgate's hook signature (`--proxy-secret`): `X-Wsgate-Signature: sha256=<hex>`,
 * the HMAC-SHA256 of the raw request body. Compare before parsing, in constant time.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export function verifySignature(secret: string, body: Buffer, header: string | undefined): boolean {
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(body).digest('hex')}`);
  const given = Buffer.from(header ?? '');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
