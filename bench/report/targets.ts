// The verdicts against the targets (docs/benchmarks.md "Against the targets"): the goals of the
// speed work, as ratios within one run, plus "no slower than the previous committed run" for
// every other wsgate figure (compared as ratios against bare ws in the same run, which a shared
// machine disturbs far less than absolute figures).
import type { Target } from '../lib/procs.js';
import type { BenchResults, Verdict } from '../lib/results.js';

/** The goals, as docs/benchmarks.md "Against the targets, and against the previous run" lists them. */
export const GOALS = {
  echo64VsWs: 0.9,
  echo4kVsWs: 0.7,
  echo4kVsSocketIo: 2,
  redisEcho64VsWs: 0.5,
  handshakeVsWs: 0.8,
  idleRssVsWs: 1.1,
} as const;

/** A full node's clients back after a restart, at the default admission settings. */
export const STORM_GOAL_MS = 30_000;

/** "No slower" allows this much run-to-run noise in a ratio (stated in the goal's text). */
export const NO_SLOWER_NOISE = 0.05;

const n0 = (n: number) => Math.round(n).toLocaleString('en-US');
const x2 = (n: number) => `${n.toFixed(2)}×`;

type Tp = BenchResults['echo']['throughput'][number];

function echoRow(r: BenchResults, t: Target, size: number, connections = 100): Tp | undefined {
  return r.echo.throughput.find((x) => x.target === t && x.size === size && x.connections === connections && x.via !== 'ping');
}

function atLeast(goal: string, value: number | null | undefined, min: number, extra = ''): Verdict {
  if (value === null || value === undefined || !Number.isFinite(value)) return { goal, value: '—', verdict: 'not measured' };
  return { goal, value: `${x2(value)}${extra}`, verdict: value >= min ? 'met' : 'missed' };
}

function ratioOf(r: BenchResults, ours: Target, base: Target, size: number, connections = 100): number | null {
  const a = echoRow(r, ours, size, connections);
  const b = echoRow(r, base, size, connections);
  return a && b && b.msgsPerSec.median > 0 ? a.msgsPerSec.median / b.msgsPerSec.median : null;
}

function perCpu(r: BenchResults, t: Target, size: number): string {
  const k = echoRow(r, t, size)?.perCpuRatioVsWs;
  return k !== null && k !== undefined && Number.isFinite(k) ? ` (${x2(k)} per server CPU-second)` : '';
}

/** The goals of the speed work (docs/benchmarks.md "Against the targets, and against the previous run"). */
function goalVerdicts(r: BenchResults): Verdict[] {
  const out: Verdict[] = [];
  out.push(atLeast(`publish echo ≥ ${GOALS.echo64VsWs}× bare ws (64 B, 100 connections)`, ratioOf(r, 'wsgate', 'ws', 64), GOALS.echo64VsWs, perCpu(r, 'wsgate', 64)));
  out.push(atLeast(`publish echo ≥ ${GOALS.echo4kVsWs}× bare ws (4 KB, 100 connections)`, ratioOf(r, 'wsgate', 'ws', 4096), GOALS.echo4kVsWs, perCpu(r, 'wsgate', 4096)));
  out.push(atLeast(`publish echo ≥ ${GOALS.echo4kVsSocketIo}× Socket.IO (4 KB, 100 connections)`, ratioOf(r, 'wsgate', 'socketio', 4096), GOALS.echo4kVsSocketIo));
  out.push(atLeast(`Redis broker echo ≥ ${GOALS.redisEcho64VsWs}× bare ws (64 B, 100 connections)`, ratioOf(r, 'wsgate-redis', 'ws', 64), GOALS.redisEcho64VsWs, perCpu(r, 'wsgate-redis', 64)));
  const hs = r.handshake.find((h) => h.target === 'wsgate');
  out.push(atLeast(`handshakes with auth ≥ ${GOALS.handshakeVsWs}× bare ws`, hs?.ratioVsWs, GOALS.handshakeVsWs));
  // memory: at every idle step of 10,000 or more that both servers reached, or at the largest
  // common step when none is that big (quick runs)
  const goal = `memory per idle connection ≤ ${GOALS.idleRssVsWs}× bare ws (RSS)`;
  const common = [...new Set(r.idle.rows.map((x) => x.connections))]
    .filter((c) => r.idle.rows.some((x) => x.target === 'ws' && x.connections === c) && r.idle.rows.some((x) => x.target === 'wsgate' && x.connections === c))
    .sort((a, b) => a - b);
  const judged = common.filter((c) => c >= 10000).length ? common.filter((c) => c >= 10000) : common.slice(-1);
  for (const at of judged) {
    const ours = r.idle.rows.find((x) => x.target === 'wsgate' && x.connections === at)!;
    if (ours.rssRatioVsWs === null) continue;
    out.push({ goal: `${goal}, at ${n0(at)} connections`, value: `${x2(ours.rssRatioVsWs)} (${ours.rssPerConnKB.median.toFixed(1)} KB)`, verdict: ours.rssRatioVsWs <= GOALS.idleRssVsWs ? 'met' : 'missed' });
  }
  if (!judged.length) out.push({ goal, value: '—', verdict: 'not measured' });
  // the reconnect storm at the server's default admission settings: all back within 30 s, none gives up
  for (const s of r.storm.filter((x) => x.target === 'wsgate' && x.admission === 'defaults' && x.mode === 'kill')) {
    const name = `reconnect storm at the default admission settings: ${n0(s.clients)} clients all back within ${STORM_GOAL_MS / 1000} s, none gives up`;
    const ms = s.allBackMs.median;
    out.push({ goal: name, value: Number.isFinite(ms) ? `${(ms / 1000).toFixed(2)} s, ${n0(s.notBack)} not back` : `${n0(s.notBack)} not back`, verdict: Number.isFinite(ms) && ms <= STORM_GOAL_MS && s.notBack === 0 ? 'met' : 'missed' });
  }
  return out;
}

/** A figure compared with the previous run: higher is better unless `lower`. */
interface Compared {
  name: string;
  now: number | null | undefined;
  before: number | null | undefined;
  lower?: boolean;
  unit?: (n: number) => string;
}

function noSlower(c: Compared): Verdict | null {
  if (c.before === null || c.before === undefined || !Number.isFinite(c.before)) return null;
  const unit = c.unit ?? x2;
  const goal = `${c.name}: no slower than the previous run (${unit(c.before)}; ${Math.round(NO_SLOWER_NOISE * 100)} % noise allowed)`;
  if (c.now === null || c.now === undefined || !Number.isFinite(c.now)) return { goal, value: '—', verdict: 'not measured' };
  const ok = c.lower ? c.now <= c.before * (1 + NO_SLOWER_NOISE) : c.now >= c.before * (1 - NO_SLOWER_NOISE);
  return { goal, value: unit(c.now), verdict: ok ? 'met' : 'missed' };
}

/** Every other wsgate figure that both runs measured, against the previous committed run. */
function againstPrevious(r: BenchResults, prev: BenchResults): Verdict[] {
  const rows: Compared[] = [];
  for (const t of ['wsgate', 'wsgate-redis'] as const) {
    const label = t === 'wsgate' ? 'wsgate' : 'wsgate (Redis)';
    for (const c of [10, 1000]) rows.push({ name: `${label} echo 64 B at ${n0(c)} connections, × bare ws`, now: ratioOf(r, t, 'ws', 64, c), before: ratioOf(prev, t, 'ws', 64, c) });
    if (t === 'wsgate-redis') rows.push({ name: `${label} echo 4 KB, × bare ws`, now: ratioOf(r, t, 'ws', 4096), before: ratioOf(prev, t, 'ws', 4096) });
    for (const f of prev.fanout.filter((x) => x.target === t)) {
      const now = r.fanout.find((x) => x.target === t && x.subscribers === f.subscribers);
      rows.push({ name: `${label} fan-out to ${n0(f.subscribers)}, deliveries/s × bare ws`, now: now?.ratioVsWs, before: f.ratioVsWs });
    }
  }
  const hb = (res: BenchResults) => {
    const at = (t: Target) => res.idle.rows.find((x) => x.target === t && x.connections === 10000)?.usPerHeartbeat.median;
    const a = at('wsgate');
    const b = at('ws');
    return a !== undefined && b !== undefined && b > 0 ? a / b : null;
  };
  rows.push({ name: 'CPU per heartbeat at 10,000 idle connections, × bare ws', now: hb(r), before: hb(prev), lower: true });
  const storm = (res: BenchResults, mode: 'kill' | 'drain') => res.storm.find((s) => s.target === 'wsgate' && s.mode === mode && (s.admission ?? 'lifted') === 'lifted' && s.clients === 10000)?.allBackMs.median;
  const sec = (n: number) => `${(n / 1000).toFixed(2)} s`;
  rows.push({ name: 'reconnect storm (killed), all 10,000 back', now: storm(r, 'kill'), before: storm(prev, 'kill'), lower: true, unit: sec });
  rows.push({ name: 'reconnect storm (drained), all 10,000 back', now: storm(r, 'drain'), before: storm(prev, 'drain'), lower: true, unit: sec });
  return rows.map(noSlower).filter((v): v is Verdict => v !== null && v.verdict !== 'not measured');
}

/** The goals, then (given the previous run) every other figure against it. */
export function verdicts(r: BenchResults, previous?: BenchResults): Verdict[] {
  return [...goalVerdicts(r), ...(previous ? againstPrevious(r, previous) : [])];
}
