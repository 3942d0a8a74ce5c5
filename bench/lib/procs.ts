// The servers under test, each in its own child process (pinned to the server core when the
// machine allows), and the cleanup that kills every one of them when the bench ends, fails or
// is interrupted.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Pinning } from './machine.js';

export type Target = 'ws' | 'socketio' | 'wsgate' | 'wsgate-redis';

export const TARGET_LABEL: Record<Target, string> = {
  ws: 'bare ws',
  socketio: 'Socket.IO 4',
  wsgate: 'wsgate',
  'wsgate-redis': 'wsgate (Redis broker)',
};

/** The wire protocol each target speaks (the load generator's adapter). */
export const ADAPTER: Record<Target, 'ws' | 'socketio' | 'wsgate'> = {
  ws: 'ws',
  socketio: 'socketio',
  wsgate: 'wsgate',
  'wsgate-redis': 'wsgate',
};

const SCRIPT: Record<Target, string> = {
  ws: 'ws-baseline.mjs',
  socketio: 'socketio-baseline.mjs',
  wsgate: 'wsgate.mjs',
  'wsgate-redis': 'wsgate.mjs',
};

export interface ServerConfig {
  host: string;
  port: number;
  users: number;
  pingInterval?: number;
  broker?: string;
  [k: string]: unknown;
}

export interface MemoryUsage {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
}

const live = new Set<ChildProcess>();
let cleanupInstalled = false;

/** Kills every child this bench started. Safe to call many times. */
export function killAll(): void {
  for (const c of live) {
    try {
      c.kill('SIGKILL');
    } catch {
      /* already gone */
    }
  }
  live.clear();
}

function installCleanup(): void {
  if (cleanupInstalled) return;
  cleanupInstalled = true;
  process.on('exit', killAll);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(sig, () => {
      killAll();
      process.exit(130);
    });
  }
}

/** Spawns `argv` (a program and its arguments), pinned to `core` when given. */
export function spawnPinned(argv: string[], core: number, options: { env?: NodeJS.ProcessEnv; ipc?: boolean; logFile?: string } = {}): ChildProcess {
  installCleanup();
  const [cmd, ...args] = core >= 0 ? ['taskset', '-c', String(core), ...argv] : argv;
  // output to a file: a pipe would make this process (the load generator) pay for reading it
  const out = options.logFile ? openSync(options.logFile, 'a') : 'ignore';
  const child = spawn(cmd!, args, {
    stdio: options.ipc ? ['ignore', out, out, 'ipc'] : ['ignore', out, out],
    env: options.env ?? process.env,
  });
  if (typeof out === 'number') closeSync(out);
  live.add(child);
  child.once('exit', () => live.delete(child));
  return child;
}

/** Where server logs go during a bench run (removed at the end unless the run failed). */
export const LOG_DIR = join(tmpdir(), `wsgate-bench-${process.pid}`);
let logSeq = 0;

export function removeLogs(): void {
  rmSync(LOG_DIR, { recursive: true, force: true });
}

function tail(file: string, bytes = 4000): string {
  try {
    const s = readFileSync(file, 'utf8');
    return s.slice(-bytes);
  } catch {
    return '';
  }
}

export class ServerProcess {
  readonly port: number;
  private seq = 0;
  readonly exited: Promise<void>;

  private constructor(
    readonly target: Target,
    readonly child: ChildProcess,
    port: number,
    readonly logFile: string,
  ) {
    this.port = port;
    this.exited = new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) resolve();
      else child.once('exit', () => resolve());
    });
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Last output lines, for error messages. */
  output(): string {
    return tail(this.logFile);
  }

  static async start(target: Target, cfg: ServerConfig, pin: Pinning, timeoutMs = 20000): Promise<ServerProcess> {
    const script = fileURLToPath(new URL(`../servers/${SCRIPT[target]}`, import.meta.url));
    mkdirSync(LOG_DIR, { recursive: true });
    const logFile = join(LOG_DIR, `${String(++logSeq).padStart(3, '0')}-${target}.log`);
    // extra Node flags for the servers, e.g. BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof"
    const extra = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
    const child = spawnPinned([process.execPath, '--expose-gc', ...extra, script], pin.enabled ? pin.serverCore : -1, {
      ipc: true,
      logFile,
      env: { ...process.env, NODE_ENV: 'production', BENCH_SERVER_CONFIG: JSON.stringify(cfg) },
    });
    const out = () => tail(logFile);
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${target} server did not start in ${timeoutMs} ms:\n${out()}`)), timeoutMs);
      child.on('message', (m: { type?: string; port?: number }) => {
        if (m?.type === 'listening') {
          clearTimeout(timer);
          resolve(m.port!);
        }
      });
      child.once('exit', (code, sig) => {
        clearTimeout(timer);
        reject(new Error(`${target} server exited (${code ?? sig}) before listening:\n${out()}`));
      });
    });
    return new ServerProcess(target, child, port, logFile);
  }

  /** process.memoryUsage() in the server, after a full GC. */
  async memory(timeoutMs = 15000): Promise<MemoryUsage> {
    return (await this.ask<{ mem: MemoryUsage }>('mem', timeoutMs)).mem;
  }

  /** The server's active resources by type and its process listeners (the soak watches them grow). */
  resources(timeoutMs = 15000): Promise<{ resources: Record<string, number>; processListeners: number }> {
    return this.ask('resources', timeoutMs);
  }

  /** One request over the harness's IPC channel (bench/servers/common.mjs answers). */
  private ask<T>(type: string, timeoutMs: number): Promise<T> {
    const id = ++this.seq;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.child.off('message', on);
        reject(new Error(`${this.target}: no ${type} reply in ${timeoutMs} ms`));
      }, timeoutMs);
      const on = (m: { type?: string; id?: number }) => {
        if (m?.type === type && m.id === id) {
          clearTimeout(timer);
          this.child.off('message', on);
          resolve(m as T);
        }
      };
      this.child.on('message', on);
      this.child.send({ type, id });
    });
  }

  /** CPU time (user + system, ms) the server has used so far, from /proc/<pid>/stat. */
  cpuMs(): number {
    return cpuMsOf(this.pid);
  }

  alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Sends `signal` and waits for the exit (SIGKILL after `graceMs`). */
  async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 3000): Promise<void> {
    if (!this.alive()) return;
    // A profiled server (BENCH_SERVER_NODE_ARGS=--cpu-prof) writes its profile only on a normal
    // exit, so a kill becomes SIGINT (every server under test exits on it) with time to write.
    const profiling = signal === 'SIGKILL' && /--cpu-prof|--heap-prof/.test(process.env.BENCH_SERVER_NODE_ARGS ?? '');
    if (profiling) graceMs = Math.max(graceMs, 10000);
    this.child.kill(profiling ? 'SIGINT' : signal);
    const t = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(t);
  }
}

const CLK_TCK = 100; // Linux USER_HZ; /proc reports CPU time in these ticks

/** utime + stime of a process (all threads), in ms. */
export function cpuMsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // after "pid (comm) ", field 3 is index 0: utime is field 14 → index 11, stime 15 → 12
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
}

/** This process's own CPU time (all threads, incl. load-generator workers), in ms. */
export function selfCpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/**
 * Busy time of one core (everything but idle and iowait), in ms, from /proc/stat. Compared with
 * the server's own CPU time over the same window, it shows how much other work ran on the
 * server's core: on a shared machine, the honest footnote to every figure.
 */
export function coreBusyMs(core: number): number {
  if (core < 0) return Number.NaN;
  try {
    const line = readFileSync('/proc/stat', 'utf8')
      .split('\n')
      .find((l) => l.startsWith(`cpu${core} `));
    if (!line) return Number.NaN;
    const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
    return ((user! + nice! + system! + irq! + softirq! + (steal ?? 0)) * 1000) / CLK_TCK;
  } catch {
    return Number.NaN;
  }
}
