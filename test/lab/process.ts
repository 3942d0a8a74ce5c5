// Running a real program for a test: start it, capture its output, wait until it is ready,
// and stop it for sure (SIGTERM, then SIGKILL), even when the test fails.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface LabProcess {
  readonly name: string;
  readonly child: ChildProcess;
  /** stdout and stderr so far, for assertion messages. */
  output(): string;
  /** Stops the process (SIGTERM, SIGKILL after 3 s). Safe to call twice. */
  stop(): Promise<void>;
  /** Resolves with the exit code when the process exits on its own. */
  exited: Promise<number | null>;
}

const running = new Set<LabProcess>();
process.once('exit', () => {
  for (const p of running) p.child.kill('SIGKILL');
});

export function startProcess(name: string, command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): LabProcess {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.once('error', (err) => {
      out += `\n[spawn error] ${err.message}`;
      resolve(null);
    });
  });
  const proc: LabProcess = {
    name,
    child,
    output: () => out,
    exited,
    async stop() {
      running.delete(proc);
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    },
  };
  running.add(proc);
  return proc;
}

/** A temporary directory removed by the returned cleanup function. */
export function tempDir(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `wsgate-${prefix}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Waits for `check` to become true, polling; throws with `what` after `timeoutMs`. */
export async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 10_000, everyMs = 25): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
