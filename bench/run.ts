// `npm run bench`: wsgate side by side with a bare `ws` server and Socket.IO 4, in one run on one
// machine (docs/benchmarks.md). Every section runs each server in turn, in a rotated order per run (baselines
// and ours interleaved), each server in its own child process; the figures are medians over the
// runs. Writes bench/results/<name>.json, <name>.md and <name>.svg.
//
//   npm run bench               full run (several minutes)
//   npm run bench -- --quick    smoke run, under 2 minutes (CI)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ArgsError, USAGE, parseArgs, type BenchArgs } from './lib/args.js';
import type { BenchContext } from './lib/context.js';
import { fileLimits, machineInfo, raiseFileLimit, setUpPinning, sourceAddresses } from './lib/machine.js';
import { LOG_DIR, ServerProcess, TARGET_LABEL, killAll, removeLogs, spawnPinned, type ServerConfig, type Target } from './lib/procs.js';
import { figure, groupBy, ratio, type ApiRow, type BenchResults, type EchoLatencyRow, type EchoThroughputRow, type FanoutRow, type HandshakeRow, type IdleRow, type StormRow } from './lib/results.js';
import type { Section } from './lib/sections.js';
import { median } from './lib/stats.js';
import { API_KEY, apiRun, type ApiResult } from './scenarios/api.js';
import { measureBundles } from './scenarios/bundle.js';
import { echoSection, echoTiming, ECHO_WINDOW, LATENCY_RATE, type EchoSectionResult } from './scenarios/echo.js';
import { fanoutRun, type FanoutResult } from './scenarios/fanout.js';
import { handshakeRun, type HandshakeResult } from './scenarios/handshake.js';
import { idleRun, type IdleResult } from './scenarios/idle.js';
import { stormRun, STORM_CLIENTS, type StormAdmission, type StormMode, type StormResult } from './scenarios/storm.js';
import { transportsRun, transportsTiming, type TransportRow } from './scenarios/transports.js';
import { errorSummary, renderMarkdown, verdicts } from './report/markdown.js';
import { renderSoak, soakVerdicts } from './report/soak.js';
import { soakRun } from './scenarios/soak.js';
import { renderChart } from './report/chart.js';
import { freePort, waitForPort } from '../test/lab/net.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const HOST = '127.0.0.1';
/** Every server pings at this interval in the idle test (quick: shorter, so the CPU window is short). */
const IDLE_HEARTBEAT_MS = 2000;
const IDLE_HEARTBEAT_QUICK_MS = 1000;

/** Limits lifted for wsgate so the load is measured, not refused (each is a documented flag). */
const WSGATE_CAPACITY = { maxConnections: 1_000_000, admissionRate: 1_000_000, admissionBurst: 1_000_000 };
const WSGATE_NO_RATE_LIMIT = { rateLimit: 1_000_000, rateBurst: 1_000_000 };

/** wsgate options with the capacity settings back at the server's defaults. */
function withoutCapacity(options: unknown): Record<string, unknown> {
  const o = { ...(options as Record<string, unknown>) };
  for (const k of Object.keys(WSGATE_CAPACITY)) delete o[k];
  return o;
}

function log(line: string): void {
  process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);
}

function versionOf(pkg: string): string {
  try {
    return (JSON.parse(readFileSync(join(root, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '?';
  }
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const s = statSync(p);
    newest = Math.max(newest, s.isDirectory() ? newestMtime(p) : s.mtimeMs);
  }
  return newest;
}

/** The servers under test run the built package (dist/), as `wsgate serve` does: build it if stale. */
function ensureBuilt(): void {
  const entry = join(root, 'dist/server/index.js');
  const client = join(root, 'dist/client/index.js');
  if (existsSync(entry) && existsSync(client) && statSync(entry).mtimeMs >= newestMtime(join(root, 'src'))) return;
  log('building dist/ (tsc -p tsconfig.build.json)');
  const r = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`build failed:\n${r.stdout}${r.stderr}`);
}

/** A Redis of our own for the wsgate-redis target (so the bench never touches anyone else's data). */
async function startRedis(ctx: BenchContext, pinCore: number): Promise<string | null> {
  if (spawnSync('redis-server', ['--version']).error) return null;
  const host = ctx.sourceAddrs[0]!;
  const port = await freePort(host);
  mkdirSync(LOG_DIR, { recursive: true });
  spawnPinned(['redis-server', '--bind', host, '--port', String(port), '--save', '', '--appendonly', 'no', '--protected-mode', 'no'], pinCore, { logFile: join(LOG_DIR, 'redis.log') });
  await waitForPort(host, port, 10000);
  return `redis://${host}:${port}`;
}

/** Puts the latest full run's tables into docs/benchmarks.md, between its markers. */
function updateDocs(results: BenchResults): void {
  const doc = join(root, 'docs/benchmarks.md');
  if (!existsSync(doc)) return;
  const text = readFileSync(doc, 'utf8');
  const start = '<!-- bench:latest:start -->';
  const end = '<!-- bench:latest:end -->';
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  if (a < 0 || b < a) return;
  const body = renderMarkdown(results, '../bench/results/latest.svg')
    .split('\n')
    .filter((l) => !l.startsWith('# '))
    .map((l) => (l.startsWith('#') ? `#${l}` : l))
    .join('\n')
    .trim();
  writeFileSync(doc, `${text.slice(0, a + start.length)}\n${body}\n${text.slice(b)}`);
  log('updated docs/benchmarks.md');
}

function rotate<T>(xs: T[], k: number): T[] {
  const n = xs.length;
  return xs.map((_, i) => xs[(i + k) % n]!);
}

interface Collected {
  echo: EchoSectionResult;
  fanout: Array<{ target: Target; run: number; r: FanoutResult }>;
  idle: Array<{ target: Target; run: number; r: IdleResult }>;
  handshake: Array<{ target: Target; run: number; r: HandshakeResult }>;
  storm: Array<{ target: Target; run: number; r: StormResult }>;
  api: Array<{ target: Target; run: number; r: ApiResult }>;
  transports: Array<{ run: number; rows: TransportRow[] }>;
}

async function main(args: BenchArgs): Promise<number> {
  const started = new Date();
  const limit = raiseFileLimit();
  const pin = setUpPinning(!args.pin);
  const workers = args.workers ?? Math.max(1, pin.enabled ? pin.loadCores.length : 1);
  const files = fileLimits();
  // one process holds both ends' worth of sockets at most: keep a margin for everything else
  const maxConnections = Math.max(100, Math.min(50000, files.soft - 300));
  // quick: sections starting past 110 s are skipped (the storm is six runs of 300 clients: about 45 s)
  const budgetMs = args.quick ? 110_000 : 45 * 60_000;
  const deadline = Date.now() + budgetMs;
  // a hard stop, whatever hangs: kill every child and leave
  const watchdog = setTimeout(() => {
    log(`watchdog: over ${Math.round((budgetMs + 60_000) / 1000)} s, stopping`);
    killAll();
    process.exit(3);
  }, budgetMs + 60_000);
  watchdog.unref();

  const ctx: BenchContext = { quick: args.quick, pin, host: HOST, sourceAddrs: sourceAddresses(110, 200), workers, maxConnections, redisUrl: null, log };
  log(`wsgate bench (${args.quick ? 'quick' : 'full'}; ${args.runs} run(s) per figure; sections: ${args.sections.join(', ')})`);
  log(`pinning: ${pin.note}; ${limit.note}; load generator: ${workers} worker thread(s); max connections per process here: ${maxConnections}`);

  if (args.soakMs) return soak(ctx, args);

  const notes: string[] = [];
  const errors: BenchResults['errors'] = [];
  const skipped: string[] = [];
  if (!pin.enabled) notes.push(`Not pinned: ${pin.note}. Servers and the load generator compete for the same cores.`);
  if (maxConnections < 50000) notes.push(`The open-file limit here is ${files.hard} per process (ulimit -Hn), so the idle test stops at ${maxConnections} connections instead of 50,000.`);

  ensureBuilt();
  let targets = [...args.targets];
  if (targets.includes('wsgate-redis') && args.sections.some((s) => s === 'echo' || s === 'fanout' || s === 'api')) {
    // Redis shares the load generator's core: the server's core stays the server's own
    ctx.redisUrl = await startRedis(ctx, pin.enabled ? pin.loadCores[0]! : -1);
    if (!ctx.redisUrl) {
      notes.push('redis-server not found: the wsgate-redis target was skipped.');
      targets = targets.filter((t) => t !== 'wsgate-redis');
    } else log(`redis for wsgate-redis: ${ctx.redisUrl}`);
  }

  const cfgFor = (target: Target, section: Section, extra: Partial<ServerConfig> = {}): ServerConfig => {
    const base: ServerConfig = { host: HOST, port: 0, users: 1000, ...extra };
    if (!target.startsWith('wsgate')) return base;
    const options: Record<string, unknown> = { ...WSGATE_CAPACITY };
    // throughput tests send far above the per-connection rate limit (default 20 msg/s, burst 40)
    if (section === 'echo' || section === 'fanout' || section === 'transports') Object.assign(options, WSGATE_NO_RATE_LIMIT);
    if (section === 'storm' && args.quick) options.drainWindow = 2000;
    if (section === 'api') Object.assign(options, WSGATE_NO_RATE_LIMIT, { apiKey: API_KEY });
    return { ...base, options, ...(target === 'wsgate-redis' ? { broker: ctx.redisUrl! } : {}) };
  };

  const got: Collected = { echo: { throughput: [], latency: [], notes: [], errors: [] }, fanout: [], idle: [], handshake: [], storm: [], api: [], transports: [] };
  const overBudget = (section: string) => {
    if (Date.now() < deadline) return false;
    if (!skipped.includes(section)) skipped.push(section);
    return true;
  };

  /** Starts the target's server, runs `body`, stops the server; an error is recorded, not thrown. */
  async function withServer<T>(section: Section, target: Target, run: number, cfg: ServerConfig, body: (s: ServerProcess) => Promise<T>): Promise<T | undefined> {
    let server: ServerProcess | undefined;
    try {
      server = await ServerProcess.start(target, cfg, pin);
      return await body(server);
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      errors.push({ section, target, run, error: msg.slice(0, 2000) });
      log(`  ERROR ${section}/${target}: ${errorSummary(msg)}`);
      if (server) log(`  server log tail:\n${server.output().slice(-1000)}`);
      return undefined;
    } finally {
      await server?.stop('SIGKILL');
    }
  }

  let bundle: BenchResults['bundle'] = [];
  /** The machine's 1-minute load average when each section started and ended (other work on the box shows here). */
  const load: Record<string, [number, number]> = {};
  for (const section of args.sections) {
    if (overBudget(section)) continue;
    const loadAtStart = loadavg()[0]!;
    log(`— ${section} (load average ${loadAtStart.toFixed(2)})`);
    try {
      await runSection(section);
    } finally {
      load[section] = [Math.round(loadAtStart * 100) / 100, Math.round(loadavg()[0]! * 100) / 100];
    }
  }

  async function runSection(section: Section): Promise<void> {
    if (section === 'bundle') {
      try {
        bundle = await measureBundles();
        for (const b of bundle) log(`  ${b.name}: ${b.gzipped} B min+gzip (${b.minified} B min)`);
      } catch (err) {
        errors.push({ section, target: '-', run: 0, error: String(err) });
      }
      return;
    }
    if (section === 'transports') {
      // wsgate only: the same server over each of its transports (the SDK is the load).
      for (let run = 0; run < args.runs; run++) {
        if (overBudget(section)) break;
        const users = 1000;
        const rows = await withServer(section, 'wsgate', run, cfgFor('wsgate', section, { users, pingInterval: 60_000 }), (s) => transportsRun(ctx, s, users));
        if (!rows) continue;
        got.transports.push({ run, rows });
        for (const r of rows) log(`  run ${run + 1} ${r.transport}: echo ${Math.round(r.msgsPerSec)} msgs/s over ${r.echoConnections}; ${r.idleSessions} idle: ${r.rssPerSessionKB.toFixed(1)} KB RSS, ${r.heapPerSessionKB.toFixed(1)} KB heap per session`);
      }
      return;
    }
    if (section === 'echo') {
      // all servers up at once, measurement windows alternating between them (see echo.ts)
      got.echo = await echoSection(ctx, targets, (t) => ServerProcess.start(t, cfgFor(t, section), pin), args.runs);
      for (const e of got.echo.errors) {
        errors.push({ section, target: e.target, run: 0, error: e.error.slice(0, 2000) });
        log(`  ERROR echo/${e.target}: ${errorSummary(e.error)}`);
      }
      for (const t of got.echo.throughput.filter((x) => x.connections === 100 && x.via !== 'ping')) log(`  run ${t.run + 1} ${t.target}: ${t.size} B @100 conns ${Math.round(t.msgsPerSec)} msgs/s (server ${(t.serverCpu * 100).toFixed(0)} %, load generator ${(t.loadCpu * 100).toFixed(0)} %, other processes on the server's core ${Number.isFinite(t.othersOnServerCore) ? `${(t.othersOnServerCore * 100).toFixed(0)} %` : 'n/a'})`);
      return;
    }
    for (let run = 0; run < args.runs; run++) {
      if (overBudget(section)) break;
      const order = rotate(targets, run);
      for (const target of order) {
        if (overBudget(section)) break;
        if (section === 'fanout') {
          const counts = args.quick ? [1000] : [1000, 10000];
          const rs = await withServer(section, target, run, cfgFor(target, section, { users: Math.max(...counts) + 1 }), (s) => fanoutRun(ctx, target, s, counts));
          for (const r of rs ?? []) {
            got.fanout.push({ target, run, r });
            log(`  run ${run + 1} ${target}: ${r.subscribers} subs p50 ${r.p50.toFixed(1)} ms p99 ${r.p99.toFixed(1)} ms, ${Math.round(r.deliveriesPerSec)} deliveries/s (server ${(r.serverCpu * 100).toFixed(0)} %, load generator ${(r.loadCpu * 100).toFixed(0)} %, others on server core ${Number.isFinite(r.othersOnServerCore) ? `${(r.othersOnServerCore * 100).toFixed(0)} %` : 'n/a'})${r.incomplete ? `, ${r.incomplete} publishes incomplete` : ''}${r.notes.length ? ` (${r.notes.join('; ')})` : ''}`);
          }
        } else if (section === 'api') {
          if (!target.startsWith('wsgate')) continue; // the server API is wsgate's own
          const r = await withServer(section, target, run, cfgFor(target, section, { users: 1001 }), (s) => apiRun(ctx, s));
          if (r) {
            got.api.push({ target, run, r });
            log(`  run ${run + 1} ${target}: POST /api/publish → ${r.connected} subscribers: answer p50 ${r.ackP50.toFixed(2)} ms, first p50 ${r.firstP50.toFixed(2)} ms, last p50 ${r.lastP50.toFixed(2)} ms p99 ${r.lastP99.toFixed(2)} ms${r.incomplete ? `, ${r.incomplete} incomplete` : ''}${r.notes.length ? ` (${r.notes.join('; ')})` : ''}`);
          }
        } else if (section === 'idle') {
          if (target === 'wsgate-redis') continue;
          const users = Math.ceil(maxConnections / 10) + 10;
          const hb = args.quick ? IDLE_HEARTBEAT_QUICK_MS : IDLE_HEARTBEAT_MS;
          const r = await withServer(section, target, run, cfgFor(target, section, { users, pingInterval: hb }), (s) => idleRun(ctx, target, s, hb));
          if (r) {
            got.idle.push({ target, run, r });
            for (const st of r.steps) log(`  run ${run + 1} ${target}: ${st.connected} idle: ${st.rssPerConnKB.toFixed(1)} KB RSS/conn, ${st.heapPerConnKB.toFixed(1)} KB heap/conn, ${(st.cpuPer10k * 100).toFixed(2)} % core per 10k`);
          }
        } else if (section === 'handshake') {
          if (target === 'wsgate-redis') continue;
          const r = await withServer(section, target, run, cfgFor(target, section), (s) => handshakeRun(ctx, target, s));
          if (r) {
            got.handshake.push({ target, run, r });
            log(`  run ${run + 1} ${target}: ${Math.round(r.perSec)} handshakes/s (${r.ok}/${r.attempted})`);
          }
        } else if (section === 'storm') {
          if (target === 'wsgate-redis') continue;
          // wsgate also with its default admission settings (rate, burst, capacity): what a
          // deployment that changed nothing gets.
          const variants: Array<[StormMode, StormAdmission]> = target === 'wsgate' ? [['kill', 'lifted'], ['drain', 'lifted'], ['kill', 'defaults'], ['drain', 'defaults']] : [['kill', 'lifted']];
          const clients = args.quick ? 300 : 10000;
          for (const [mode, admission, client] of variants.flatMap(([m, a]) => STORM_CLIENTS[target].map((c) => [m, a, c] as const))) {
            if (overBudget(section)) break;
            const cfg = cfgFor(target, section, { users: Math.ceil(clients / 10) + 10 });
            if (admission === 'defaults') cfg.options = withoutCapacity(cfg.options);
            let current: ServerProcess | undefined;
            try {
              const first = await ServerProcess.start(target, cfg, pin);
              current = first;
              const { result, server } = await stormRun(ctx, target, first, async (port) => (current = await ServerProcess.start(target, { ...cfg, port }, pin)), mode, clients, client, admission);
              current = server;
              got.storm.push({ target, run, r: result });
              log(`  run ${run + 1} ${target}/${client} (${mode}, admission ${admission}): ${result.back}/${result.connected} back in ${(result.allBackMs / 1000).toFixed(2)} s; max ${(result.maxReconnectShare100ms * 100).toFixed(1)} % of reconnects in 100 ms${result.libraryErrors ? `; ${result.libraryErrors} exception(s) thrown by the client library (${result.firstLibraryError})` : ''}`);
            } catch (err) {
              const msg = err instanceof Error ? err.message : String(err);
              errors.push({ section, target: `${target}/${client}/${mode}/${admission}`, run, error: msg.slice(0, 2000) });
              log(`  ERROR storm/${target}/${client}/${mode}/${admission}: ${errorSummary(msg)}`);
            } finally {
              await current?.stop('SIGKILL');
            }
          }
        }
      }
    }
  }

  const results = aggregate(got, {
    load,
    args,
    started,
    bundle,
    errors,
    notes,
    skipped,
    machine: { ...machineInfo(), pinning: pin.note, pinned: pin.enabled, fileLimit: `${files.soft} (hard ${files.hard})`, maxConnectionsPerProcess: maxConnections, loadWorkers: workers },
  });
  mkdirSync(resolve(root, args.outDir), { recursive: true });
  const base = resolve(root, args.outDir, args.name);
  writeFileSync(`${base}.json`, JSON.stringify(results, null, 2) + '\n');
  const svg = renderChart(results);
  writeFileSync(`${base}.svg`, svg);
  writeFileSync(`${base}.md`, renderMarkdown(results, `${args.name}.svg`));
  if (!args.quick && args.name === 'latest' && resolve(root, args.outDir) === resolve(root, 'bench/results')) updateDocs(results);
  log(`wrote ${base}.json, .md, .svg (${results.durationS} s)`);
  for (const v of results.targets) log(`target: ${v.goal}: ${v.value} → ${v.verdict}`);
  if (errors.length) log(`${errors.length} error(s); server logs kept in ${LOG_DIR}`);
  else removeLogs();
  return errors.length ? 1 : 0;
}

function aggregate(
  got: Collected,
  o: { load: Record<string, [number, number]>; args: BenchArgs; started: Date; bundle: BenchResults['bundle']; errors: BenchResults['errors']; notes: string[]; skipped: string[]; machine: Record<string, unknown> },
): BenchResults {
  // echo throughput
  const tp = got.echo.throughput;
  const throughput: EchoThroughputRow[] = groupBy(tp, (t) => `${t.target}|${t.via}|${t.connections}|${t.size}`).map(([, rows]) => {
    const f = rows[0]!;
    return { target: f.target, via: f.via, connections: f.connections, size: f.size, msgsPerSec: figure(rows.map((r) => r.msgsPerSec)), ratioVsWs: null, serverCpu: median(rows.map((r) => r.serverCpu)), loadCpu: median(rows.map((r) => r.loadCpu)), othersOnServerCore: median(rows.map((r) => r.othersOnServerCore)), perServerCpuSec: figure(rows.map((r) => (r.serverCpu > 0 ? r.msgsPerSec / r.serverCpu : Number.NaN))), perCpuRatioVsWs: null };
  });
  for (const row of throughput) {
    const base = throughput.find((b) => b.target === 'ws' && b.connections === row.connections && b.size === row.size);
    row.ratioVsWs = ratio(row.msgsPerSec.median, base?.msgsPerSec.median);
    row.perCpuRatioVsWs = ratio(row.perServerCpuSec.median, base?.perServerCpuSec.median);
  }
  const lt = got.echo.latency;
  const latency: EchoLatencyRow[] = groupBy(lt, (l) => `${l.target}|${l.size}`).map(([, rows]) => {
    const f = rows[0]!;
    return { target: f.target, via: f.via, size: f.size, rate: f.rate, p50: figure(rows.map((r) => r.p50)), p99: figure(rows.map((r) => r.p99)) };
  });
  // fan-out
  const fanout: FanoutRow[] = groupBy(got.fanout, (f) => `${f.target}|${f.r.subscribers}`).map(([, rows]) => ({
    target: rows[0]!.target,
    subscribers: rows[0]!.r.subscribers,
    p50: figure(rows.map((x) => x.r.p50)),
    p99: figure(rows.map((x) => x.r.p99)),
    deliveriesPerSec: figure(rows.map((x) => x.r.deliveriesPerSec)),
    ratioVsWs: null,
    incomplete: rows.reduce((s, x) => s + x.r.incomplete, 0),
    serverCpu: median(rows.map((x) => x.r.serverCpu)),
    loadCpu: median(rows.map((x) => x.r.loadCpu)),
    othersOnServerCore: median(rows.map((x) => x.r.othersOnServerCore)),
  }));
  for (const row of fanout) row.ratioVsWs = ratio(row.deliveriesPerSec.median, fanout.find((b) => b.target === 'ws' && b.subscribers === row.subscribers)?.deliveriesPerSec.median);
  // server API
  const api: ApiRow[] = groupBy(got.api, (a) => a.target).map(([, rows]) => {
    const f = (pick: (r: ApiResult) => number) => figure(rows.map((x) => pick(x.r)));
    return { target: rows[0]!.target, subscribers: rows[0]!.r.connected, ackP50: f((r) => r.ackP50), ackP99: f((r) => r.ackP99), firstP50: f((r) => r.firstP50), firstP99: f((r) => r.firstP99), lastP50: f((r) => r.lastP50), lastP99: f((r) => r.lastP99), incomplete: rows.reduce((n, x) => n + x.r.incomplete, 0) };
  });
  // idle
  const steps = got.idle.flatMap(({ target, r }) => r.steps.map((s) => ({ target, ...s })));
  const idleRows: IdleRow[] = groupBy(steps, (s) => `${s.target}|${s.connections}`).map(([, rows]) => ({
    target: rows[0]!.target,
    connections: rows[0]!.connections,
    connected: Math.min(...rows.map((r) => r.connected)),
    rssMB: figure(rows.map((r) => r.rssMB)),
    heapMB: figure(rows.map((r) => r.heapMB)),
    rssPerConnKB: figure(rows.map((r) => r.rssPerConnKB)),
    heapPerConnKB: figure(rows.map((r) => r.heapPerConnKB)),
    cpuPer10k: figure(rows.map((r) => r.cpuPer10k)),
    usPerHeartbeat: figure(rows.map((r) => r.usPerHeartbeat)),
    rssRatioVsWs: null,
  }));
  for (const row of idleRows) row.rssRatioVsWs = ratio(row.rssPerConnKB.median, idleRows.find((b) => b.target === 'ws' && b.connections === row.connections)?.rssPerConnKB.median);
  const empty = groupBy(got.idle, (x) => x.target).map(([, rows]) => ({ target: rows[0]!.target, rssMB: median(rows.map((x) => x.r.emptyRssMB)), heapMB: median(rows.map((x) => x.r.emptyHeapMB)) }));
  // handshakes
  const handshake: HandshakeRow[] = groupBy(got.handshake, (h) => h.target).map(([, rows]) => {
    const failures: Record<string, number> = {};
    for (const x of rows) for (const [k, v] of Object.entries(x.r.failures)) failures[k] = (failures[k] ?? 0) + v;
    return { target: rows[0]!.target, perSec: figure(rows.map((x) => x.r.perSec)), ratioVsWs: null, failures };
  });
  for (const row of handshake) row.ratioVsWs = ratio(row.perSec.median, handshake.find((b) => b.target === 'ws')?.perSec.median);
  // storm
  const storm: StormRow[] = groupBy(got.storm, (s) => `${s.target}|${s.r.client}|${s.r.mode}|${s.r.admission}`).map(([, rows]) => ({
    target: rows[0]!.target,
    client: rows[0]!.r.client,
    mode: rows[0]!.r.mode,
    admission: rows[0]!.r.admission,
    clients: rows[0]!.r.clients,
    allBackMs: figure(rows.map((x) => x.r.allBackMs)),
    maxReconnectShare100ms: figure(rows.map((x) => x.r.maxReconnectShare100ms)),
    maxAttemptShare100ms: figure(rows.map((x) => x.r.maxAttemptShare100ms)),
    notBack: rows.reduce((s, x) => s + (x.r.connected - x.r.back), 0),
  }));

  const finished = new Date();
  const results: BenchResults = {
    schema: 1,
    mode: o.args.quick ? 'quick' : 'full',
    startedAt: o.started.toISOString(),
    finishedAt: finished.toISOString(),
    durationS: Math.round((finished.getTime() - o.started.getTime()) / 1000),
    runs: o.args.runs,
    machine: o.machine,
    loadAverage: o.load,
    versions: {
      node: process.version,
      wsgate: (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version,
      ws: versionOf('ws'),
      bufferutil: versionOf('bufferutil'),
      'socket.io': versionOf('socket.io'),
      'socket.io-client': versionOf('socket.io-client'),
      'reconnecting-websocket': versionOf('reconnecting-websocket'),
      partysocket: versionOf('partysocket'),
      esbuild: versionOf('esbuild'),
    },
    settings: {
      targets: Object.fromEntries(o.args.targets.map((t) => [t, TARGET_LABEL[t]])),
      echo: { window: ECHO_WINDOW, sizes: [64, 4096], latencyRates: LATENCY_RATE, ...echoTiming(o.args.quick) },
      fanout: { subscribers: o.args.quick ? [1000] : [1000, 10000], publishes: o.args.quick ? 10 : 50, payloadBytes: 64, window: 4 },
      idle: { heartbeatMs: got.idle[0]?.r.heartbeatMs ?? IDLE_HEARTBEAT_MS, connections: got.idle[0]?.r.steps.map((s) => s.connections) ?? [] },
      handshake: { total: o.args.quick ? 500 : 5000, concurrency: o.args.quick ? 50 : 100 },
      storm: { clients: o.args.quick ? 300 : 10000 },
      api: { subscribers: o.args.quick ? 50 : 1000, publishes: o.args.quick ? 30 : 300 },
      transports: transportsTiming(o.args.quick),
      wsgateOptions: { all: WSGATE_CAPACITY, echoAndFanout: WSGATE_NO_RATE_LIMIT, storm: o.args.quick ? { drainWindow: 2000 } : {} },
    },
    sections: o.args.sections,
    echo: { throughput, latency },
    fanout,
    idle: { heartbeatMs: got.idle[0]?.r.heartbeatMs ?? IDLE_HEARTBEAT_MS, cpuWindowMs: got.idle[0]?.r.cpuWindowMs ?? 0, empty, rows: idleRows },
    handshake,
    storm,
    api,
    transports: groupBy(got.transports.flatMap((x) => x.rows), (r) => r.transport).map(([, rows]) => ({
      transport: rows[0]!.transport,
      echoConnections: rows[0]!.echoConnections,
      idleSessions: rows[0]!.idleSessions,
      msgsPerSec: figure(rows.map((r) => r.msgsPerSec)),
      rssPerSessionKB: figure(rows.map((r) => r.rssPerSessionKB)),
      heapPerSessionKB: figure(rows.map((r) => r.heapPerSessionKB)),
    })),
    bundle: o.bundle,
    targets: [],
    errors: o.errors,
    notes: [
      ...o.notes,
      ...got.idle.flatMap((x) => x.r.steps.filter((st) => st.stillOpen < st.connected).map((st) => `idle/${x.target} (run ${x.run + 1}): ${st.connected - st.stillOpen} of ${st.connected} idle connections closed during the heartbeat window`)),
      ...got.echo.notes.map((n) => `echo/${n}`), ...got.fanout.flatMap((f) => f.r.notes.map((n) => `fanout/${f.target}: ${n}`)), ...got.idle.flatMap((f) => f.r.notes.map((n) => `idle/${f.target}: ${n}`)), ...got.api.flatMap((f) => f.r.notes.map((n) => `api/${f.target}: ${n}`))],
    skipped: o.skipped,
  };
  results.targets = verdicts(results, previousRun(o.args.quick));
  return results;
}

/** `--soak`: the soak alone, written to <out>/soak.{json,md}. */
async function soak(ctx: BenchContext, args: BenchArgs): Promise<number> {
  const startedAt = new Date().toISOString();
  log(`— soak for ${args.soakMs / 60_000} min (load average ${loadavg()[0]!.toFixed(2)})`);
  const r = await soakRun(ctx, args.soakMs, (cfg) => ServerProcess.start('wsgate', cfg, ctx.pin));
  const m = machineInfo();
  const line = `${m.cpuModel} × ${m.cores} cores, ${m.memoryGB} GB, Node ${m.node}, server on core ${ctx.pin.enabled ? ctx.pin.serverCore : '(not pinned)'}, load average at the end ${loadavg().map((x) => x.toFixed(2)).join(' ')} (a machine shared with other developers)`;
  const base = resolve(root, args.outDir, 'soak');
  mkdirSync(resolve(root, args.outDir), { recursive: true });
  writeFileSync(`${base}.json`, JSON.stringify({ startedAt, machine: m, ...r }, null, 2) + '\n');
  writeFileSync(`${base}.md`, renderSoak(r, startedAt, line));
  const verdicts = soakVerdicts(r);
  for (const [goal, value, ok] of verdicts) log(`soak: ${goal}: ${value} → ${ok ? 'met' : 'missed'}`);
  log(`wrote ${base}.json, .md`);
  return verdicts.every(([, , ok]) => ok) ? 0 : 1;
}

/**
 * The run every other figure must be no slower than: the last full run before the speed work
 * (bench/results/baseline-2026-11-24.json; docs/benchmarks.md "Against the targets"). Quick runs compare nothing.
 */
function previousRun(quick: boolean): BenchResults | undefined {
  const file = join(root, 'bench', 'results', 'baseline-2026-11-24.json');
  if (quick || !existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8')) as BenchResults;
}

let args: BenchArgs;
try {
  args = parseArgs(process.argv.slice(2));
} catch (err) {
  if (err instanceof ArgsError) {
    process.stderr.write(`bench: ${err.message}\n\n${USAGE}\n`);
    process.exit(2);
  }
  throw err;
}
if (args.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
main(args).then(
  (code) => {
    killAll();
    process.exit(code);
  },
  (err: unknown) => {
    process.stderr.write(`bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    killAll();
    process.exit(1);
  },
);
