/**
 * `wsgate deploy <target>`: writes WebSocket-ready configuration for a platform to stdout or
 * to `--out <dir>`. Flags are parsed here; the generators in src/deploy are pure.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { DEPLOY_COMMENTS, DeployOptionError, generate, resolveOptions, TARGETS, TARGET_NAMES, type DeployOptions } from '../../deploy/index.js';
import type { Command } from '../command.js';
import { cliError, usageError } from '../errors.js';
import { parseDuration, parseHostPort, parseFlags } from '../parse.js';

const USAGE = `Usage: wsgate deploy <target> [options]

Writes configuration that keeps WebSockets working, to stdout or to --out <dir>.

Targets:
${TARGETS.map((t) => `  ${t.name.padEnd(15)} ${t.summary}`).join('\n')}
  all             every target above (use --out <dir>)

Options:
  --host <name>            public WebSocket host, DNS-only (default ws.example.com)
  --service <name>         Kubernetes Service/app name (default ai-service)
  --port <n>               app and Service port (default 8080)
  --namespace <ns>         (default default)
  --path <prefix>          WebSocket path (default /api/ws/chat)
  --image <ref>            container image
  --replicas <n>           (default 2)
  --tls-issuer <name>      cert-manager ClusterIssuer (default letsencrypt-prod)
  --timeout <duration>     idle timeout on every hop, e.g. 3600s, 1h (default 3600s; bare number = seconds)
  --gateway <name>         k8s: an HTTPRoute on this Gateway instead of an Ingress (Gateway API)
  --gateway-namespace <ns> namespace of that Gateway
  --gateway-class <class>  also write the Gateway (HTTPS listener, cert-manager certificate)
  --ingress-class <class>  (default nginx)
  --liveness-path <path>   (default /healthz; Spring Boot: /actuator/health/liveness)
  --readiness-path <path>  (default /readyz; Spring Boot: /actuator/health/readiness)
  --wsgate                 the image runs \`wsgate serve\`: set its WSGATE_PORT/PATH/DRAIN_* env
  --drain-window <dur>     the server's --drain-window (default 10s)
  --drain-timeout <dur>    the server's --drain-timeout (default 30s): sets the grace period
  --upstream <host:port>   nginx/haproxy/caddy: the app (default 127.0.0.1:8080)
  --listen <host:port>     nginx/haproxy/caddy: where the proxy listens (default :80; caddy: the host, HTTPS)
  --tls-cert <file> --tls-key <file>   nginx/haproxy: terminate TLS with these files
  --stream-close-delay <d> caddy: keep WebSockets this long after a reload (default 5m)
  --caddy-version <v>      caddy: version to write for (default 2.7; older has no stream_close_delay)
  --origin-ip <ip>         dns: the origin's public address (default 203.0.113.10)
  --cdn-target <name>      dns: CNAME target of the site at the CDN
  --out <dir>              write files under <dir> instead of stdout
  --lang <en|zh-CN>        language of the comments written into the configs (default: from
                           LC_ALL/LANG); directives and values are the same
`;

const FLAGS = {
  host: { type: 'string' },
  service: { type: 'string' },
  port: { type: 'string' },
  namespace: { type: 'string' },
  path: { type: 'string' },
  image: { type: 'string' },
  replicas: { type: 'string' },
  'tls-issuer': { type: 'string' },
  timeout: { type: 'string' },
  gateway: { type: 'string' },
  'gateway-namespace': { type: 'string' },
  'gateway-class': { type: 'string' },
  'ingress-class': { type: 'string' },
  'liveness-path': { type: 'string' },
  'readiness-path': { type: 'string' },
  wsgate: { type: 'boolean' },
  'drain-window': { type: 'string' },
  'drain-timeout': { type: 'string' },
  upstream: { type: 'string' },
  listen: { type: 'string' },
  'tls-cert': { type: 'string' },
  'tls-key': { type: 'string' },
  'stream-close-delay': { type: 'string' },
  'caddy-version': { type: 'string' },
  'origin-ip': { type: 'string' },
  'cdn-target': { type: 'string' },
  out: { type: 'string', short: 'o' },
} as const;

function integer(flag: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < min || n > max) throw usageError('BAD_WHOLE_NUMBER', { flag, value, min, max });
  return n;
}

function seconds(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = parseDuration(`--${flag}`, value, 's');
  if (ms < 1000 || ms % 1000 !== 0) throw usageError('BAD_SECONDS', { flag, value });
  return ms / 1000;
}

/** Flags → options (usage errors name the flag). */
export function optionsFromFlags(values: Record<string, string | boolean | undefined>): DeployOptions {
  const str = (k: string) => (typeof values[k] === 'string' ? (values[k] as string) : undefined);
  const opt = <T>(k: string, parse: (flag: string, v: string) => T): T | undefined => {
    const v = str(k);
    return v === undefined ? undefined : parse(`--${k}`, v);
  };
  const partial: Partial<DeployOptions> = {
    host: str('host'),
    service: str('service'),
    port: integer('port', str('port'), 1, 65535),
    namespace: str('namespace'),
    path: str('path'),
    image: str('image'),
    replicas: integer('replicas', str('replicas'), 0, 10_000),
    tlsIssuer: str('tls-issuer'),
    timeoutSeconds: seconds('timeout', str('timeout')),
    gateway: str('gateway'),
    gatewayNamespace: str('gateway-namespace'),
    gatewayClass: str('gateway-class'),
    ingressClass: str('ingress-class'),
    livenessPath: str('liveness-path'),
    readinessPath: str('readiness-path'),
    drainWindowMs: opt('drain-window', (f, v) => parseDuration(f, v, 'ms')),
    drainTimeoutMs: opt('drain-timeout', (f, v) => parseDuration(f, v, 'ms')),
    upstream: opt('upstream', (f, v) => parseHostPort(f, v)),
    listen: opt('listen', (f, v) => parseHostPort(f, v)),
    tlsCert: str('tls-cert'),
    tlsKey: str('tls-key'),
    streamCloseDelaySeconds: seconds('stream-close-delay', str('stream-close-delay')),
    caddyVersion: str('caddy-version'),
    wsgate: values.wsgate === true ? true : undefined,
    originIp: str('origin-ip'),
    cdnTarget: str('cdn-target'),
  };
  if (partial.gatewayClass !== undefined && partial.gateway === undefined) throw usageError('GATEWAY_CLASS_NEEDS_GATEWAY');
  try {
    return resolveOptions(partial);
  } catch (err) {
    if (err instanceof DeployOptionError) throw usageError('BAD_OPTION', { detail: err.message }, { cause: err });
    throw err;
  }
}

export const command: Command = {
  name: 'deploy',
  summary: 'write k8s/nginx/HAProxy/Caddy/Spring/DNS config that keeps WebSockets alive',
  usage: USAGE,
  async run(argv, io) {
    const parsed = parseFlags('deploy', argv, FLAGS);
    const [target, ...extra] = parsed.positionals;
    if (target === undefined) throw usageError('DEPLOY_NEEDS_TARGET', { targets: TARGET_NAMES.join(', ') });
    if (!TARGET_NAMES.includes(target)) throw usageError('DEPLOY_UNKNOWN_TARGET', { target, targets: TARGET_NAMES.join(', ') });
    if (extra.length) throw usageError('DEPLOY_EXTRA_ARGUMENT', { arg: extra[0]! });
    const lang = io.lang ?? 'en';
    const options = { ...optionsFromFlags(parsed.values), lang };
    const files = generate(target, options);
    const out = parsed.values.out;
    if (out === undefined) {
      if (files.length === 1) io.stdout.write(files[0]!.content);
      else for (const f of files) io.stdout.write(`# ==> ${f.path} <==\n${f.content}\n`);
      return 0;
    }
    for (const f of files) {
      const path = join(out, f.path);
      try {
        await mkdir(dirname(path), { recursive: true });
        await writeFile(path, f.content);
      } catch (err) {
        throw cliError('DEPLOY_WRITE_FAILED', { path, error: (err as Error).message }, 'DEPLOY_WRITE_FAILED', 1, { cause: err });
      }
      io.stderr.write(`${DEPLOY_COMMENTS[lang].wrote(path, f.description)}\n`);
    }
    return 0;
  },
};
