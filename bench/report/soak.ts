// The soak's report (bench/results/soak.{json,md}; docs/benchmarks.md "Soak"): the figures the
// soak is judged by, then the samples.
import type { SoakResult } from '../scenarios/soak.js';

const f1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '—');
const f2 = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : '—');
const n0 = (x: number) => Math.round(x).toLocaleString('en-US');

/** Heap or RSS counts as flat when its fitted slope stays under this (MB per hour). */
export const FLAT_MB_PER_HOUR = 10;

export function soakVerdicts(r: SoakResult): Array<[string, string, boolean]> {
  const lost = r.missing + r.duplicates + r.outOfOrder + Math.max(0, r.published - r.acked);
  return [
    [`heap flat after the warm-up (slope < ${FLAT_MB_PER_HOUR} MB/h)`, `${f2(r.heapSlopeMBPerHour)} MB/h`, Math.abs(r.heapSlopeMBPerHour) < FLAT_MB_PER_HOUR],
    [`RSS flat after the warm-up (slope < ${FLAT_MB_PER_HOUR} MB/h)`, `${f2(r.rssSlopeMBPerHour)} MB/h`, Math.abs(r.rssSlopeMBPerHour) < FLAT_MB_PER_HOUR],
    ['timers per open connection do not grow', `${f2(r.timersPerConnection[0])} → ${f2(r.timersPerConnection[1])}`, r.timersPerConnection[1] <= r.timersPerConnection[0] * 1.05 + 0.01],
    ['process listeners do not grow', `${r.listeners[0]} → ${r.listeners[1]}`, r.listeners[1] <= r.listeners[0]],
    ['nothing lost: every publish acked, every acked message at every witness once and in order', `${n0(r.acked)}/${n0(r.published)} acked; ${n0(r.missing)} missing, ${n0(r.duplicates)} duplicated, ${n0(r.outOfOrder)} out of order`, lost === 0],
  ];
}

export function renderSoak(r: SoakResult, startedAt: string, machineLine: string): string {
  const s: string[] = [];
  s.push(`# wsgate soak (${r.durationS / 60} min)`);
  s.push('');
  s.push(`${startedAt.slice(0, 16).replace('T', ' ')} UTC · ${machineLine}`);
  s.push('');
  const st = r.settings;
  s.push(
    `One wsgate server (memory broker, default limits; history TTL ${st.historyTtlMs / 1000} s so the idempotency keys reach their steady state within the warm-up), ` +
      `${n0(st.connections)} connections in ${st.rooms} rooms, ${st.churnPerSec} closed and reopened (and subscribed again) per second, ${st.publishesPerSec} publishes/s of ~130 B, heartbeat every ${st.pingIntervalMs / 1000} s, ` +
      `one witness per room open throughout. Warm-up ${f1(r.warmupS)} s; slopes are least-squares fits over the samples after it (memory after a full GC).`,
  );
  s.push('');
  s.push('| check | measured | verdict |');
  s.push('| --- | --- | --- |');
  for (const [goal, value, ok] of soakVerdicts(r)) s.push(`| ${goal} | ${value} | ${ok ? '**met**' : '**missed**'} |`);
  s.push('');
  s.push(`Connections opened ${n0(r.opened)}, closed ${n0(r.closed)}; publishes ${n0(r.published)}, acked ${n0(r.acked)}; witness deliveries ${n0(r.delivered)} of ${n0(r.expected)} expected.${Object.keys(r.errors).length ? ` Errors and closes seen: ${JSON.stringify(r.errors)}.` : ' No error frames, no unexpected closes.'}`);
  s.push('');
  s.push('| at (s) | connections | heap (MB) | RSS (MB) | timers | sockets | process listeners |');
  s.push('| ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const x of r.samples) s.push(`| ${f1(x.atS)} | ${n0(x.connections)} | ${f1(x.heapMB)} | ${f1(x.rssMB)} | ${x.resources.Timeout ?? 0} | ${x.resources.TCPSocketWrap ?? 0} | ${x.processListeners} |`);
  s.push('');
  return s.join('\n');
}
