// What the bench needs to know about the machine: cores and pinning (taskset), open-file
// limits, CPU model, load; and the source addresses the load generator spreads sockets over.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { readFileSync } from 'node:fs';

export interface Pinning {
  /** True when servers and the load generator run on separate cores. */
  enabled: boolean;
  /** Cores the load generator (this process and its worker threads) runs on. */
  loadCores: number[];
  /** The core each server under test is pinned to (-1 when not pinned). */
  serverCore: number;
  /** Why pinning is off, when it is. */
  note: string;
}

function allowedCores(): number[] {
  try {
    const out = execFileSync('taskset', ['-pc', String(process.pid)], { encoding: 'utf8' });
    const list = out.split(':').pop()!.trim();
    const cores: number[] = [];
    for (const part of list.split(',')) {
      const [a, b] = part.split('-').map(Number);
      for (let c = a!; c <= (b ?? a!); c++) cores.push(c);
    }
    return cores;
  } catch {
    return [];
  }
}

/** Pins this process (all its threads, and the worker threads it creates later) to the load cores. */
export function setUpPinning(disable: boolean): Pinning {
  if (disable) return { enabled: false, loadCores: [], serverCore: -1, note: 'pinning disabled (--no-pin)' };
  if (spawnSync('taskset', ['--version']).error) {
    return { enabled: false, loadCores: [], serverCore: -1, note: 'taskset not found: servers and load generator share all cores' };
  }
  const cores = allowedCores();
  if (cores.length < 2) {
    return { enabled: false, loadCores: cores, serverCore: -1, note: `only ${cores.length} core(s) available: no pinning` };
  }
  // the server gets the last core; the load generator everything else
  const serverCore = cores[cores.length - 1]!;
  const loadCores = cores.slice(0, -1);
  const r = spawnSync('taskset', ['-a', '-pc', loadCores.join(','), String(process.pid)]);
  if (r.status !== 0) {
    return { enabled: false, loadCores: cores, serverCore: -1, note: `taskset failed (${String(r.stderr).trim()}): no pinning` };
  }
  return { enabled: true, loadCores, serverCore, note: `servers on core ${serverCore}, load generator on core(s) ${loadCores.join(',')}` };
}

/** Open-file limits of this process (soft, hard), from /proc/self/limits. */
export function fileLimits(): { soft: number; hard: number } {
  try {
    const line = readFileSync('/proc/self/limits', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('Max open files'))!;
    const [soft, hard] = line.trim().split(/\s+/).slice(3, 5).map((x) => (x === 'unlimited' ? Infinity : Number(x)));
    return { soft: soft!, hard: hard! };
  } catch {
    return { soft: 1024, hard: 1024 };
  }
}

/** Raises this process's soft open-file limit to the hard one (prlimit on our own pid). */
export function raiseFileLimit(): { soft: number; hard: number; note: string } {
  const before = fileLimits();
  if (before.soft >= before.hard) return { ...before, note: `ulimit -n ${before.soft} (= hard limit)` };
  const r = spawnSync('prlimit', ['--pid', String(process.pid), `--nofile=${before.hard}:${before.hard}`]);
  const after = fileLimits();
  return {
    ...after,
    note: r.status === 0 ? `ulimit -n raised ${before.soft} → ${after.soft}` : `could not raise ulimit -n above ${before.soft} (prlimit: ${String(r.stderr).trim() || 'missing'})`,
  };
}

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryGB: number;
  freeMemoryGB: number;
  node: string;
  kernel: string;
  loadavg: number[];
}

export function machineInfo(): MachineInfo {
  let kernel = '';
  try {
    kernel = readFileSync('/proc/sys/kernel/osrelease', 'utf8').trim();
  } catch {
    /* not Linux */
  }
  return {
    cpuModel: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGB: Math.round(totalmem() / 2 ** 30),
    freeMemoryGB: Math.round(freemem() / 2 ** 30),
    node: process.version,
    kernel,
    loadavg: loadavg().map((x) => Math.round(x * 100) / 100),
  };
}

/** Source addresses for the load generator's sockets (this bench's loopback range). */
export function sourceAddresses(first = 110, last = 200): string[] {
  return Array.from({ length: last - first + 1 }, (_, i) => `127.0.0.${first + i}`);
}
