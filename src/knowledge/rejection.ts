/** Why an upgrade was refused, read off the HTTP status and body of the answer. */

/**
 * Why a non-101 answer happened. 400/426 (or a 200 page) mean the request arrived as a plain
 * GET: a hop dropped the Upgrade header (wsgate serve answers 426 to a plain GET on its path).
 *
 * @example
 * rejectionCause(426) // 'upgrade-not-forwarded'
 */
export function rejectionCause(status: number, body = ''): string {
  // HAProxy answers 503 "No server is available" when its backend is down: a gateway failure.
  if (status === 503 && /No server is available to handle this request/i.test(body)) return 'bad-gateway';
  if (status === 400 || status === 426 || (status >= 200 && status < 300)) return 'upgrade-not-forwarded';
  if (status === 502 || status === 504 || (status >= 520 && status <= 526) || status === 530) return 'bad-gateway';
  if (status === 404) return 'not-found';
  if (status === 403) return 'forbidden';
  if (status === 503) return 'unavailable';
  if (status === 405) return 'method-not-allowed';
  return 'other';
}
