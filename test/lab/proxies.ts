// Real nginx, HAProxy, Caddy and dnsmasq for integration tests: each writes its config into a
// temp dir (pid, logs and temp paths inside it, so nothing needs root paths), starts the real
// program in the foreground, waits for its port, and stops it and removes the dir on stop().
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { requireBinary } from './binaries.js';
import { freePort, waitForPort } from './net.js';
import { startProcess, tempDir, type LabProcess } from './process.js';

export interface LabProxy {
  host: string;
  port: number;
  /** The directory holding the config, pid and logs. */
  dir: string;
  configPath: string;
  process: LabProcess;
  stop(): Promise<void>;
}

export interface ConfigCheck {
  ok: boolean;
  output: string;
}

function check(binary: string, args: string[], env?: NodeJS.ProcessEnv): ConfigCheck {
  const r = spawnSync(requireBinary(binary), args, { encoding: 'utf8', env: env ?? process.env, timeout: 20_000 });
  return { ok: r.status === 0, output: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

async function started(name: string, host: string, port: number, dir: { dir: string; remove: () => void }, configPath: string, proc: LabProcess): Promise<LabProxy> {
  try {
    await Promise.race([
      waitForPort(host, port, 15_000),
      proc.exited.then((code) => {
        throw new Error(`${name} exited with ${code} before listening:\n${proc.output()}`);
      }),
    ]);
  } catch (err) {
    await proc.stop();
    dir.remove();
    throw err;
  }
  return {
    host,
    port,
    dir: dir.dir,
    configPath,
    process: proc,
    async stop() {
      await proc.stop();
      dir.remove();
    },
  };
}

// ---- nginx -----------------------------------------------------------------------------------

/** Wraps the body of an `http {}` block into a full nginx.conf whose paths all live in `dir`. */
export function nginxMainConfig(dir: string, httpBody: string): string {
  return [
    'worker_processes 1;',
    'daemon off;',
    `pid ${join(dir, 'nginx.pid')};`,
    `error_log ${join(dir, 'error.log')} info;`,
    'events { worker_connections 1024; }',
    'http {',
    `  access_log ${join(dir, 'access.log')};`,
    `  client_body_temp_path ${join(dir, 'client_body')};`,
    `  proxy_temp_path ${join(dir, 'proxy')};`,
    `  fastcgi_temp_path ${join(dir, 'fastcgi')};`,
    `  uwsgi_temp_path ${join(dir, 'uwsgi')};`,
    `  scgi_temp_path ${join(dir, 'scgi')};`,
    httpBody,
    '}',
    '',
  ].join('\n');
}

/** `nginx -t` on a full config text. */
export function checkNginx(fullConfig: string): ConfigCheck {
  const d = tempDir('nginx-check');
  try {
    const path = join(d.dir, 'nginx.conf');
    writeFileSync(path, fullConfig.replaceAll('{{DIR}}', d.dir));
    return check('nginx', ['-t', '-q', '-p', d.dir, '-c', path, '-e', join(d.dir, 'error.log')]);
  } finally {
    d.remove();
  }
}

/**
 * Starts nginx with `httpBody` inside `http {}`; the body must `listen host:port`.
 * `{{DIR}}` in the body is replaced with the temp dir.
 */
export async function startNginx(opts: { host: string; port: number; httpBody: string }): Promise<LabProxy> {
  const nginx = requireBinary('nginx');
  const d = tempDir('nginx');
  const configPath = join(d.dir, 'nginx.conf');
  writeFileSync(configPath, nginxMainConfig(d.dir, opts.httpBody.replaceAll('{{DIR}}', d.dir)));
  const proc = startProcess('nginx', nginx, ['-p', d.dir, '-c', configPath, '-e', join(d.dir, 'error.log')]);
  return started('nginx', opts.host, opts.port, d, configPath, proc);
}

// ---- HAProxy ---------------------------------------------------------------------------------

/** `haproxy -c` on a config text. */
export function checkHaproxy(config: string): ConfigCheck {
  const d = tempDir('haproxy-check');
  try {
    const path = join(d.dir, 'haproxy.cfg');
    // HAProxy rejects a config whose last line has no newline.
    writeFileSync(path, config.endsWith('\n') ? config : `${config}\n`);
    return check('haproxy', ['-c', '-q', '-f', path]);
  } finally {
    d.remove();
  }
}

/** Starts HAProxy in the foreground (`-db`) with a full config that binds `host:port`. */
export async function startHaproxy(opts: { host: string; port: number; config: string }): Promise<LabProxy> {
  const haproxy = requireBinary('haproxy');
  const d = tempDir('haproxy');
  const configPath = join(d.dir, 'haproxy.cfg');
  writeFileSync(configPath, opts.config.endsWith('\n') ? opts.config : `${opts.config}\n`);
  const proc = startProcess('haproxy', haproxy, ['-db', '-f', configPath]);
  return started('haproxy', opts.host, opts.port, d, configPath, proc);
}

/** A real HAProxy on `host` (a free port) in front of `backendPort`, cutting tunnels idle for `tunnelS` seconds. */
export async function startTunnelProxy(host: string, backendPort: number, tunnelS = 3): Promise<LabProxy> {
  const port = await freePort(host);
  return startHaproxy({
    host,
    port,
    config: `global
  maxconn 100
defaults
  mode http
  timeout connect 2s
  timeout client 30s
  timeout server 30s
  timeout tunnel ${tunnelS}s
frontend fe
  bind ${host}:${port}
  default_backend be
backend be
  server s1 127.0.0.1:${backendPort}
`,
  });
}

// ---- Caddy -----------------------------------------------------------------------------------

function caddyEnv(dir: string): NodeJS.ProcessEnv {
  return { ...process.env, HOME: dir, XDG_DATA_HOME: join(dir, 'data'), XDG_CONFIG_HOME: join(dir, 'config') };
}

/** Caddy's admin endpoint defaults to a fixed port: turn it off unless the file sets globals. */
function withAdminOff(caddyfile: string): string {
  return caddyfile.trimStart().startsWith('{') ? caddyfile : `{\n\tadmin off\n}\n\n${caddyfile}`;
}

/** `caddy validate` on a Caddyfile text. */
export function checkCaddy(caddyfile: string): ConfigCheck {
  const d = tempDir('caddy-check');
  try {
    const path = join(d.dir, 'Caddyfile');
    writeFileSync(path, withAdminOff(caddyfile));
    return check('caddy', ['validate', '--config', path, '--adapter', 'caddyfile'], caddyEnv(d.dir));
  } finally {
    d.remove();
  }
}

/** Starts `caddy run` with a Caddyfile whose site listens on `host:port` (use `http://` sites). */
export async function startCaddy(opts: { host: string; port: number; caddyfile: string }): Promise<LabProxy> {
  const caddy = requireBinary('caddy');
  const d = tempDir('caddy');
  const configPath = join(d.dir, 'Caddyfile');
  writeFileSync(configPath, withAdminOff(opts.caddyfile));
  const proc = startProcess('caddy', caddy, ['run', '--config', configPath, '--adapter', 'caddyfile'], { env: caddyEnv(d.dir) });
  return started('caddy', opts.host, opts.port, d, configPath, proc);
}

// ---- dnsmasq ---------------------------------------------------------------------------------

export interface DnsRecords {
  /** name → IPv4 address (A records; also the targets CNAMEs may point at). */
  a?: Record<string, string>;
  /** alias → target name (CNAME; dnsmasq answers only when the target is a local name). */
  cname?: Record<string, string>;
}

/**
 * Starts dnsmasq as an authoritative-only DNS server on `host:port` (UDP and TCP), answering
 * only the given records (no upstream, no /etc/hosts).
 */
export async function startDnsmasq(opts: { host: string; port: number; records: DnsRecords }): Promise<LabProxy> {
  const dnsmasq = requireBinary('dnsmasq');
  const d = tempDir('dnsmasq');
  const lines = [
    `listen-address=${opts.host}`,
    'bind-interfaces',
    `port=${opts.port}`,
    'no-resolv',
    'no-hosts',
    'no-poll',
    'user=root',
    `pid-file=${join(d.dir, 'dnsmasq.pid')}`,
    'log-queries',
    ...Object.entries(opts.records.a ?? {}).map(([name, ip]) => `host-record=${name},${ip}`),
    ...Object.entries(opts.records.cname ?? {}).map(([alias, target]) => `cname=${alias},${target}`),
  ];
  const configPath = join(d.dir, 'dnsmasq.conf');
  writeFileSync(configPath, `${lines.join('\n')}\n`);
  const proc = startProcess('dnsmasq', dnsmasq, ['--keep-in-foreground', '--log-facility=-', `--conf-file=${configPath}`]);
  // dnsmasq also listens on TCP, which waitForPort can see.
  return started('dnsmasq', opts.host, opts.port, d, configPath, proc);
}
