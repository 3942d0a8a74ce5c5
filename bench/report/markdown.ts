// Results → Markdown (bench/results/<name>.md, and the table docs/benchmarks.md shows), and the
// verdicts against the targets (docs/benchmarks.md "Against the targets"). Figures are medians over the runs; ratios are against
// bare `ws` at the same load.
import { TARGET_LABEL, type Target } from '../lib/procs.js';
export { verdicts } from './targets.js';
import type { BenchResults, Figure, Verdict } from '../lib/results.js';

const n0 = (x: number) => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : '—');
const f1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '—');
const f2 = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : '—');
const pct = (x: number) => (Number.isFinite(x) ? `${(x * 100).toFixed(1)} %` : '—');
const x2 = (r: number | null) => (r === null || !Number.isFinite(r) ? '—' : `${r.toFixed(2)}×`);
const cpu = (x: number) => (Number.isFinite(x) ? `${(x * 100).toFixed(0)} %` : '—');
const kb = (b: number) => `${(b / 1024).toFixed(1)} KB`;
/** A median, with the spread of the runs when there are several. */
const spread = (f: Figure, fmt: (x: number) => string) => {
  const ok = f.runs.filter(Number.isFinite);
  if (ok.length < 2) return fmt(f.median);
  return `${fmt(f.median)} <sub>(${fmt(Math.min(...ok))}–${fmt(Math.max(...ok))})</sub>`;
};

function label(t: Target, via?: string): string {
  if (via === 'pubsub') return `${TARGET_LABEL[t]} (publish → own subscription)`;
  if (via === 'ping') return `${TARGET_LABEL[t]} (text ping → pong, 4 B)`;
  return TARGET_LABEL[t];
}

/** A Markdown table; columns whose cells are all figures are right-aligned. */
function table(head: string[], rows: string[][]): string {
  const numeric = head.map((_, i) => i > 0 && rows.every((r) => /^(\*\*)?[-−—\d.,]/.test(r[i] ?? '')));
  return [`| ${head.join(' | ')} |`, `| ${head.map((_, i) => (numeric[i] ? '---:' : '---')).join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

/** The first line of an error, plus the first line of the server's output that names an error. */
export function errorSummary(error: string): string {
  const lines = error.split('\n');
  const cause = lines.slice(1).find((l) => /error/i.test(l));
  return `${lines[0]!.replace(/:$/, '')}${cause ? ` — ${cause.trim().slice(0, 300)}` : ''}`;
}

/** Rows of the 50,000-connection projection: slope between the two largest idle steps per server. */
function projectIdle(r: BenchResults): string[][] {
  const rows: string[][] = [];
  const at50k: Record<string, number> = {};
  const out: Array<[Target, string[]]> = [];
  for (const t of [...new Set(r.idle.rows.map((x) => x.target))]) {
    const steps = r.idle.rows.filter((x) => x.target === t).sort((a, b) => a.connections - b.connections);
    if (steps.length < 2) continue;
    const [a, b] = [steps.at(-2)!, steps.at(-1)!];
    const added = b.connections - a.connections;
    const rssSlopeKB = ((b.rssMB.median - a.rssMB.median) * 1024) / added;
    const heapSlopeKB = ((b.heapMB.median - a.heapMB.median) * 1024) / added;
    const missing = 50000 - b.connections;
    const rss = b.rssMB.median + (rssSlopeKB * missing) / 1024;
    at50k[t] = rss;
    out.push([t, [TARGET_LABEL[t], steps.map((x) => n0(x.connections)).join(', '), `${f1(rssSlopeKB)} KB`, `${f1(heapSlopeKB)} KB`, `${n0(rss)} MB`, `${n0(b.heapMB.median + (heapSlopeKB * missing) / 1024)} MB`]]);
  }
  for (const [t, row] of out) rows.push([...row, at50k.ws ? x2(at50k[t]! / at50k.ws) : '—']);
  return rows;
}

export function renderMarkdown(r: BenchResults, chartFile: string): string {
  const m = r.machine as Record<string, unknown>;
  const s: string[] = [];
  s.push(`# wsgate benchmarks (${r.mode} run)`);
  s.push('');
  s.push(
    `${r.startedAt.slice(0, 16).replace('T', ' ')} UTC · ${r.durationS} s · medians over ${r.runs} run(s) per figure` +
      `${r.runs > 1 ? ' (range of the runs in small print)' : ''} · ${String(m.cpuModel)} × ${String(m.cores)} cores, ${String(m.memoryGB)} GB, Linux ${String(m.kernel)}, Node ${r.versions.node} · ${String(m.pinning)} · ` +
      `load average at the end ${(m.loadavg as number[] | undefined)?.join(' ') ?? '?'}`,
  );
  s.push('');
  const loads = Object.entries(r.loadAverage ?? {});
  if (loads.length) {
    s.push(`Machine load (1-min load average at start → end of each section; ${String(m.cores)} cores): ${loads.map(([k, [a, b]]) => `${k} ${a} → ${b}`).join(', ')}. A load above the bench's own (≈ 2) means other work shared the cores.`);
    s.push('');
  }
  s.push(`Versions: ${Object.entries(r.versions).map(([k, v]) => `${k} ${v}`).join(', ')}.`);
  s.push('');

  if (r.targets.length) {
    s.push('## Against the targets');
    s.push('');
    s.push(table(['target', 'measured', 'verdict'], r.targets.map((v) => [v.goal, v.value, v.verdict === 'met' ? '**met**' : v.verdict === 'missed' ? '**missed**' : v.verdict])));
    s.push('');
  }

  if (r.echo.throughput.length) {
    s.push('## 1. Echo throughput (msgs/s, 100 connections, 8 messages in flight per connection)');
    s.push('');
    const rows = r.echo.throughput.filter((t) => t.connections === 100);
    const keys = [...new Set(rows.map((t) => `${t.target}|${t.via}`))];
    s.push(
      table(
        ['server', '64 B', '× bare ws', '4 KB', '× bare ws', '64 B per server CPU-second', '× bare ws', 'server CPU', 'load-gen CPU', 'others on server core'],
        keys.map((k) => {
          const [t, via] = k.split('|') as [Target, string];
          const a = rows.find((x) => x.target === t && x.via === via && x.size === 64);
          const b = rows.find((x) => x.target === t && x.via === via && x.size === 4096);
          const p = rows.find((x) => x.target === t && x.via === via && x.size === 4);
          const first = a ?? p;
          return [
            label(t, via),
            first ? spread(first.msgsPerSec, n0) : '—',
            first ? x2(first.ratioVsWs) : '—',
            b ? spread(b.msgsPerSec, n0) : '—',
            b ? x2(b.ratioVsWs) : '—',
            first ? spread(first.perServerCpuSec, n0) : '—',
            first ? x2(first.perCpuRatioVsWs) : '—',
            first ? `${(first.serverCpu * 100).toFixed(0)} %` : '—',
            first ? `${(first.loadCpu * 100).toFixed(0)} %` : '—',
            first ? cpu(first.othersOnServerCore) : '—',
          ];
        }),
      ),
    );
    s.push('');
    s.push('CPU columns (64 B window, medians): share of one core used by the server process, by the load-generator process, and by other processes on the server\'s core (from /proc/stat; other work on a shared machine). A load generator near 100 % of its core means the figure is a floor for the server; a large "others" share means the server did not have its core to itself. "Per server CPU-second" divides the round trips by the CPU time the server actually got: the efficiency figure, and the one least disturbed by other work on the machine.');
    s.push('');
    const counts = [...new Set(r.echo.throughput.map((t) => t.connections))].sort((a, b) => a - b);
    if (counts.length > 1) {
      s.push('### Throughput against connection count (64 B)');
      s.push('');
      const keys64 = [...new Set(r.echo.throughput.filter((t) => t.size === 64).map((t) => `${t.target}|${t.via}`))];
      s.push(
        table(
          ['server', ...counts.map((c) => `${n0(c)} conns`)],
          keys64.map((k) => {
            const [t, via] = k.split('|') as [Target, string];
            return [label(t, via), ...counts.map((c) => {
              const x = r.echo.throughput.find((y) => y.target === t && y.via === via && y.size === 64 && y.connections === c);
              return x ? `${n0(x.msgsPerSec.median)} (${x2(x.ratioVsWs)})` : '—';
            })];
          }),
        ),
      );
      s.push('');
    }
  }
  if (r.echo.latency.length) {
    const rate = (size: number) => r.echo.latency.find((l) => l.size === size)?.rate ?? 0;
    s.push(`### Echo latency at a fixed rate (100 connections; 64 B at ${n0(rate(64))} msgs/s, 4 KB at ${n0(rate(4096))} msgs/s in total)`);
    s.push('');
    const ts = [...new Set(r.echo.latency.map((l) => l.target))];
    s.push(
      table(
        ['server', '64 B p50 (ms)', '64 B p99 (ms)', '4 KB p50 (ms)', '4 KB p99 (ms)'],
        ts.map((t) => {
          const a = r.echo.latency.find((l) => l.target === t && l.size === 64);
          const b = r.echo.latency.find((l) => l.target === t && l.size === 4096);
          return [label(t, a?.via), a ? spread(a.p50, f2) : '—', a ? spread(a.p99, f2) : '—', b ? spread(b.p50, f2) : '—', b ? spread(b.p99, f2) : '—'];
        }),
      ),
    );
    s.push('');
  }

  if (r.fanout.length) {
    s.push('## 2. Fan-out (one publish of 64 B to every subscriber of one channel)');
    s.push('');
    s.push(
      table(
        ['server', 'subscribers', 'publish → last subscriber p50 (ms)', 'p99 (ms)', 'deliveries/s (4 publishes in flight)', '× bare ws', 'server CPU', 'load-gen CPU', 'others on server core'],
        r.fanout.map((f) => [TARGET_LABEL[f.target], n0(f.subscribers), spread(f.p50, f1), spread(f.p99, f1), spread(f.deliveriesPerSec, n0), x2(f.ratioVsWs), cpu(f.serverCpu), cpu(f.loadCpu), cpu(f.othersOnServerCore)]),
      ),
    );
    if (r.fanout.some((f) => f.incomplete)) s.push(`\nPublishes that did not reach every subscriber in time: ${r.fanout.filter((f) => f.incomplete).map((f) => `${TARGET_LABEL[f.target]} @${f.subscribers}: ${f.incomplete}`).join(', ')}.`);
    s.push('');
  }

  if (r.idle.rows.length) {
    s.push(`## 3. Idle connections (authenticated, heartbeat every ${r.idle.heartbeatMs / 1000} s on every server)`);
    s.push('');
    s.push(
      table(
        ['server', 'connections', 'RSS (MB)', 'RSS per conn', '× bare ws', 'heap per conn', 'CPU per 10k conns (% of a core)', 'CPU per heartbeat (µs)'],
        r.idle.rows.map((x) => [
          TARGET_LABEL[x.target],
          x.connected < x.connections ? `${n0(x.connected)} of ${n0(x.connections)}` : n0(x.connections),
          f1(x.rssMB.median),
          spread(x.rssPerConnKB, (v) => `${f1(v)} KB`),
          x2(x.rssRatioVsWs),
          spread(x.heapPerConnKB, (v) => `${f1(v)} KB`),
          spread(x.cpuPer10k, (v) => f2(v * 100)),
          spread(x.usPerHeartbeat, f1),
        ]),
      ),
    );
    s.push('');
    s.push(`Per connection = (server after a full GC with N connections − the same server empty) / N. Empty servers: ${r.idle.empty.map((e) => `${TARGET_LABEL[e.target]} ${f1(e.rssMB)} MB RSS / ${f1(e.heapMB)} MB heap`).join('; ')}. CPU over ${r.idle.cpuWindowMs / 1000} s windows, less the empty server's.`);
    s.push('');    const projection = projectIdle(r);
    if (projection.length) {
      s.push('#### Projection to 50,000 connections (extrapolated, not measured)');
      s.push('');
      s.push(table(['server', 'measured steps (connections)', 'slope: RSS per added connection', 'heap per added connection', 'RSS at 50,000 (projected)', 'heap at 50,000 (projected)', '× bare ws (RSS)'], projection));
      s.push('');
      s.push('Method: the slope is the difference between the two largest measured steps (after a full GC) divided by the connections added, the marginal cost of one more idle connection once the server is warm; the projection is the largest measured step plus that slope times the connections still missing. It assumes memory stays linear in the connection count (it does between the measured steps) and says nothing about limits this machine cannot reach (a file-descriptor limit above 50,000, the kernel\'s socket memory).');
      s.push('');
    }
  }

  if (r.handshake.length || r.storm.length) {
    s.push('## 4. Connection rate and reconnect storm');
    s.push('');
  }
  if (r.handshake.length) {
    s.push(
      table(
        ['server', 'handshakes/s with auth (open → authenticated → close)', '× bare ws', 'failures'],
        r.handshake.map((h) => [TARGET_LABEL[h.target], spread(h.perSec, n0), x2(h.ratioVsWs), Object.keys(h.failures).length ? Object.entries(h.failures).map(([k, v]) => `${k}: ${v}`).join(', ') : 'none']),
      ),
    );
    s.push('');
  }
  if (r.storm.length) {
    s.push(
      table(
        ['server + client', 'clients', 'how they drop', 'wsgate admission', 'all back after (s)', 'busiest 100 ms: share of reconnects (clients)', 'largest share of attempts in 100 ms', 'not back'],
        r.storm.map((x) => [
          `${TARGET_LABEL[x.target]} + ${x.client}`,
          n0(x.clients),
          x.mode === 'kill' ? 'server killed, restarted at once' : 'server drained (SIGTERM), restarted when it exits',
          x.target.startsWith('wsgate') ? (x.admission === 'defaults' ? 'defaults (500/s, burst 1,000, max 10,000)' : 'lifted') : '—',
          spread(x.allBackMs, (v) => f2(v / 1000)),
          `${spread(x.maxReconnectShare100ms, pct)} (${n0(x.maxReconnectShare100ms.median * x.clients)})`,
          spread(x.maxAttemptShare100ms, pct),
          n0(x.notBack),
        ]),
      ),
    );
    s.push('');
  }

  if (r.bundle.length) {
    s.push('## 5. Client bundle size (esbuild, minified, ESM, browser, gzip -9)');
    s.push('');
    const ours = r.bundle.find((b) => b.name === 'wsgate/client');
    s.push(table(['client', 'version', 'minified', 'min + gzip', '× wsgate/client'], r.bundle.map((b) => [b.entry, b.version, kb(b.minified), kb(b.gzipped), ours ? `${(b.gzipped / ours.gzipped).toFixed(2)}×` : '—'])));
    s.push('');
  }

  if (r.api?.length) {
    s.push('## 6. Server API: a backend\'s publish → subscribers (docs/backend.md)');
    s.push('');
    s.push(`One \`POST /api/publish\` at a time over keep-alive HTTP, timed from the write until the API's answer, the first and the last of ${n0(r.api[0]!.subscribers)} subscribers have it.`);
    s.push('');
    s.push(
      table(
        ['server', 'answer p50 (ms)', 'answer p99 (ms)', 'first subscriber p50 (ms)', 'p99 (ms)', 'last subscriber p50 (ms)', 'p99 (ms)'],
        r.api.map((a) => [TARGET_LABEL[a.target], spread(a.ackP50, f2), spread(a.ackP99, f2), spread(a.firstP50, f2), spread(a.firstP99, f2), spread(a.lastP50, f2), spread(a.lastP99, f2)]),
      ),
    );
    if (r.api.some((a) => a.incomplete)) s.push(`\nPublishes that did not reach every subscriber in time: ${r.api.filter((a) => a.incomplete).map((a) => `${TARGET_LABEL[a.target]}: ${a.incomplete}`).join(', ')}.`);
    s.push('');
  }

  if (r.transports?.length) {
    const ws = r.transports.find((t) => t.transport === 'websocket');
    s.push('## 7. WebSocket and the SSE fallback (one wsgate server, the SDK as the load)');
    s.push('');
    s.push(
      table(
        ['transport', `echo msgs/s (${ws?.echoConnections ?? '?'} connections, 8 in flight)`, '× WebSocket', `idle: KB RSS per session (${ws?.idleSessions ?? '?'})`, 'KB heap per session'],
        r.transports.map((t) => [t.transport === 'sse' ? 'SSE + POST' : 'WebSocket', spread(t.msgsPerSec, n0), ws ? `${(t.msgsPerSec.median / ws.msgsPerSec.median).toFixed(2)}×` : '—', spread(t.rssPerSessionKB, f1), spread(t.heapPerSessionKB, f1)]),
      ),
    );
    s.push('');
    s.push('Echo: each connection publishes to a channel it subscribes to (publish → ack + message). Over SSE a publish is a POST (batched, one in flight per session) and its ack and message come down the stream. Per session = (server after a full GC with the sessions open − the same server before) / sessions.');
    s.push('');
  }

  s.push(`![throughput and memory against connection count](${chartFile})`);
  s.push('');
  if (r.notes.length || r.errors.length || r.skipped.length) {
    s.push('## Notes');
    s.push('');
    for (const n of r.notes) s.push(`- ${n}`);
    for (const sk of r.skipped) s.push(`- Section "${sk}" was skipped: the run's time budget was used up.`);
    for (const e of r.errors) s.push(`- ERROR in ${e.section} / ${e.target} (run ${e.run + 1}): ${errorSummary(e.error)}`);
    s.push('');
  }
  return s.join('\n');
}
