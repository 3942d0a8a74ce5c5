// Shared by the backend-*.test.ts files: the scripted hook backend (fixtures/hook-backend.ts)
// as a real process, what it heard, and a raw client that connects to any wsgate URL.
import type { TestContext } from 'node:test';
import { request } from 'node:http';
import { startProcess, waitFor, type LabProcess } from '../lab/index.js';
import { client, type TestClient } from './server-helpers.js';

export const HOOK_SECRET = 'hook-secret-for-the-lab-0123';
export const API_KEY = 'api-key-for-the-lab-0123456789';

export interface HeardHook {
  heard: string;
  body: Record<string, unknown> & { user?: { id: string }; data?: unknown; id?: unknown };
  signed: boolean;
}

export interface HookBackend {
  port: number;
  url: string;
  process: LabProcess;
  heard(path?: string): HeardHook[];
  /** Every hook answers 500 while down. */
  setDown(down: boolean): Promise<void>;
  /** Kills it (SIGKILL: connections are refused until `restart`). */
  kill(): Promise<void>;
  /** Starts it again on the same port. */
  restart(): Promise<void>;
}

const FIXTURE = new URL('./fixtures/hook-backend.ts', import.meta.url).pathname;

export async function startHookBackend(t: TestContext, slowMs = 1500): Promise<HookBackend> {
  const lines: HeardHook[] = [];
  let proc: LabProcess;
  let port = 0;
  const launch = async (onPort: number) => {
    const p = startProcess('hook-backend', process.execPath, ['--import', 'tsx', FIXTURE, String(onPort), HOOK_SECRET, String(slowMs)]);
    t.after(() => p.stop());
    let seen = 0;
    p.child.stdout?.on('data', () => {
      const all = p.output().split('\n');
      for (; seen < all.length - 1; seen++) {
        const line = all[seen]!;
        if (!line.startsWith('{')) continue;
        const parsed = JSON.parse(line) as HeardHook & { listening?: number };
        if (parsed.listening !== undefined) port = parsed.listening;
        else lines.push(parsed);
      }
    });
    await Promise.race([
      waitFor('hook backend listening', () => port > 0, 15_000),
      p.exited.then((code) => {
        throw new Error(`hook backend exited with ${code}:\n${p.output()}`);
      }),
    ]);
    return p;
  };
  proc = await launch(0);
  const backend: HookBackend = {
    get port() {
      return port;
    },
    get url() {
      return `http://127.0.0.1:${port}`;
    },
    get process() {
      return proc;
    },
    heard: (path) => lines.filter((l) => path === undefined || l.heard === path),
    setDown: (down) =>
      new Promise<void>((resolve, reject) => {
        const req = request(`http://127.0.0.1:${port}/_mode`, { method: 'POST' }, (res) => {
          res.resume();
          res.on('end', () => resolve());
        });
        req.on('error', reject);
        req.end(JSON.stringify({ down }));
      }),
    async kill() {
      proc.child.kill('SIGKILL');
      await proc.exited;
    },
    async restart() {
      const was = port;
      port = 0;
      proc = await launch(was);
    },
  };
  return backend;
}

/** A raw WebSocket client that has read its hello (or was refused). */
export async function rawClient(wsUrl: string, token: string): Promise<TestClient> {
  const c = client(`${wsUrl}?token=${encodeURIComponent(token)}`);
  await c.opened;
  c.hello = await c.type('hello');
  return c;
}

/** JSON over HTTP to the server API. */
export async function api(httpUrl: string, method: 'GET' | 'POST', path: string, body?: unknown, key: string | null = API_KEY): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${httpUrl}${path}`, {
    method,
    headers: { ...(key ? { authorization: `apikey ${key}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}
