/**
 * Step 5b, the SSE fallback: when the upgrade failed on this path, do what a wsgate client does
 * next (docs/protocol.md "SSE fallback") through the same address, Host and SNI, and say whether
 * the chat still works here (FALLBACK_WORKS), works but is held back by a buffering or
 * compressing hop (FALLBACK_BUFFERED), or cannot fall back either (FALLBACK_UNAVAILABLE).
 */
import type { RawFinding } from '../../findings/index.js';
import type { Check, CheckOutcome } from '../types.js';
import { pathTarget } from './target.js';

/** A ping's reply slower than this on the stream means a hop holds events back (a direct reply takes a few ms). */
export const BUFFERED_AFTER_MS = 500;
/** How long the probe waits for hello, then for the pong. */
const WAIT_MS = 3000;

/** The upgrade failures a path causes (not the credentials, not a wrong scheme). */
const PATH_BLOCKS = new Set(['HANDSHAKE_REJECTED', 'HANDSHAKE_TIMEOUT', 'HANDSHAKE_NO_RESPONSE', 'HANDSHAKE_INVALID_ACCEPT']);

export const fallbackCheck: Check = {
  id: 'fallback',
  title: 'SSE fallback',
  dependsOn: ['tcp', 'tls'],
  async run(ctx): Promise<CheckOutcome> {
    const upgrade = ctx.outcomes.get('upgrade');
    if (upgrade?.status !== 'fail' || !upgrade.findings.some((f) => PATH_BLOCKS.has(f.code))) {
      return { status: 'skip', findings: [], summary: 'not needed: the upgrade was not blocked by the path' };
    }
    const r = await ctx.io.sse.probe(pathTarget(ctx), ctx.options.timeoutMs, WAIT_MS);
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
    const cause = contentEncoding && contentEncoding !== 'identity' ? 'compression' : 'buffering';
    const held = (stage: 'hello' | 'reply', delayMs: number | null): CheckOutcome => {
      const data = { delayMs, waitMs: r.waitMs, stage, cause, ...(contentEncoding ? { contentEncoding } : {}) };
      const findings: RawFinding[] = [{ code: 'FALLBACK_BUFFERED', data }];
      return { status: 'fail', findings, facts, summary: delayMs === null ? `no ${stage === 'hello' ? 'hello' : 'pong'} within ${r.waitMs} ms` : `pong after ${delayMs} ms` };
    };
    if (r.helloMs === null) return held('hello', null);
    if (r.pongMs === null) return held('reply', null);
    if (r.pongMs > BUFFERED_AFTER_MS) return held('reply', round(r.pongMs));
    return { status: 'warn', findings: [{ code: 'FALLBACK_WORKS', data: { pongMs: round(r.pongMs) } }], facts, summary: `SSE works: hello in ${round(r.helloMs)} ms, ping → pong in ${round(r.pongMs)} ms` };
  },
};

function round(ms: number | null): number | null {
  return ms === null ? null : Math.round(ms);
}
