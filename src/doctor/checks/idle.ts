/**
 * Step 9 (--idle), the idle probe: hold a silent connection up to --idle and measure when the
 * path cuts it (the guide's "Cloudflare 100 s"); then check that a heartbeat at half that
 * interval keeps a second connection alive past the cut.
 */
import { PING_TEXT } from '../../protocol/index.js';
import type { RawFinding } from '../../findings/index.js';
import type { Check, CheckContext, WsSession } from '../types.js';
import { tightestKnownLimit } from '../../knowledge/index.js';
import { pathTarget } from './target.js';

const TICK_MS = 1000;

/** Waits on a session until it closes or `holdMs` pass, sending `ping` every `everyMs` if set. */
async function hold(ctx: CheckContext, session: WsSession, holdMs: number, label: string, everyMs?: number): Promise<{ closedAfterMs: number | null; closeCode?: number }> {
  const { io, plan } = ctx;
  const start = io.clock.now();
  let lastPing = start;
  for (;;) {
    const elapsed = io.clock.now() - start;
    if (elapsed >= holdMs) return { closedAfterMs: null };
    let wait = Math.min(TICK_MS, holdMs - elapsed);
    if (everyMs !== undefined) wait = Math.min(wait, Math.max(0, lastPing + everyMs - io.clock.now()));
    const ev = wait > 0 ? await session.next(wait) : ({ type: 'timeout' } as const);
    if (ev.type === 'close') return { closedAfterMs: Math.round(io.clock.now() - start), closeCode: ev.code };
    if (everyMs !== undefined && io.clock.now() - lastPing >= everyMs) {
      session.send(PING_TEXT);
      lastPing = io.clock.now();
    }
    io.progress({ path: plan.name, check: 'idle', message: label, elapsedMs: io.clock.now() - start, totalMs: holdMs });
  }
}

export const idleCheck: Check = {
  id: 'idle',
  title: 'Idle cut',
  dependsOn: ['upgrade'],
  reads: ['cdn', 'app'],
  async run(ctx) {
    const { io, options, facts } = ctx;
    const idleMs = options.idleMs;
    if (idleMs === undefined) {
      // Not measured: still judge the advertised heartbeat against the known defaults.
      const known = tightestKnownLimit(facts.cdn?.provider, facts.proxy);
      const interval = facts.hello?.interval;
      if (known && typeof interval === 'number' && interval >= known.limitMs) {
        return {
          status: 'warn',
          findings: [{ code: 'HEARTBEAT_OVER_CDN_LIMIT', data: { heartbeatIntervalMs: interval, limitMs: known.limitMs, hop: known.hop, ...(known.note ? { note: known.note } : {}) } }],
          summary: `not measured; heartbeat ${interval} ms ≥ ${known.hop}'s ${known.limitMs} ms default (use --idle to measure)`,
        };
      }
      return { status: 'skip', findings: [], summary: 'not measured (use --idle 120s)' };
    }
    if (facts.earlyClose) return { status: 'skip', findings: [], summary: 'the connection does not stay open' };
    const first = await io.ws.open(pathTarget(ctx), options.timeoutMs);
    if (!first.ok) return { status: 'skip', findings: [], summary: `could not open: ${first.error.message}` };
    let cut: Awaited<ReturnType<typeof hold>>;
    try {
      cut = await hold(ctx, first.session, idleMs, 'silent connection');
    } finally {
      first.session.close();
    }
    if (cut.closedAfterMs === null) {
      return { status: 'pass', findings: [], facts: { idle: { closedAfterMs: null, heldMs: idleMs } }, summary: `a silent connection lived ${Math.round(idleMs / 1000)} s without a cut` };
    }
    const closedAfterMs = cut.closedAfterMs;
    const closeCode = cut.closeCode ?? 1006;
    const findings: RawFinding[] = [{ code: 'IDLE_TIMEOUT', data: { closedAfterMs, closeCode } }];
    const advertised = facts.hello?.interval;
    if (typeof advertised === 'number' && advertised >= closedAfterMs) {
      findings.push({ code: 'HEARTBEAT_INSUFFICIENT', data: { heartbeatIntervalMs: advertised, closedAfterMs } });
    }
    // Now prove the remedy: a heartbeat at half the cut should outlive it.
    const every = Math.max(100, Math.floor(closedAfterMs / 2));
    // Without the pings the second connection would die at the cut again; living a quarter
    // past it (at least 1 s) shows the pings reset the hop's idle timer.
    const holdMs = closedAfterMs + Math.max(1000, Math.floor(closedAfterMs / 4));
    const second = await io.ws.open(pathTarget(ctx), options.timeoutMs);
    let heartbeatSurvived: boolean | undefined;
    if (second.ok) {
      try {
        const r = await hold(ctx, second.session, holdMs, `heartbeat every ${every} ms`, every);
        heartbeatSurvived = r.closedAfterMs === null;
        if (!heartbeatSurvived) findings.push({ code: 'LIFETIME_LIMIT', data: { heartbeatIntervalMs: every, closedAfterMs: r.closedAfterMs, closeCode: r.closeCode ?? 1006 } });
      } finally {
        second.session.close();
      }
    }
    const idle = { closedAfterMs, closeCode, heldMs: idleMs, heartbeatIntervalMs: every, ...(heartbeatSurvived !== undefined ? { heartbeatSurvived } : {}) };
    const hb = heartbeatSurvived === undefined ? '' : heartbeatSurvived ? `; a ${every} ms heartbeat kept one alive ${Math.round(holdMs / 100) / 10} s` : `; a ${every} ms heartbeat did not help`;
    return {
      status: findings.some((f) => f.code !== 'IDLE_TIMEOUT') ? 'fail' : 'warn',
      findings,
      facts: { idle },
      summary: `silent connection cut after ${(closedAfterMs / 1000).toFixed(1)} s (${closeCode})${hb}`,
    };
  },
};
