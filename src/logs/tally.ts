/**
 * The bounded tally of everything read: counters, a few example line numbers per kind, session
 * durations at 0.1 s resolution (a map of at most ~360k keys for sessions up to 10 h; longer
 * ones share the last key), and per-path/per-upstream counters capped in size. Memory does not
 * grow with the number of lines, only with what is distinct and capped.
 */
import type { AccessEntry, LineRef, LogFormat, WsgateEntry } from './types.js';

export const MAX_EXAMPLES = 5;
const MAX_KEYS = 1000;
const MAX_DECISECONDS = 36_000 * 10;
/** Upstreams remembered per path (1000 paths × 50 upstreams at most). */
const PER_PATH_UPSTREAMS = 50;

/** Count plus the first few places it was seen. */
export class Sample {
  count = 0;
  readonly examples: LineRef[] = [];
  add(ref: LineRef, n = 1): void {
    this.count += n;
    if (this.examples.length < MAX_EXAMPLES) this.examples.push(ref);
  }
}

/** A map of samples that stops taking new keys at a cap (the rest go to `(other)`). */
export class SampleMap {
  readonly map = new Map<string, Sample>();
  constructor(private readonly cap = MAX_KEYS) {}
  add(key: string, ref: LineRef): void {
    const k = this.map.has(key) || this.map.size < this.cap ? key : '(other)';
    let s = this.map.get(k);
    if (!s) this.map.set(k, (s = new Sample()));
    s.add(ref);
  }
  entries(): Array<[string, Sample]> {
    return [...this.map.entries()].sort((a, b) => b[1].count - a[1].count);
  }
  get total(): number {
    let n = 0;
    for (const s of this.map.values()) n += s.count;
    return n;
  }
}

/** Session durations, by tenth of a second, with the first examples of each second. */
export class Durations {
  readonly deciseconds = new Map<number, number>();
  readonly examplesBySecond = new Map<number, LineRef[]>();
  count = 0;
  add(seconds: number, ref: LineRef): void {
    if (!Number.isFinite(seconds) || seconds < 0) return;
    const d = Math.min(MAX_DECISECONDS, Math.round(seconds * 10));
    this.deciseconds.set(d, (this.deciseconds.get(d) ?? 0) + 1);
    this.count++;
    const s = Math.floor(d / 10);
    const ex = this.examplesBySecond.get(s);
    if (!ex) {
      if (this.examplesBySecond.size < MAX_KEYS * 10) this.examplesBySecond.set(s, [ref]);
    } else if (ex.length < MAX_EXAMPLES) ex.push(ref);
  }
}

/** The tally for one source: access logs or wsgate's own log. */
export interface Tally {
  lines: number;
  parsed: Record<LogFormat, number>;
  skipped: number;
  garbled: Sample;
  tooLong: Sample;
  access: {
    requests: number;
    /** WebSocket sessions: status 101 (logged once, when each ended). */
    sessions: Durations;
    sessionsWithoutTime: number;
    /** Per path: statuses that matter on a WebSocket path, and whether it ever answered 101. */
    byPath: Map<string, { upgraded: number; notForwarded: SampleMap; upstreamErrors: SampleMap; aborts: Sample }>;
  };
  wsgate: {
    events: number;
    sessions: Durations;
    closeCodes: SampleMap;
    authFailures: SampleMap;
    drains: Sample;
    drainedConnections: number;
    heartbeatTimeouts: Sample;
    slowConsumers: Sample;
    rateLimited: Sample;
  };
}

export function newTally(): Tally {
  return {
    lines: 0,
    parsed: { 'ingress-nginx': 0, 'nginx-combined': 0, wsgate: 0 },
    skipped: 0,
    garbled: new Sample(),
    tooLong: new Sample(),
    access: { requests: 0, sessions: new Durations(), sessionsWithoutTime: 0, byPath: new Map() },
    wsgate: {
      events: 0,
      sessions: new Durations(),
      closeCodes: new SampleMap(),
      authFailures: new SampleMap(),
      drains: new Sample(),
      drainedConnections: 0,
      heartbeatTimeouts: new Sample(),
      slowConsumers: new Sample(),
      rateLimited: new Sample(),
    },
  };
}

function pathStats(t: Tally, path: string) {
  const key = t.access.byPath.has(path) || t.access.byPath.size < MAX_KEYS ? path : '(other)';
  let p = t.access.byPath.get(key);
  if (!p) {
    p = { upgraded: 0, notForwarded: new SampleMap(), upstreamErrors: new SampleMap(PER_PATH_UPSTREAMS), aborts: new Sample() };
    t.access.byPath.set(key, p);
  }
  return p;
}

export function addAccess(t: Tally, e: AccessEntry, ref: LineRef): void {
  t.access.requests++;
  if (e.status === 101) {
    if (e.requestTime !== undefined) t.access.sessions.add(e.requestTime, ref);
    else t.access.sessionsWithoutTime++;
  }
  // Only the statuses the rules read make a path worth remembering (bounded either way).
  if (![101, 400, 426, 499, 502, 503, 504].includes(e.status)) return;
  const p = pathStats(t, e.path);
  if (e.status === 101) p.upgraded++;
  else if (e.status === 400 || e.status === 426) p.notForwarded.add(String(e.status), ref);
  else if (e.status === 499) p.aborts.add(ref);
  else p.upstreamErrors.add(e.upstream ?? '-', ref);
}

export function addWsgate(t: Tally, e: WsgateEntry, ref: LineRef): void {
  const w = t.wsgate;
  w.events++;
  switch (e.event) {
    case 'close':
      if (e.code !== undefined) w.closeCodes.add(String(e.code), ref);
      if (e.durationMs !== undefined) w.sessions.add(e.durationMs / 1000, ref);
      break;
    case 'auth-failure':
      w.authFailures.add(e.reason ?? String(e.code ?? 'unknown'), ref);
      break;
    case 'drain':
      w.drains.add(ref);
      break;
    case 'drained':
      break;
    case 'heartbeat-timeout':
      w.heartbeatTimeouts.add(ref);
      break;
    case 'slow-consumer':
      w.slowConsumers.add(ref);
      break;
    case 'rate-limit':
      w.rateLimited.add(ref);
      break;
    default:
      break;
  }
  if (e.event === 'drain' && e.connections !== undefined) w.drainedConnections += e.connections;
}
