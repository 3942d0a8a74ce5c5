/**
 * The summary `wsgate logs` prints above its findings (and puts in its JSON): what was read,
 * how many WebSocket sessions, and their durations in fixed buckets for a histogram.
 */
import type { Durations, Tally } from './tally.js';

/** Bucket edges in seconds: fine around the usual cuts (15, 30, 60, 100 s …). */
const EDGES = [0, 1, 2, 5, 10, 15, 30, 60, 90, 120, 300, 600, 1800, 3600, Infinity];

export interface Bucket {
  /** e.g. "5–10 s", "≥ 1 h" */
  label: string;
  from: number;
  /** Exclusive; null for the last bucket. */
  to: number | null;
  count: number;
}

export interface LogsSummary {
  lines: number;
  parsed: Tally['parsed'];
  /** Lines known not to be requests (controller and error-log lines). */
  skipped: number;
  unparsed: number;
  tooLong: number;
  requests: number;
  sessions: { access: number; wsgate: number; withoutDuration: number };
  durations: { access: Bucket[]; wsgate: Bucket[] };
}

const fmt = (s: number): string => (s >= 3600 ? `${s / 3600} h` : s >= 60 ? `${s / 60} min` : `${s} s`);

export function buckets(d: Durations): Bucket[] {
  const out: Bucket[] = EDGES.slice(0, -1).map((from, i) => {
    const to = EDGES[i + 1]!;
    return { label: to === Infinity ? `≥ ${fmt(from)}` : `${fmt(from).replace(/ (s|min|h)$/, (m) => (fmt(to).endsWith(m) ? '' : m))}–${fmt(to)}`, from, to: to === Infinity ? null : to, count: 0 };
  });
  for (const [deci, count] of d.deciseconds) {
    const s = deci / 10;
    const b = out.find((x) => s >= x.from && (x.to === null || s < x.to));
    if (b) b.count += count;
  }
  return out;
}

export function summarize(t: Tally): LogsSummary {
  return {
    lines: t.lines,
    parsed: { ...t.parsed },
    skipped: t.skipped,
    unparsed: t.garbled.count,
    tooLong: t.tooLong.count,
    requests: t.access.requests,
    sessions: { access: t.access.sessions.count + t.access.sessionsWithoutTime, wsgate: t.wsgate.sessions.count, withoutDuration: t.access.sessionsWithoutTime },
    durations: { access: buckets(t.access.sessions), wsgate: buckets(t.wsgate.sessions) },
  };
}
