// The processes a test file owns, read from /proc: the descendants of one process (nginx and
// HAProxy workers, Chromium helpers, redis-server, `wsgate serve` children), plus any process
// whose environment carries the file's tag (a daemon that double-forked away from the tree
// keeps the environment it was started with). Nothing is matched by program name, so the
// processes of other people on the same machine are never counted. Linux only (/proc).
import { readdirSync, readFileSync } from 'node:fs';

export interface ProcInfo {
  pid: number;
  ppid: number;
  /** The kernel's state letter; Z is a zombie (exited, not yet reaped: not running). */
  state: string;
  /** The command line, for messages. */
  command: string;
}

function readProc(pid: number): ProcInfo | null {
  try {
    // comm may hold spaces and parentheses: the fields after it start after the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'latin1').split('\0').filter(Boolean).join(' ');
    const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    return { pid, ppid: Number(fields[1]), state: fields[0] ?? '?', command: cmdline || `[${comm}]` };
  } catch {
    return null; // gone meanwhile
  }
}

function allPids(): number[] {
  return readdirSync('/proc')
    .filter((n) => /^\d+$/.test(n))
    .map(Number);
}

function hasTag(pid: number, tag: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(tag);
  } catch {
    return false; // gone, or not ours to read
  }
}

/**
 * Live (non-zombie) descendants of `root`, and live processes whose environment holds the
 * exact `NAME=value` string `tag`; `root` itself is never listed.
 * @example ownedProcesses(process.pid, 'WSGATE_LAB_TAG=1234-ab12')
 */
export function ownedProcesses(root: number, tag?: string): ProcInfo[] {
  const procs = allPids()
    .map(readProc)
    .filter((p): p is ProcInfo => p !== null);
  const children = new Map<number, ProcInfo[]>();
  for (const p of procs) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
  const found = new Map<number, ProcInfo>();
  const stack = [...(children.get(root) ?? [])];
  while (stack.length) {
    const p = stack.pop()!;
    if (found.has(p.pid)) continue;
    found.set(p.pid, p);
    stack.push(...(children.get(p.pid) ?? []));
  }
  if (tag) for (const p of procs) if (p.pid !== root && !found.has(p.pid) && hasTag(p.pid, tag)) found.set(p.pid, p);
  return [...found.values()].filter((p) => p.state !== 'Z').sort((a, b) => a.pid - b.pid);
}
