/**
 * Options for `wsgate deploy`: what a user states about their service, with the defaults the
 * guide uses (ai-service on 8080, /api/ws/chat, ws.<domain>, cert-manager letsencrypt-prod).
 * Generators take a complete `DeployOptions`; `resolveOptions` fills it from partial input.
 */
import { isIP } from 'node:net';
import type { Lang } from '../i18n/index.js';
import { DEFAULT_WS_PATH } from '../protocol/index.js';

export interface HostPort {
  host: string;
  port: number;
}

export interface DeployOptions {
  /** The language of the comments written into the configs (directives never change). */
  lang?: Lang;
  /** Public host name of the WebSocket endpoint, e.g. `ws.example.com` (DNS-only, no CDN). */
  host: string;
  /** Kubernetes Service (and app) name. */
  service: string;
  /** Port the app listens on, and the Service port. */
  port: number;
  namespace: string;
  /** WebSocket path prefix, e.g. `/api/ws/chat`. */
  path: string;
  image: string;
  replicas: number;
  /** cert-manager ClusterIssuer name. */
  tlsIssuer: string;
  /** Where nginx/HAProxy/Caddy send traffic. */
  upstream: HostPort;
  /** Where nginx/HAProxy listen (Caddy: only when set, else it serves `host` with automatic HTTPS). */
  listen?: HostPort;
  /** Idle timeout for every hop that has one, in seconds (default 3600). */
  timeoutSeconds: number;
  /** Gateway API: the name of an existing Gateway; switches k8s from Ingress to HTTPRoute. */
  gateway?: string;
  gatewayNamespace?: string;
  /** Gateway API: also emit a Gateway of this GatewayClass (HTTPS listener, cert-manager). */
  gatewayClass?: string;
  ingressClass: string;
  livenessPath: string;
  readinessPath: string;
  /** The server's drain (wsgate serve --drain-window / --drain-timeout), in ms. */
  drainWindowMs: number;
  drainTimeoutMs: number;
  /** The image runs `wsgate serve`: pass port, path and drain through its WSGATE_* environment. */
  wsgate: boolean;
  /** Seconds a terminating pod keeps serving before SIGTERM, while endpoints are withdrawn. */
  preStopSeconds: number;
  /** Caddy: how long a config reload keeps WebSockets open (`stream_close_delay`). */
  streamCloseDelaySeconds: number;
  /** Caddy version the Caddyfile is for (`stream_close_delay` exists from 2.7). */
  caddyVersion: string;
  /** nginx/HAProxy TLS: certificate (and key) files; when set they listen with TLS. */
  tlsCert?: string;
  tlsKey?: string;
  /** DNS plan: the origin's public address and the CDN target of the site. */
  originIp: string;
  cdnTarget?: string;
}

export const DEFAULTS: DeployOptions = {
  host: 'ws.example.com',
  service: 'ai-service',
  port: 8080,
  namespace: 'default',
  path: DEFAULT_WS_PATH,
  image: 'ghcr.io/example/ai-service:latest',
  replicas: 2,
  tlsIssuer: 'letsencrypt-prod',
  upstream: { host: '127.0.0.1', port: 8080 },
  timeoutSeconds: 3600,
  ingressClass: 'nginx',
  livenessPath: '/healthz',
  readinessPath: '/readyz',
  drainWindowMs: 10_000,
  drainTimeoutMs: 30_000,
  wsgate: false,
  preStopSeconds: 5,
  streamCloseDelaySeconds: 300,
  caddyVersion: '2.7',
  originIp: '203.0.113.10',
};

/** An option value a generator cannot work with; the CLI turns it into a usage error. */
export class DeployOptionError extends Error {
  override readonly name = 'DeployOptionError';
  readonly code = 'DEPLOY_BAD_OPTION';
  constructor(
    readonly option: string,
    message: string,
  ) {
    super(`--${option}: ${message}`);
  }
}

const DNS_NAME = /^(?=.{1,253}$)(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const DNS_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * Fills defaults and checks every value a generator relies on.
 * @example resolveOptions({ host: 'ws.cainsgl.cn' }).service // 'ai-service'
 */
export function resolveOptions(partial: Partial<DeployOptions> = {}): DeployOptions {
  const o: DeployOptions = { ...DEFAULTS };
  for (const [k, v] of Object.entries(partial)) if (v !== undefined) (o as unknown as Record<string, unknown>)[k] = v;
  if (!DNS_NAME.test(o.host)) throw new DeployOptionError('host', `"${o.host}" is not a DNS name`);
  for (const [key, value] of [['service', o.service], ['namespace', o.namespace], ['ingress-class', o.ingressClass]] as const) {
    if (!DNS_LABEL.test(value)) throw new DeployOptionError(key, `"${value}" is not a Kubernetes name (lower-case letters, digits, "-")`);
  }
  if (o.gateway !== undefined && !DNS_NAME.test(o.gateway)) throw new DeployOptionError('gateway', `"${o.gateway}" is not a Kubernetes name`);
  if (!Number.isInteger(o.port) || o.port < 1 || o.port > 65535) throw new DeployOptionError('port', `${o.port} is not a port`);
  if (!Number.isInteger(o.replicas) || o.replicas < 0) throw new DeployOptionError('replicas', `${o.replicas} is not a replica count`);
  if (!o.path.startsWith('/') || /[\s;{}'"#]/.test(o.path)) throw new DeployOptionError('path', `"${o.path}" must start with "/" and hold no spaces, quotes, ";", "{", "}" or "#"`);
  if (!(o.timeoutSeconds >= 1) || !Number.isInteger(o.timeoutSeconds) || o.timeoutSeconds > 99_999 * 3600) throw new DeployOptionError('timeout', 'must be a whole number of seconds from 1s to 99999h');
  if (!/^\S+$/.test(o.image)) throw new DeployOptionError('image', `"${o.image}" is not an image reference`);
  if ((o.tlsCert === undefined) !== (o.tlsKey === undefined)) throw new DeployOptionError(o.tlsCert ? 'tls-key' : 'tls-cert', '--tls-cert and --tls-key go together');
  if (isIP(o.originIp) === 0) throw new DeployOptionError('origin-ip', `"${o.originIp}" is not an IPv4 or IPv6 address`);
  if (o.cdnTarget !== undefined && !DNS_NAME.test(o.cdnTarget)) throw new DeployOptionError('cdn-target', `"${o.cdnTarget}" is not a DNS name`);
  if (!/^\d+(\.\d+)*$/.test(o.caddyVersion)) throw new DeployOptionError('caddy-version', `"${o.caddyVersion}" is not a version like 2.7`);
  return o;
}

/** The domain of the site: `ws.example.com` → `example.com`. */
export function siteDomain(host: string): string {
  const labels = host.split('.');
  return labels.length > 2 ? labels.slice(1).join('.') : host;
}

/** A Kubernetes-safe name derived from a host: `ws.example.com` → `ws-example-com`. */
export function hostSlug(host: string): string {
  return host.replace(/^\*\./, 'wildcard.').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

/** Seconds as the shortest duration string nginx, HAProxy and Gateway API all accept: 3600 → `1h`. */
export function durationText(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}

/**
 * Seconds as a Gateway API Duration (`^([0-9]{1,5}(h|m|s|ms)){1,4}$`, GEP-2257): units
 * combined so no part has more than 5 digits. 5400 → `1h30m`.
 */
export function gatewayDuration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const parts = [h ? `${h}h` : '', m ? `${m}m` : '', s ? `${s}s` : ''].filter(Boolean);
  return parts.length ? parts.join('') : '0s';
}

/** Compares dotted versions: `versionAtLeast('2.6.2', '2.7')` → false. */
export function versionAtLeast(version: string, min: string): boolean {
  const a = version.split('.').map(Number);
  const b = min.split('.').map(Number);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x > y;
  }
  return true;
}
