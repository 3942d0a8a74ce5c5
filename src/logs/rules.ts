/**
 * The rules `wsgate logs` applies to its tally, as data (`{ id, title, run }`): each returns raw
 * findings `{ code, data }` and never words them (catalog.ts does). Which codes exist and what
 * they mean: docs/logs.md.
 */
import type { RawFinding } from '../findings/index.js';
import { cuts } from './clusters.js';
import type { Sample, SampleMap, Tally } from './tally.js';
import type { LineRef } from './types.js';

export interface RuleContext {
  /** Whether a path is a WebSocket path (it answered 101, looks like one, or --path named it). */
  isWebSocketPath(path: string): boolean;
}

export interface LogRule {
  id: string;
  title: string;
  run(t: Tally, ctx: RuleContext): RawFinding[];
}

/** At least this many sessions, and this share of all, end within the same second: a cut. */
export const CUT_MIN_SESSIONS = 3;
export const CUT_MIN_SHARE = 0.2;
/** Upstreams listed in UPSTREAM_ERRORS, most errors first. */
const MAX_UPSTREAMS = 20;

const refs = (list: readonly LineRef[]): string[] => list.map((r) => `${r.file}:${r.line}`);

function merge(samples: readonly Sample[]): { count: number; examples: string[] } {
  const examples = samples.flatMap((s) => s.examples).slice(0, 5);
  return { count: samples.reduce((n, s) => n + s.count, 0), examples: refs(examples) };
}

/** Sorted `{ key: count }` of a SampleMap. */
function counts(m: SampleMap): Record<string, number> {
  return Object.fromEntries(m.entries().map(([k, s]) => [k, s.count]));
}

function wsPaths(t: Tally, ctx: RuleContext) {
  return [...t.access.byPath.entries()].filter(([path, p]) => p.upgraded > 0 || ctx.isWebSocketPath(path));
}

export const LOG_RULES: readonly LogRule[] = [
  {
    id: 'sessions-cut',
    title: 'WebSocket sessions cut at the same age',
    run(t) {
      const out: RawFinding[] = [];
      for (const [source, d] of [['access', t.access.sessions], ['wsgate', t.wsgate.sessions]] as const) {
        const format = source === 'wsgate' ? 'wsgate' : t.parsed['ingress-nginx'] >= t.parsed['nginx-combined'] ? 'ingress-nginx' : 'nginx-combined';
        for (const c of cuts(d, CUT_MIN_SESSIONS, CUT_MIN_SHARE)) {
          out.push({ code: 'SESSIONS_CUT_AT_TIMEOUT', data: { seconds: c.seconds, sessions: c.sessions, share: c.share, total: d.count, source: format, examples: refs(c.examples) } });
        }
      }
      return out;
    },
  },
  {
    id: 'upgrade-not-forwarded',
    title: '400/426 on the WebSocket path',
    run(t, ctx) {
      const paths = wsPaths(t, ctx).filter(([, p]) => p.notForwarded.total > 0);
      if (paths.length === 0) return [];
      const { count, examples } = merge(paths.flatMap(([, p]) => [...p.notForwarded.map.values()]));
      const statuses: Record<string, number> = {};
      for (const [, p] of paths) for (const [k, s] of p.notForwarded.map) statuses[k] = (statuses[k] ?? 0) + s.count;
      return [{ code: 'UPGRADE_NOT_FORWARDED', data: { count, statuses, paths: paths.map(([path]) => path).slice(0, 10), examples } }];
    },
  },
  {
    id: 'upstream-errors',
    title: '502/503/504 on the WebSocket path',
    run(t, ctx) {
      const paths = wsPaths(t, ctx).filter(([, p]) => p.upstreamErrors.total > 0);
      if (paths.length === 0) return [];
      const byUpstream = new Map<string, number>();
      for (const [, p] of paths) for (const [k, s] of p.upstreamErrors.map) byUpstream.set(k, (byUpstream.get(k) ?? 0) + s.count);
      const { count, examples } = merge(paths.flatMap(([, p]) => [...p.upstreamErrors.map.values()]));
      const upstreams = [...byUpstream.entries()].sort((a, b) => b[1] - a[1]).slice(0, MAX_UPSTREAMS).map(([upstream, n]) => ({ upstream, count: n }));
      return [{ code: 'UPSTREAM_ERRORS', data: { count, upstreams, paths: paths.map(([path]) => path).slice(0, 10), examples } }];
    },
  },
  {
    id: 'client-aborts',
    title: '499 (client closed the request) on the WebSocket path',
    run(t, ctx) {
      const paths = wsPaths(t, ctx).filter(([, p]) => p.aborts.count > 0);
      if (paths.length === 0) return [];
      const { count, examples } = merge(paths.map(([, p]) => p.aborts));
      return [{ code: 'CLIENT_ABORTS', data: { count, paths: paths.map(([path]) => path).slice(0, 10), examples } }];
    },
  },
  {
    id: 'close-codes',
    title: 'wsgate: close codes',
    run(t) {
      const m = t.wsgate.closeCodes;
      if (m.total === 0) return [];
      return [{ code: 'CLOSE_CODES', data: { count: m.total, codes: counts(m), examples: refs(m.entries()[0]![1].examples) } }];
    },
  },
  {
    id: 'auth-failures',
    title: 'wsgate: auth failures',
    run(t) {
      const m = t.wsgate.authFailures;
      if (m.total === 0) return [];
      return [{ code: 'AUTH_FAILURES', data: { count: m.total, reasons: counts(m), examples: refs(m.entries().flatMap(([, s]) => s.examples).slice(0, 5)) } }];
    },
  },
  {
    id: 'drains',
    title: 'wsgate: drains',
    run(t) {
      const s = t.wsgate.drains;
      return s.count ? [{ code: 'DRAINS', data: { count: s.count, connections: t.wsgate.drainedConnections, examples: refs(s.examples) } }] : [];
    },
  },
  {
    id: 'heartbeat-timeouts',
    title: 'wsgate: heartbeat timeouts',
    run(t) {
      const s = t.wsgate.heartbeatTimeouts;
      return s.count ? [{ code: 'HEARTBEAT_TIMEOUTS', data: { count: s.count, examples: refs(s.examples) } }] : [];
    },
  },
  {
    id: 'slow-consumers',
    title: 'wsgate: slow consumers',
    run(t) {
      const s = t.wsgate.slowConsumers;
      return s.count ? [{ code: 'SLOW_CONSUMERS', data: { count: s.count, examples: refs(s.examples) } }] : [];
    },
  },
  {
    id: 'unparsed',
    title: 'lines that were not understood',
    run(t) {
      const out: RawFinding[] = [];
      if (t.garbled.count) out.push({ code: 'LINES_UNPARSED', data: { count: t.garbled.count, lines: t.lines, examples: refs(t.garbled.examples) } });
      if (t.tooLong.count) out.push({ code: 'LINES_TOO_LONG', data: { count: t.tooLong.count, examples: refs(t.tooLong.examples) } });
      return out;
    },
  },
];
