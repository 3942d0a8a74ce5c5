/**
 * Where on the path the first error sits (docs/doctor.md, the JSON report's `where`):
 * DNS, TCP, TLS, the CDN edge, the proxy/ingress, the server, auth, the app, the idle cut.
 * Derived from the findings; the human verdict line and `report.where` show it.
 */
import type { Finding } from '../findings/index.js';

export type Hop = 'dns' | 'tcp' | 'tls' | 'cdn-edge' | 'proxy' | 'server' | 'auth' | 'app' | 'idle-cut' | 'doctor';

export const HOP_LABEL: Record<Hop, string> = {
  dns: 'DNS',
  tcp: 'the network / firewall (TCP)',
  tls: 'TLS',
  'cdn-edge': 'the CDN edge',
  proxy: 'the proxy / ingress',
  server: 'the server',
  auth: 'auth',
  app: 'the application',
  'idle-cut': 'the idle cut',
  doctor: 'the doctor itself',
};

function hopOf(f: Finding): Hop | null {
  if (f.severity !== 'error') return null;
  const { code, data } = f;
  if (code === 'CDN_PATH_BROKEN') return 'cdn-edge';
  if (code === 'DNS_FAILED') return 'dns';
  if (code.startsWith('TCP_')) return 'tcp';
  if (code.startsWith('TLS_')) return 'tls';
  if (code === 'AUTH_REJECTED') return 'auth';
  if (code === 'CLOSED_AFTER_OPEN' || code === 'NO_PONG') return 'app';
  if (code === 'HEARTBEAT_INSUFFICIENT' || code === 'LIFETIME_LIMIT') return 'idle-cut';
  if (code === 'CHECK_CRASHED') return 'doctor';
  if (code.startsWith('HANDSHAKE_')) {
    // Who answered decides: the CDN's headers, else a proxy's fingerprint, else the server.
    if (data.cdn && (data.answeredBy === data.cdn || data.cause === 'upgrade-not-forwarded')) return 'cdn-edge';
    if (data.proxy) return 'proxy';
    return 'server';
  }
  return null;
}

/** The hop of the most telling error (CDN_PATH_BROKEN first, then path order), or null when none. */
export function locate(findings: readonly Finding[]): { hop: Hop; label: string } | null {
  const order: Hop[] = ['cdn-edge', 'dns', 'tcp', 'tls', 'proxy', 'server', 'auth', 'app', 'idle-cut', 'doctor'];
  const hops = new Set(findings.map(hopOf).filter((h): h is Hop => h !== null));
  if (findings.some((f) => f.code === 'CDN_PATH_BROKEN')) return { hop: 'cdn-edge', label: HOP_LABEL['cdn-edge'] };
  const hop = order.slice(1).find((h) => hops.has(h)) ?? (hops.has('cdn-edge') ? 'cdn-edge' : undefined);
  return hop ? { hop, label: HOP_LABEL[hop] } : null;
}
