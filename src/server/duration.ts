/**
 * The duration grammar, written once for the server's options and every CLI flag:
 * `250ms`, `10s`, `1.5m`, `2h`, or a bare number in the caller's unit (ms unless it says s).
 */
const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * Reads a duration: its ms, or why it is not one (`syntax`: not the grammar; `range`: too large).
 * @example readDuration('1.5m') // { ms: 90000 }
 * @example readDuration('30', 's') // { ms: 30000 }
 */
export function readDuration(value: string, bareUnit: 'ms' | 's' = 'ms'): { ms: number } | { error: 'syntax' | 'range' } {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/.exec(value);
  if (!m) return { error: 'syntax' };
  const ms = Number(m[1]) * UNITS[m[2] ?? bareUnit]!;
  return Number.isFinite(ms) ? { ms: Math.round(ms) } : { error: 'range' };
}

/** A duration in ms, or null when `value` is not one. */
export function parseDuration(value: string, bareUnit: 'ms' | 's' = 'ms'): number | null {
  const r = readDuration(value, bareUnit);
  return 'ms' in r ? r.ms : null;
}
