/**
 * Finding the cut: when a proxy or CDN ends idle (or long) sessions at a fixed time, many
 * sessions last the same few tenths of a second longer than that time (docs/logs.md). This
 * slides a 1 s window over the durations and takes the fullest one, then the next fullest among
 * the rest (two hops can cut at two ages).
 */
import type { Durations } from './tally.js';
import type { LineRef } from './types.js';

export interface Cluster {
  /** The median duration inside the window, in seconds (0.1 s resolution). */
  seconds: number;
  sessions: number;
  /** sessions / all sessions with a duration. */
  share: number;
  examples: LineRef[];
}

/** Sessions shorter than this are not cuts but refusals and quick exits. */
const MIN_SECONDS = 1;

function fullest(d: Durations, counts: Map<number, number>): (Cluster & { keys: number[] }) | null {
  const keys = [...counts.keys()].filter((k) => k >= MIN_SECONDS * 10).sort((a, b) => a - b);
  if (keys.length === 0 || d.count === 0) return null;
  let best = { start: 0, end: 0, count: 0 };
  let j = 0;
  let sum = 0;
  for (let i = 0; i < keys.length; i++) {
    // The window [keys[i], keys[i] + 1 s]: grow j, shrink from i.
    while (j < keys.length && keys[j]! <= keys[i]! + 10) sum += counts.get(keys[j++]!)!;
    if (sum > best.count) best = { start: i, end: j, count: sum };
    sum -= counts.get(keys[i]!)!;
  }
  const inWindow = keys.slice(best.start, best.end);
  let seen = 0;
  let median = inWindow[0]!;
  for (const k of inWindow) {
    seen += counts.get(k)!;
    if (seen * 2 >= best.count) {
      median = k;
      break;
    }
  }
  const examples: LineRef[] = [];
  for (const s of new Set(inWindow.map((k) => Math.floor(k / 10)))) for (const ref of d.examplesBySecond.get(s) ?? []) if (examples.length < 5) examples.push(ref);
  return { seconds: median / 10, sessions: best.count, share: Math.round((best.count / d.count) * 1000) / 1000, examples, keys: inWindow };
}

/**
 * The cuts in a set of durations: windows holding at least `minSessions` sessions and
 * `minShare` of all, fullest first, at most `max`.
 * @example cuts(durations, 3, 0.2) // [{ seconds: 60, sessions: 8, share: 0.57, examples: [...] }]
 */
export function cuts(d: Durations, minSessions: number, minShare: number, max = 3): Cluster[] {
  const left = new Map(d.deciseconds);
  const out: Cluster[] = [];
  while (out.length < max) {
    const c = fullest(d, left);
    if (!c || c.sessions < minSessions || c.share < minShare) break;
    for (const k of c.keys) left.delete(k);
    const { keys: _keys, ...cluster } = c;
    out.push(cluster);
  }
  return out;
}
