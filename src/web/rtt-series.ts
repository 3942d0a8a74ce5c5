/**
 * Heartbeat round-trip times over time: a bounded series of samples, their summary, and the
 * geometry of the small chart the connection panel draws (pure, so it is unit-tested; the
 * view only turns the result into SVG elements).
 */

export interface RttSample {
  /** When the pong arrived (ms, any monotonic-enough clock; the chart only uses differences). */
  at: number;
  rttMs: number;
  /** Which connection it was measured on: the line is not drawn across a reconnect. */
  conn?: number;
}

export interface RttSummary {
  count: number;
  lastMs: number | null;
  minMs: number | null;
  medianMs: number | null;
  maxMs: number | null;
}

/** A bounded series: the oldest sample goes when a new one would exceed `capacity`. */
export class RttSeries {
  private readonly items: RttSample[] = [];

  constructor(readonly capacity = 120) {
    if (!(capacity >= 1)) throw new RangeError(`capacity must be at least 1, got ${capacity}`);
  }

  add(at: number, rttMs: number, conn?: number): void {
    if (!Number.isFinite(rttMs) || rttMs < 0) return;
    this.items.push(conn === undefined ? { at, rttMs } : { at, rttMs, conn });
    if (this.items.length > this.capacity) this.items.splice(0, this.items.length - this.capacity);
  }

  samples(): readonly RttSample[] {
    return this.items;
  }

  summary(): RttSummary {
    const n = this.items.length;
    if (n === 0) return { count: 0, lastMs: null, minMs: null, medianMs: null, maxMs: null };
    const sorted = this.items.map((s) => s.rttMs).sort((a, b) => a - b);
    const mid = Math.floor(n / 2);
    const median = n % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
    return { count: n, lastMs: this.items[n - 1]!.rttMs, minMs: sorted[0]!, medianMs: median, maxMs: sorted[n - 1]! };
  }
}

export interface ChartOptions {
  width: number;
  height: number;
  /** Time window shown, ending at `now` (default: 5 minutes). */
  windowMs?: number;
  now: number;
  /** Space kept at the left for the y labels and at the bottom for the baseline. */
  padLeft?: number;
  padTop?: number;
  padBottom?: number;
}

export interface ChartGeometry {
  /** SVG path data for the line (a new segment per connection); '' with no visible sample. */
  line: string;
  /** Each visible sample as a point (for dots and tooltips). */
  points: Array<{ x: number; y: number; sample: RttSample }>;
  /** The value at the top of the y axis (a "nice" number ≥ the largest visible sample). */
  yMaxMs: number;
  /** Horizontal grid lines with their labels. */
  gridlines: Array<{ y: number; label: string }>;
}

/** The smallest of 1, 2, 5 × 10^k that is ≥ v (so the axis reads 5, 10, 20, 50 ms…). */
export function niceCeil(v: number): number {
  if (!(v > 0)) return 1;
  const exp = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 5, 10]) if (m * exp >= v - 1e-9) return m * exp;
  return 10 * exp;
}

const WINDOWS_MS = [30_000, 60_000, 2 * 60_000, 5 * 60_000, 10 * 60_000];

/**
 * The chart's time window: the smallest of 30 s, 1, 2, 5, 10 min that holds every sample since
 * `oldestAt`, so a young connection's points spread across the chart instead of huddling at
 * the right edge; never more than 10 min (older samples scroll off).
 */
export function chooseWindow(oldestAt: number | undefined, now: number): number {
  const span = oldestAt === undefined ? 0 : now - oldestAt;
  return WINDOWS_MS.find((w) => w >= span) ?? WINDOWS_MS[WINDOWS_MS.length - 1]!;
}

/** "30 s", "2 min": for the chart's left edge. */
export function formatWindow(ms: number): string {
  return ms < 60_000 ? `${Math.round(ms / 1000)} s` : `${Math.round(ms / 60_000)} min`;
}

export function formatMs(ms: number): string {
  if (ms >= 1000) return `${(ms / 1000).toFixed(ms >= 10_000 ? 0 : 1)} s`;
  if (ms >= 10 || Number.isInteger(ms)) return `${Math.round(ms)} ms`;
  return `${ms.toFixed(1)} ms`;
}

/**
 * Where each sample goes in a `width`×`height` box: time runs left to right over the window,
 * RTT bottom to top from 0 to a nice ceiling.
 */
export function chartGeometry(samples: readonly RttSample[], o: ChartOptions): ChartGeometry {
  const windowMs = o.windowMs ?? 5 * 60_000;
  const padLeft = o.padLeft ?? 0;
  const padTop = o.padTop ?? 0;
  const padBottom = o.padBottom ?? 0;
  const start = o.now - windowMs;
  const visible = samples.filter((s) => s.at >= start && s.at <= o.now);
  const yMaxMs = niceCeil(Math.max(1, ...visible.map((s) => s.rttMs)));
  const plotW = Math.max(1, o.width - padLeft);
  const plotH = Math.max(1, o.height - padTop - padBottom);
  const round = (n: number): number => Math.round(n * 10) / 10;
  const yOf = (ms: number): number => round(padTop + plotH - (ms / yMaxMs) * plotH);
  const points = visible.map((sample) => ({ x: round(padLeft + ((sample.at - start) / windowMs) * plotW), y: yOf(sample.rttMs), sample }));
  const line = points.map((p, i) => `${i === 0 || p.sample.conn !== points[i - 1]!.sample.conn ? 'M' : 'L'}${p.x} ${p.y}`).join(' ');
  const gridlines = [0, 0.5, 1].map((f) => ({ y: yOf(f * yMaxMs), label: formatMs(f * yMaxMs) }));
  return { line, points, yMaxMs, gridlines };
}
