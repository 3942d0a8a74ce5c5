/**
 * Step 5b, the SSE fallback: when the upgrade failed on this path, do what a wsgate client does
 * next (docs/protocol.md "SSE fallback") through the same address, Host and SNI, and say whether
 * the chat still works here (FALLBACK_WORKS), is held back by a buffering or compressing hop
 * (FALLBACK_BUFFERED), or cannot fall back either (FALLBACK_UNAVAILABLE).
 *
 * A held-back stream is looked at twice: as a browser asks (gzip, deflate, br) and asking for
 * no compression. If only the second one flows, compression is the cause, even when the
 * compressing hop held back the response head too, so no `Content-Encoding` was ever seen.
 */
import type { Check, CheckOutcome, SseProbeResult } from '../types.js';
import { pathTarget } from './target.js';

/** A ping's reply slower than this on the stream means a hop holds events back (a direct reply takes a few ms). */
export const BUFFERED_AFTER_MS = 500;
/** How long the probe waits for hello, then for the pong. */
const WAIT_MS = 3000;

/** The upgrade failures a path causes (not the credentials, not a wrong scheme). */
const PATH_BLOCKS = new Set(['HANDSHAKE_REJECTED', 'HANDSHAKE_TIMEOUT', 'HANDSHAKE_NO_RESPONSE', 'HANDSHAKE_INVALID_ACCEPT']);

type Stage = 'headers' | 'hello' | 'reply';

/** Where a probe got stuck, or null when events flowed promptly. */
function heldAt(r: SseProbeResult): { stage: Stage; delayMs: number | null } | null {
  if (!r.ok) return r.error.code === 'TIMEOUT' ? { stage: 'headers', delayMs: null } : null;
  if (r.status !== 200 || !/text\/event-stream/i.test(r.headers['content-type'] ?? '')) return null;
  if (r.helloMs === null) return { stage: 'hello', delayMs: null };
  if (r.pongMs === null) return { stage: 'reply', delayMs: null };
  if (r.pongMs > BUFFERED_AFTER_MS) return { stage: 'reply', delayMs: Math.round(r.pongMs) };
  return null;
}

const round = (ms: number | null): number | null => (ms === null ? null : Math.round(ms));

export const fallbackCheck: Check = {
  id: 'fallback',
  title: 'SSE fallback',
  dependsOn: ['tcp', 'tls'],
  // It runs only when the upgrade failed, so it reads the upgrade's outcome without depending on it.
  reads: ['upgrade'],
  async run(ctx): Promise<CheckOutcome> {
    const upgrade = ctx.outcomes.get('upgrade');
    if (upgrade?.status !== 'fail' || !upgrade.findings.some((f) => PATH_BLOCKS.has(f.code))) {
      return { status: 'skip', findings: [], summary: 'not needed: the upgrade was not blocked by the path' };
    }
    const target = pathTarget(ctx);
    const { timeoutMs } = ctx.options;
    const r = await ctx.io.sse.probe(target, timeoutMs, WAIT_MS);
    const held = heldAt(r);
    const plain = held ? await ctx.io.sse.probe(target, timeoutMs, WAIT_MS, { compress: false }) : undefined;
    const plainFlows = plain !== undefined && plain.ok && plain.status === 200 && !heldAt(plain);
    // No response head at all is a hold only if the uncompressed stream flows; else the path is just down.
    if (held && (held.stage !== 'headers' || plainFlows)) {
      const encoding = r.ok ? r.headers['content-encoding'] : undefined;
      const cause = plainFlows || (encoding && encoding !== 'identity') ? 'compression' : 'buffering';
      const waitMs = r.ok ? r.waitMs : timeoutMs;
      const data = { ...held, waitMs, cause, ...(encoding ? { contentEncoding: encoding } : {}), ...(plain?.ok && plain.pongMs !== null ? { uncompressedPongMs: round(plain.pongMs) } : {}) };
      const facts = { fallback: { status: r.ok ? r.status : 0, helloMs: r.ok ? round(r.helloMs) : null, pongMs: r.ok ? round(r.pongMs) : null, ...(encoding ? { contentEncoding: encoding } : {}) } };
      const what = held.delayMs === null ? `no ${held.stage === 'reply' ? 'pong' : held.stage} within ${waitMs} ms` : `pong after ${held.delayMs} ms`;
      return { status: 'fail', findings: [{ code: 'FALLBACK_BUFFERED', data }], facts, summary: `${what} (${cause})` };
    }
    if (!r.ok) {
      return { status: 'fail', findings: [{ code: 'FALLBACK_UNAVAILABLE', data: { error: r.error.message } }], summary: r.error.message };
    }
    const contentEncoding = r.headers['content-encoding'];
    const facts = { fallback: { status: r.status, helloMs: round(r.helloMs), pongMs: round(r.pongMs), ...(contentEncoding ? { contentEncoding } : {}) } };
    if (r.status !== 200 || !/text\/event-stream/i.test(r.headers['content-type'] ?? '')) {
      return { status: 'fail', findings: [{ code: 'FALLBACK_UNAVAILABLE', data: { status: r.status } }], facts, summary: `stream request got HTTP ${r.status}` };
    }
    if (r.sendStatus !== undefined && (r.sendStatus < 200 || r.sendStatus > 299)) {
      return { status: 'fail', findings: [{ code: 'FALLBACK_UNAVAILABLE', data: { status: r.sendStatus, send: true } }], facts, summary: `the stream opened; the send got HTTP ${r.sendStatus}` };
    }
    return { status: 'warn', findings: [{ code: 'FALLBACK_WORKS', data: { pongMs: round(r.pongMs) } }], facts, summary: `SSE works: hello in ${round(r.helloMs)} ms, ping → pong in ${round(r.pongMs)} ms` };
  },
};
