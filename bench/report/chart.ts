// Results → an SVG chart with two panels: echo throughput against connection count, and server
// memory against idle connection count, one line per server. Plain SVG text, no dependencies.
import { TARGET_LABEL, type Target } from '../lib/procs.js';
import type { BenchResults } from '../lib/results.js';

interface Series {
  name: string;
  color: string;
  dash?: string;
  points: Array<[number, number]>;
}

const COLOR: Record<Target, string> = { ws: '#4b5563', socketio: '#d97706', wsgate: '#2563eb', 'wsgate-redis': '#16a34a' };

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** 1, 2, 5 × 10^k steps giving about `n` ticks up to `max`. */
export function niceTicks(max: number, n = 5): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = max / n;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((k) => k * mag).find((s) => s >= raw)!;
  const ticks: number[] = [];
  for (let v = 0; v <= max + step * 1e-9; v += step) ticks.push(v);
  if (ticks[ticks.length - 1]! < max) ticks.push(ticks[ticks.length - 1]! + step);
  return ticks;
}

function short(v: number): string {
  if (v >= 1e6) return `${+(v / 1e6).toFixed(1)}M`;
  if (v >= 1e3) return `${+(v / 1e3).toFixed(1)}k`;
  return `${+v.toFixed(1)}`;
}

function panel(x: number, y: number, w: number, h: number, title: string, xLabel: string, yLabel: string, series: Series[], logX: boolean): string {
  const out: string[] = [];
  const pts = series.flatMap((s) => s.points);
  const pad = { l: 64, r: 16, t: 36, b: 48 + 16 * series.filter((s) => s.points.length).length };
  const iw = w - pad.l - pad.r;
  const ih = h - pad.t - pad.b;
  out.push(`<text x="${x + w / 2}" y="${y + 20}" text-anchor="middle" font-size="15" font-weight="600">${esc(title)}</text>`);
  if (pts.length === 0) {
    out.push(`<text x="${x + w / 2}" y="${y + h / 2}" text-anchor="middle" fill="#888">not measured in this run</text>`);
    return out.join('\n');
  }
  const xs = pts.map((p) => p[0]);
  const yTicks = niceTicks(Math.max(...pts.map((p) => p[1])));
  const yMax = yTicks[yTicks.length - 1]!;
  let xTicks: number[];
  let sx: (v: number) => number;
  if (logX) {
    const lo = Math.floor(Math.log10(Math.max(1, Math.min(...xs))));
    const hi = Math.ceil(Math.log10(Math.max(...xs)));
    xTicks = Array.from({ length: hi - lo + 1 }, (_, i) => 10 ** (lo + i));
    sx = (v) => x + pad.l + ((Math.log10(Math.max(v, 1)) - lo) / Math.max(1, hi - lo)) * iw;
  } else {
    xTicks = niceTicks(Math.max(...xs), 5);
    const xMax = xTicks[xTicks.length - 1]!;
    sx = (v) => x + pad.l + (v / xMax) * iw;
  }
  const sy = (v: number) => y + pad.t + ih - (v / yMax) * ih;
  for (const t of yTicks) {
    out.push(`<line x1="${x + pad.l}" x2="${x + pad.l + iw}" y1="${sy(t)}" y2="${sy(t)}" stroke="#e5e7eb"/>`);
    out.push(`<text x="${x + pad.l - 6}" y="${sy(t) + 4}" text-anchor="end" font-size="11" fill="#555">${short(t)}</text>`);
  }
  for (const t of xTicks) {
    out.push(`<line x1="${sx(t)}" x2="${sx(t)}" y1="${y + pad.t + ih}" y2="${y + pad.t + ih + 4}" stroke="#555"/>`);
    out.push(`<text x="${sx(t)}" y="${y + pad.t + ih + 17}" text-anchor="middle" font-size="11" fill="#555">${short(t)}</text>`);
  }
  out.push(`<line x1="${x + pad.l}" x2="${x + pad.l + iw}" y1="${y + pad.t + ih}" y2="${y + pad.t + ih}" stroke="#555"/>`);
  out.push(`<line x1="${x + pad.l}" x2="${x + pad.l}" y1="${y + pad.t}" y2="${y + pad.t + ih}" stroke="#555"/>`);
  out.push(`<text x="${x + pad.l + iw / 2}" y="${y + pad.t + ih + 34}" text-anchor="middle" font-size="12">${esc(xLabel)}</text>`);
  out.push(`<text transform="translate(${x + 16} ${y + pad.t + ih / 2}) rotate(-90)" text-anchor="middle" font-size="12">${esc(yLabel)}</text>`);
  let ly = y + pad.t + ih + 54;
  for (const s of series) {
    if (!s.points.length) continue;
    const sorted = [...s.points].sort((a, b) => a[0] - b[0]);
    const d = sorted.map((p, i) => `${i ? 'L' : 'M'}${sx(p[0]).toFixed(1)},${sy(p[1]).toFixed(1)}`).join(' ');
    out.push(`<path d="${d}" fill="none" stroke="${s.color}" stroke-width="2.5"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''}/>`);
    for (const p of sorted) out.push(`<circle cx="${sx(p[0]).toFixed(1)}" cy="${sy(p[1]).toFixed(1)}" r="3.5" fill="${s.color}"/>`);
    // legend, under the x-axis label
    out.push(`<line x1="${x + pad.l + 10}" x2="${x + pad.l + 34}" y1="${ly}" y2="${ly}" stroke="${s.color}" stroke-width="2.5"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''}/>`);
    out.push(`<text x="${x + pad.l + 40}" y="${ly + 4}" font-size="11">${esc(s.name)}</text>`);
    ly += 16;
  }
  return out.join('\n');
}

export function renderChart(r: BenchResults): string {
  const W = 1000;
  const H = 470;
  const tp = r.echo.throughput.filter((t) => t.size === 64);
  const keys = [...new Set(tp.map((t) => `${t.target}|${t.via}`))];
  const tpSeries: Series[] = keys.map((k) => {
    const [target, via] = k.split('|') as [Target, string];
    return {
      name: via === 'pubsub' ? `${TARGET_LABEL[target]} (publish → own sub)` : TARGET_LABEL[target],
      color: COLOR[target],
      dash: target === 'wsgate-redis' ? '6 4' : undefined,
      points: tp.filter((t) => t.target === target && t.via === via).map((t) => [t.connections, t.msgsPerSec.median] as [number, number]),
    };
  });
  const idleTargets = [...new Set(r.idle.rows.map((x) => x.target))];
  const memSeries: Series[] = idleTargets.map((t) => {
    const empty = r.idle.empty.find((e) => e.target === t);
    const pts = r.idle.rows.filter((x) => x.target === t).map((x) => [x.connected, x.rssMB.median] as [number, number]);
    return { name: TARGET_LABEL[t], color: COLOR[t], points: empty ? [[0, empty.rssMB], ...pts] : pts };
  });
  const body = [
    panel(0, 0, W / 2, H - 20, 'Echo throughput, 64 B, 8 in flight per connection', 'connections (log scale)', 'round trips per second', tpSeries, true),
    panel(W / 2, 0, W / 2, H - 20, `Server memory with idle connections (heartbeat ${r.idle.heartbeatMs / 1000} s)`, 'idle authenticated connections', 'RSS after GC (MB)', memSeries, false),
    `<text x="${W / 2}" y="${H - 6}" text-anchor="middle" font-size="10" fill="#777">${esc(`wsgate bench, ${r.mode} run, ${r.startedAt.slice(0, 16).replace('T', ' ')} UTC; medians over ${r.runs} run(s); ${String((r.machine as Record<string, unknown>).pinning)}`)}</text>`,
  ];
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="system-ui, -apple-system, Segoe UI, sans-serif">\n<rect width="${W}" height="${H}" fill="#fff"/>\n${body.join('\n')}\n</svg>\n`;
}
