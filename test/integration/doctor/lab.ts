// The doctor's lab: nginx in front of the origin in the ways the guide's readers get wrong,
// a server that accepts TCP and never answers, and the CLI run in-process with its output
// captured (the same `main()` the binary runs).
import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { Writable } from 'node:stream';
import { main } from '../../../src/cli/main.js';
import type { DoctorReport } from '../../../src/doctor/index.js';
import { startHaproxy, startNginx, type LabProxy } from '../../lab/index.js';

export type NginxFlavour =
  /** proxy_http_version 1.1 + Upgrade/Connection headers: the right way. */
  | 'right'
  /** A plain proxy_pass: the Upgrade header never reaches the origin. */
  | 'no-upgrade'
  /** Right, but proxy_read_timeout 2s: idle connections are cut after ~2 s. */
  | 'read-timeout-2s'
  /** A Cloudflare-like edge: adds cf-ray, forwards without Upgrade (WebSockets off). */
  | 'cloudflare-edge'
  /** The http → https redirect many sites have on port 80. */
  | 'redirect-https';

const UPGRADE = 'proxy_http_version 1.1; proxy_set_header Upgrade $http_upgrade; proxy_set_header Connection $connection_upgrade;';

export function nginxBody(flavour: NginxFlavour, listen: string, upstream: string): string {
  const map = 'map $http_upgrade $connection_upgrade { default upgrade; "" close; }';
  const location = {
    right: `${UPGRADE} proxy_read_timeout 3600s;`,
    'no-upgrade': '',
    'read-timeout-2s': `${UPGRADE} proxy_read_timeout 2s;`,
    'cloudflare-edge': 'add_header cf-ray "8e1f2a3b4c5d6e7f-LAB" always; add_header cf-cache-status DYNAMIC always;',
    'redirect-https': '',
  }[flavour];
  if (flavour === 'redirect-https') return `server { listen ${listen}; server_tokens off; location / { return 301 https://$host$request_uri; } }`;
  return `${map}\nserver { listen ${listen}; server_tokens off; location / { proxy_pass http://${upstream}; proxy_set_header Host $host; ${location} } }`;
}

export function startNginxFront(flavour: NginxFlavour, host: string, port: number, upstream: string): Promise<LabProxy> {
  return startNginx({ host, port, httpBody: nginxBody(flavour, `${host}:${port}`, upstream) });
}

/** A server that accepts TCP connections and never says a word. */
export async function startBlackHole(host: string): Promise<{ port: number; stop: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => {});
  });
  await new Promise<void>((r) => server.listen(0, host, r));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    stop: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

export interface DoctorRun {
  code: number;
  stdout: string;
  stderr: string;
  /** The parsed JSON report (when --json was given). */
  report: DoctorReport;
  codes: string[];
}

/** Runs `wsgate doctor <args>` in-process and captures its output. */
export async function runDoctorCli(args: string[], opts: { json?: boolean } = {}): Promise<DoctorRun> {
  let stdout = '';
  let stderr = '';
  const out = new Writable({ write: (c, _e, cb) => ((stdout += c.toString()), cb()) });
  const err = new Writable({ write: (c, _e, cb) => ((stderr += c.toString()), cb()) });
  const json = opts.json ?? true;
  const code = await main(['doctor', ...args, ...(json ? ['--json'] : [])], { stdout: out, stderr: err, stdin: process.stdin, env: {} });
  let report = {} as DoctorReport;
  if (json && stdout.trim()) report = JSON.parse(stdout) as DoctorReport;
  const codes = (report.findings ?? []).map((f) => f.code).sort();
  return { code, stdout, stderr, report, codes };
}

/**
 * The doctor's promise for the idle probe (docs/doctor.md): the cut within ±10 % of the real
 * one, or further off only by as much as the doctor itself reports its event loop was late.
 * Returns the reading, for the test's diagnostics (CI logs show what each run measured).
 */
export function assertCutNear(data: Record<string, unknown>, expectedMs: number): string {
  const cut = Number(data.closedAfterMs);
  const uncertainty = Number(data.cutUncertaintyMs);
  assert.ok(Number.isFinite(uncertainty) && uncertainty >= 0, `no cutUncertaintyMs in ${JSON.stringify(data)}`);
  const allowed = expectedMs * 0.1 + uncertainty;
  const reading = `cut after ${cut} ms (±${uncertainty} ms, loop lag ${String(data.loopLagMs)} ms, open for ${String(data.openForMs)} ms)`;
  assert.ok(Math.abs(cut - expectedMs) <= allowed, `${reading}, expected ${expectedMs} ±${allowed}`);
  return reading;
}

/** A finding of the report by code (asserting it exists). */
export function finding(run: DoctorRun, code: string): DoctorReport['findings'][number] {
  const f = run.report.findings.find((x) => x.code === code);
  if (!f) throw new Error(`no ${code} in ${JSON.stringify(run.report.findings.map((x) => x.code))}\n${run.stdout}`);
  return f;
}

/** nginx terminating TLS with the given certificate, proxying WebSockets right to `upstream`. */
export function startNginxTls(host: string, port: number, upstream: string, tls: { certPath: string; keyPath: string }): Promise<LabProxy> {
  const map = 'map $http_upgrade $connection_upgrade { default upgrade; "" close; }';
  const body = `${map}\nserver { listen ${host}:${port} ssl; server_tokens off; ssl_certificate ${tls.certPath}; ssl_certificate_key ${tls.keyPath}; location / { proxy_pass http://${upstream}; ${UPGRADE} } }`;
  return startNginx({ host, port, httpBody: body });
}

/** HAProxy in front of `upstream` (mode http passes upgrades); `tunnel` is its `timeout tunnel`. */
export function startHaproxyFront(host: string, port: number, upstream: string, tunnel = '1h'): Promise<LabProxy> {
  const config = [
    'defaults',
    '  mode http',
    '  timeout connect 1s',
    '  timeout client 30s',
    '  timeout server 30s',
    `  timeout tunnel ${tunnel}`,
    '  retries 0',
    'frontend fe',
    `  bind ${host}:${port}`,
    '  default_backend be',
    'backend be',
    `  server origin ${upstream}`,
  ].join('\n');
  return startHaproxy({ host, port, config });
}
