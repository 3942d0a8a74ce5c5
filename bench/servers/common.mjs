// What every server under test shares with the bench harness: its config (JSON in
// BENCH_SERVER_CONFIG), the "listening" line, and an IPC channel the harness uses to read
// memory after a full GC. The process exits when the harness goes away (IPC disconnect), so a
// crashed harness never leaves a server behind.

/** @typedef {{ host: string, port: number, users: number, pingInterval?: number, [k: string]: unknown }} ServerConfig */

/** @returns {ServerConfig} */
export function config() {
  const raw = process.env.BENCH_SERVER_CONFIG;
  if (!raw) throw new Error('BENCH_SERVER_CONFIG is not set');
  return JSON.parse(raw);
}

/** The token table every server under test checks: t<i> → u<i>. */
export function tokenTable(users) {
  const m = new Map();
  for (let i = 0; i < users; i++) m.set(`t${i}`, `u${i}`);
  return m;
}

function fullGc() {
  if (typeof globalThis.gc === 'function') {
    globalThis.gc();
    globalThis.gc();
  }
}

/** Announces the port on stdout and IPC, and serves the harness's requests. */
export function ready(port, extra = {}) {
  process.stdout.write(JSON.stringify({ msg: 'listening', port, pid: process.pid, ...extra }) + '\n');
  process.send?.({ type: 'listening', port });
}

process.on('message', (m) => {
  if (!m || typeof m !== 'object') return;
  if (m.type === 'resources') {
    // what the soak watches for growth: active handles and requests by type, process listeners
    const resources = {};
    for (const r of process.getActiveResourcesInfo()) resources[r] = (resources[r] ?? 0) + 1;
    const processListeners = process.eventNames().reduce((s, e) => s + process.listenerCount(e), 0);
    process.send?.({ type: 'resources', id: m.id, resources, processListeners });
  }
  if (m.type === 'mem') {
    fullGc();
    // give finalizers a turn, then measure
    setTimeout(() => {
      fullGc();
      process.send?.({ type: 'mem', id: m.id, mem: process.memoryUsage() });
    }, 50);
  }
});
process.on('disconnect', () => process.exit(0));
