/**
 * Step 9 (--idle), the idle probe: hold a silent connection up to --idle and measure when the
 * path cuts it (the guide's "Cloudflare 100 s"), as the silence before the cut from the socket's
 * own stamps, with how late the doctor's loop may have made them; then check that a heartbeat at
 * half that interval keeps a second connection alive past the cut.
 */
import { PING_TEXT } from '../../protocol/index.js';
import type { RawFinding } from '../../findings/index.js';
import type { Check, CheckContext, WsSession } from '../types.js';
import { tightestKnownLimit } from '../../knowledge/index.js';
import { pathTarget } from './target.js';
import { LAZY_TIMER_MS } from '../context/socket-timing.js';

const TICK_MS = 1000;
/** A heartbeat connection cut after this share of the idle cut in silence was cut for idleness. */
const IDLE_AGAIN_SHARE = 0.75;

interface Held {
  /** How the socket ended within the hold, or null when it lived through it. */
  cut: { closeCode: number; silentMs: number; openForMs: number; uncertaintyMs: number; lazyTimerMs: number } | null;
  longestSilenceMs: number;
  loopLagMs: number;
}

/**
 * Waits on a session until it closes or `holdMs` pass, sending `ping` every `everyMs` if set.
 * The loop only waits and reports progress; what happened is read from the socket's own time
 * stamps (docs/doctor.md "How the idle cut is timed"), so a late loop cannot lengthen a cut.
 */
async function hold(ctx: CheckContext, session: WsSession, holdMs: number, label: string, everyMs?: number): Promise<Held> {
  const { io, plan } = ctx;
  const start = io.clock.now();
  let lastPing = start;
  let closeCode: number | undefined;
  for (;;) {
    const elapsed = io.clock.now() - start;
    if (elapsed >= holdMs) break;
    let wait = Math.min(TICK_MS, holdMs - elapsed);
    if (everyMs !== undefined) wait = Math.min(wait, Math.max(0, lastPing + everyMs - io.clock.now()));
    const ev = wait > 0 ? await session.next(wait) : ({ type: 'timeout' } as const);
    if (ev.type === 'close') {
      closeCode = ev.code;
      break;
    }
    if (everyMs !== undefined && io.clock.now() - lastPing >= everyMs) {
      session.send(PING_TEXT);
      lastPing = io.clock.now();
    }
    io.progress({ path: plan.name, check: 'idle', message: label, elapsedMs: io.clock.now() - start, totalMs: holdMs });
  }
  const t = session.timing();
  const held = { longestSilenceMs: Math.round(t.longestSilenceMs), loopLagMs: Math.round(t.maxLoopLagMs) };
  // A socket that ended within the hold was cut, even when the loop noticed only after it.
  if (t.closedAt === undefined || t.closedAt - t.openedAt > holdMs) return { cut: null, ...held };
  // Traffic soon after earlier traffic may not have restarted a lazy timer (nginx): the hop may
  // have counted the silence from the earlier traffic, so the cut may be that much longer.
  const lazyTimerMs = Math.round(t.lastTrafficAt - (t.lazyRestartAt ?? t.lastTrafficAt));
  return {
    cut: {
      closeCode: closeCode ?? 1006,
      silentMs: Math.round(t.closedAt - t.lastTrafficAt),
      openForMs: Math.round(t.closedAt - t.openedAt),
      uncertaintyMs: Math.ceil(Math.max(t.closedStaleMs ?? 0, t.lastTrafficStaleMs)) + lazyTimerMs,
      lazyTimerMs,
    },
    ...held,
  };
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
    let silent: Held;
    try {
      silent = await hold(ctx, first.session, idleMs, 'silent connection');
    } finally {
      first.session.close();
    }
    if (silent.cut === null) {
      const busy = silent.longestSilenceMs < idleMs * IDLE_AGAIN_SHARE ? ` (the server's own traffic kept the longest silence to ${(silent.longestSilenceMs / 1000).toFixed(1)} s)` : '';
      return {
        status: 'pass',
        findings: [],
        facts: { idle: { closedAfterMs: null, heldMs: idleMs, longestSilenceMs: silent.longestSilenceMs, loopLagMs: silent.loopLagMs } },
        summary: `a silent connection lived ${Math.round(idleMs / 1000)} s without a cut${busy}`,
      };
    }
    // The cut is the silence before it: a server ping meanwhile restarts the hop's idle timer.
    const { silentMs: closedAfterMs, closeCode, openForMs, uncertaintyMs: cutUncertaintyMs, lazyTimerMs } = silent.cut;
    const lazy = lazyTimerMs > 0 ? { lazyTimerMs } : {};
    const timingData = { openForMs, cutUncertaintyMs, ...lazy, loopLagMs: silent.loopLagMs };
    const findings: RawFinding[] = [{ code: 'IDLE_TIMEOUT', data: { closedAfterMs, closeCode, ...timingData } }];
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
    let heartbeatLateMs: number | undefined;
    let loopLagMs = silent.loopLagMs;
    if (second.ok) {
      try {
        const r = await hold(ctx, second.session, holdMs, `heartbeat every ${every} ms`, every);
        loopLagMs = Math.max(loopLagMs, r.loopLagMs);
        if (r.cut === null) heartbeatSurvived = true;
        else if (r.cut.silentMs >= closedAfterMs * IDLE_AGAIN_SHARE) {
          // Silent for about the idle cut: the doctor's own pings went out late (a busy
          // machine), so this proves nothing either way.
          heartbeatLateMs = Math.max(0, r.cut.silentMs - every);
        } else {
          heartbeatSurvived = false;
          findings.push({ code: 'LIFETIME_LIMIT', data: { heartbeatIntervalMs: every, closedAfterMs: r.cut.openForMs, closeCode: r.cut.closeCode, silentMs: r.cut.silentMs, loopLagMs: r.loopLagMs } });
        }
      } finally {
        second.session.close();
      }
    }
    const idle = {
      closedAfterMs,
      closeCode,
      heldMs: idleMs,
      heartbeatIntervalMs: every,
      ...(heartbeatSurvived !== undefined ? { heartbeatSurvived } : {}),
      ...(heartbeatLateMs !== undefined ? { heartbeatLateMs } : {}),
      openForMs,
      cutUncertaintyMs,
      ...lazy,
      loopLagMs,
    };
    const hb =
      heartbeatLateMs !== undefined
        ? `; the ${every} ms heartbeat proof is void: the doctor's own pings went out ${heartbeatLateMs} ms late (a busy machine)`
        : heartbeatSurvived === undefined
          ? ''
          : heartbeatSurvived
            ? `; a ${every} ms heartbeat kept one alive ${Math.round(holdMs / 100) / 10} s`
            : `; a ${every} ms heartbeat did not help`;
    const late = cutUncertaintyMs - lazyTimerMs > closedAfterMs * 0.1 ? ` ±${cutUncertaintyMs - lazyTimerMs} ms: the doctor's event loop ran up to ${loopLagMs} ms late` : '';
    const lazyNote = lazyTimerMs > 0 ? `, or up to ${lazyTimerMs} ms more: the last server traffic came within ${LAZY_TIMER_MS} ms of earlier traffic, which nginx does not count` : '';
    return {
      status: findings.some((f) => f.code !== 'IDLE_TIMEOUT') ? 'fail' : 'warn',
      findings,
      facts: { idle },
      summary: `silent connection cut after ${(closedAfterMs / 1000).toFixed(1)} s (${closeCode})${lazyNote}${late}${hb}`,
    };
  },
};
